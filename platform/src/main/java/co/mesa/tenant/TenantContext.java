package co.mesa.tenant;

import co.mesa.shared.TenantId;
import co.mesa.tenantconfig.TenantConfig;

import java.time.ZoneId;

/**
 * The tenant a request or job works for, resolved once at the edge and passed explicitly from
 * then on; it carries an immutable snapshot of the tenant's data, so one request sees one version.
 */
public record TenantContext(TenantId id, String slug, long revision, TenantConfig config) {

    public ZoneId zone() {
        return ZoneId.of(config.tenant().timeZone());
    }
}
