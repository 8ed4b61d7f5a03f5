package co.mesa.web;

import co.mesa.shared.Themes;
import co.mesa.shared.Languages;
import co.mesa.onboarding.TenantBranding;
import co.mesa.shared.Problem;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantView;
import co.mesa.tenantconfig.I18n;
import co.mesa.tenantconfig.TenantConfig;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.List;
import java.util.Locale;

/** {@code GET /api/v1/tenant}: the entity's public profile on its own host. */
@Controller("/api/v1/tenant")
@Secured(SecurityRule.IS_ANONYMOUS)
@Tag(name = "Tenant")
public class TenantController {

    private final Themes themes;
    private final TenantBranding branding;

    public TenantController(Themes themes, TenantBranding branding) {
        this.themes = themes;
        this.branding = branding;
    }

    @Get
    @Operation(summary = "The entity served on this host",
            description = "Name, languages, time zone, branding, attention hours and channels; labels in the "
                    + "request's language (Accept-Language; es-CO by default).")
    @Parameter(name = "Accept-Language", in = ParameterIn.HEADER, example = "es-CO")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = TenantView.class)))
    @ApiResponse(responseCode = "404", description = "The host is not a tenant's",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public TenantView get(@Parameter(hidden = true) TenantContext tenant, HttpRequest<?> request) {
        List<Locale> lang = Languages.preferred(request);
        TenantConfig.Tenant t = tenant.config().tenant();
        TenantConfig.Calendar cal = tenant.config().calendars().find(t.attentionCalendar()).orElseThrow();
        Themes.Theme theme = themes.theme(t.theme());
        List<String> stylesheets = new ArrayList<>();
        for (int i = theme.chain().size() - 1; i >= 0; i--) {
            String layer = theme.chain().get(i);
            Themes.Theme own = themes.theme(layer);
            if (layer.equals(own.properties().get("source.stylesheet"))) {
                stylesheets.add(own.assetUrl("stylesheet"));
            }
        }
        // An onboarded entity's own logo and colours win over its theme's.
        Optional<TenantBranding.Stored> own = branding.of(tenant);
        Map<String, String> colors = new LinkedHashMap<>(theme.colors());
        own.ifPresent(b -> colors.putAll(b.colors()));
        String logo = own.flatMap(TenantBranding.Stored::logoUrl).orElse(theme.assetUrl("logo"));
        return new TenantView(t.slug(), t.name().resolve(lang), I18n.resolve(t.shortName(), lang), t.locale(), t.languages(),
                t.timeZone(),
                new TenantView.Branding(theme.name(), colors, logo, stylesheets),
                new TenantView.AttentionHours(cal.key(), cal.name().resolve(lang), cal.timeZone(),
                        cal.hours().stream().map(w -> new TenantView.WindowView(
                                w.days().stream().map(Enum::name).toList(), w.from().toString(), w.to())).toList(),
                        cal.holidays(), cal.extraClosedDays().stream().map(Object::toString).toList()),
                I18n.resolve(t.portalAvailability(), lang),
                t.channels().stream().map(ch -> new TenantView.ChannelView(ch.key(), ch.name().resolve(lang),
                        I18n.resolve(ch.contact(), lang))).toList());
    }
}
