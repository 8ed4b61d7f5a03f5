package co.mesa.web;

import co.mesa.shared.Themes;
import co.mesa.onboarding.TenantBranding;
import co.mesa.tenant.TenantContext;
import co.mesa.ticket.CaseRecordPdf;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The logo an entity shows, as bytes, for documents the platform produces (the case record's PDF):
 * the one its operator or administrator stored, else its theme's — the same chain as the pages' header.
 */
@Singleton
public class TenantLogos implements CaseRecordPdf.LogoSource {

    private final TenantBranding branding;
    private final Themes themes;

    public TenantLogos(TenantBranding branding, Themes themes) {
        this.branding = branding;
        this.themes = themes;
    }

    @Override
    @Nullable
    public CaseRecordPdf.Logo of(Connection c, TenantContext tenant) throws SQLException {
        return branding.logo(c).map(l -> new CaseRecordPdf.Logo(l.bytes(), l.mediaType()))
                .or(() -> {
                    Themes.Theme theme = themes.theme(tenant.config().tenant().theme());
                    String file = theme.properties().getOrDefault("logo", "");
                    String type = file.endsWith(".svg") ? "image/svg+xml" : file.endsWith(".png") ? "image/png"
                            : file.endsWith(".jpg") || file.endsWith(".jpeg") ? "image/jpeg" : null;
                    return type == null ? java.util.Optional.empty()
                            : theme.asset("logo").map(b -> new CaseRecordPdf.Logo(b, type));
                })
                .orElse(null);
    }
}
