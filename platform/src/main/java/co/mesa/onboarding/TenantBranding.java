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
