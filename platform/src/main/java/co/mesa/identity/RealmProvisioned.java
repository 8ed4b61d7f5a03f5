package co.mesa.identity;

import co.mesa.tenantconfig.TenantConfig;

/** Published after a realm was provisioned; {@code tenant} is null for the platform realm. */
public record RealmProvisioned(String realm, TenantConfig tenant) {
}
