package co.mesa.sla;

import java.time.Duration;
import com.github.benmanes.caffeine.cache.Caffeine;
import co.mesa.shared.TenantId;
import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.TenantConfig;
import jakarta.inject.Singleton;

import java.util.Optional;
import java.util.concurrent.ConcurrentMap;

/** The tenants' business calendars, each built once per tenant data revision. */
@Singleton
public class BusinessCalendars {

    private record Key(TenantId tenant, String calendar) {
    }

    private record Entry(long revision, BusinessCalendar calendar) {
    }

    // One entry per tenant calendar (a new revision replaces the old one): built calendars are reused by every SLA computation.
    private final ConcurrentMap<Key, Entry> cache = Caffeine.newBuilder()
            .maximumSize(10_000).expireAfterAccess(Duration.ofHours(1)).<Key, Entry>build().asMap();

    /** The calendar named {@code key} in the tenant's data as the request sees it. */
    public Optional<BusinessCalendar> find(TenantContext tenant, String key) {
        Optional<TenantConfig.Calendar> calendar = tenant.config().calendars().find(key);
        if (calendar.isEmpty()) {
            return Optional.empty();
        }
        Key k = new Key(tenant.id(), key);
        Entry cached = cache.get(k);
        if (cached != null && cached.revision() == tenant.revision()) {
            return Optional.of(cached.calendar());
        }
        // Built from this request's snapshot, whatever is cached: one request sees one version.
        Entry built = new Entry(tenant.revision(), BusinessCalendar.of(calendar.get()));
        // A slow request on an older snapshot must not push out a newer calendar.
        cache.merge(k, built, (old, neu) -> old.revision() > neu.revision() ? old : neu);
        return Optional.of(built.calendar());
    }

    /** The tenant's default calendar: the one it publishes as its attention hours. */
    public BusinessCalendar defaultCalendar(TenantContext tenant) {
        return find(tenant, defaultKey(tenant)).orElseThrow();
    }

    public static String defaultKey(TenantContext tenant) {
        return tenant.config().tenant().attentionCalendar();
    }
}
