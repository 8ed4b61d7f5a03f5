package co.mesa.onboarding;

import co.mesa.onboarding.internal.OnboardingStore;
import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.TenantContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The branding an operator's bundle brought (logo, colours), over the tenant's theme. */
@Singleton
public class TenantBranding {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TenantTransactions tx;
    private final OnboardingStore store;

    public TenantBranding(TenantTransactions tx, OnboardingStore store) {
        this.tx = tx;
        this.store = store;
    }

    /** Stored branding: colours by token name (primary, accent, …) and the logo's URL if one was brought. */
    public record Stored(Map<String, String> colors, Optional<String> logoUrl) {
    }

    /**
     * A tenant administrator's branding: colours by token name, hex only ({@code #rgb} or
     * {@code #rrggbb}); a new logo (SVG or PNG bytes with its media type), or null to keep the stored one
     * — or, with {@code dropLogo}, to drop it so the theme's logo shows again.
     * Callers check contrast first; this refuses anything that is not a hex colour or a known logo type.
     */
    public void save(TenantContext tenant, Map<String, String> colors, byte[] logo, String logoMediaType,
                     boolean dropLogo) {
        save(tenant, colors, logo, logoMediaType, dropLogo, null);
    }

    /** The stored branding's version, for the admin page's form to carry ("0": nothing stored yet). */
    public String version(TenantContext tenant) {
        return tx.read(tenant.id(), c -> store.brandingVersion(c, tenant.id(), false));
    }

    /**
     * A conditional save (issue 21): {@code expected} is the version the administrator's form was read at
     * (null: unconditional). When another save came in between, nothing is written and a 412 problem says
     * when and what the branding is now.
     */
    public void save(TenantContext tenant, Map<String, String> colors, byte[] logo, String logoMediaType,
                     boolean dropLogo, @io.micronaut.core.annotation.Nullable String expected) {
        colors.forEach((k, v) -> {
            if (!k.matches("[a-z][a-z0-9-]{0,40}") || !v.matches("#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3}")) {
                throw new IllegalArgumentException("not a hex colour token: " + k + "=" + v);
            }
        });
        if (logo != null && !"image/svg+xml".equals(logoMediaType) && !"image/png".equals(logoMediaType)) {
            throw new IllegalArgumentException("logo must be SVG or PNG, not " + logoMediaType);
        }
        String json;
        try {
            json = JSON.writeValueAsString(new java.util.TreeMap<>(colors));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        tx.write(tenant.id(), c -> {
            String version = store.brandingVersion(c, tenant.id(), true);
            Optional<OnboardingStore.Branding> current = store.branding(c);
            if (expected != null && !expected.equals(version)) {
                Map<String, Object> change = new LinkedHashMap<>();
                change.put("version", version);
                change.put("changedBy", "?");
                change.put("changedAt", java.time.Instant.EPOCH.plus(Long.parseLong(version), java.time.temporal.ChronoUnit.MICROS).toString());
                change.put("changes", java.util.List.of("colors: " + current.map(OnboardingStore.Branding::colorsJson).orElse("{}"),
                        "logo: " + current.map(b -> b.logo() == null ? "-" : b.logoMediaType()).orElse("-")));
                throw new co.mesa.shared.ProblemException(io.micronaut.http.HttpStatus.PRECONDITION_FAILED,
                        "tenant-data.stale", "problem.tenant-data.stale.title", "problem.tenant-data.stale.detail",
                        expected, version).withChangesSince(java.util.List.of(change));
            }
            byte[] keptLogo = logo != null ? logo
                    : dropLogo ? null : current.map(OnboardingStore.Branding::logo).orElse(null);
            String keptType = logo != null ? logoMediaType
                    : dropLogo ? null : current.map(OnboardingStore.Branding::logoMediaType).orElse(null);
            store.upsertBranding(c, tenant.id(), keptLogo, keptType, json);
            return null;
        });
    }

    /** A stored logo: its bytes and media type. */
    public record Logo(byte[] bytes, String mediaType) {
    }

    /**
     * The logo an operator or administrator stored for the entity, if any (else its theme's shows), read in
     * the caller's transaction bound to that entity.
     */
    public Optional<Logo> logo(java.sql.Connection c) throws java.sql.SQLException {
        return store.branding(c).filter(b -> b.logo() != null).map(b -> new Logo(b.logo(), b.logoMediaType()));
    }

    @SuppressWarnings("unchecked")
    public Optional<Stored> of(TenantContext tenant) {
        return tx.read(tenant.id(), store::branding).map(b -> {
            Map<String, String> colors = new LinkedHashMap<>();
            try {
                if (b.colorsJson() != null) {
                    JSON.readValue(b.colorsJson(), Map.class).forEach((k, v) -> colors.put(String.valueOf(k), String.valueOf(v)));
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("stored colours are not JSON", e);
            }
            return new Stored(colors, b.logo() == null ? Optional.empty()
                    : Optional.of("/assets/tenant/" + tenant.slug() + "/logo"));
        });
    }
}
