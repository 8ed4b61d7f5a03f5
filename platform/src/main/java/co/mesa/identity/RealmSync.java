package co.mesa.identity;

import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps Keycloak in step with the tenant registry: after start-up (once the tenant folders are
 * imported) and whenever a tenant's revision moves, it provisions that tenant's realm, and the
 * platform realm once. Keycloak being down never stops the platform: it warns and retries.
 */
@Singleton
@Requires(notEnv = "migrate-only")
@Requires(property = "mesa.identity.realm-sync.enabled", notEquals = "false")
public class RealmSync {

    private static final Logger LOG = LoggerFactory.getLogger(RealmSync.class);

    private final TenantRegistry registry;
    private final RealmProvisioner provisioner;
    private final PlatformRealm platformRealm;
    private final ApplicationEventPublisher<RealmProvisioned> events;
    private final TaskScheduler scheduler;
    private final Duration interval;
    private final co.mesa.shared.JobLeases leases;
    /** slug → revision last provisioned. */
    private final Map<String, Long> provisioned = new ConcurrentHashMap<>();
    private volatile boolean platformDone;
    private volatile boolean failing;
    private volatile boolean started;

    public RealmSync(TenantRegistry registry, RealmProvisioner provisioner, PlatformRealm platformRealm,
                     ApplicationEventPublisher<RealmProvisioned> events,
                     @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler,
                     @Value("${mesa.identity.realm-sync.interval:15s}") Duration interval,
                     co.mesa.shared.JobLeases leases) {
        this.leases = leases;
        this.registry = registry;
        this.provisioner = provisioner;
        this.platformRealm = platformRealm;
        this.events = events;
        this.scheduler = scheduler;
        this.interval = interval;
    }

    @EventListener
    void onServerStartup(ServerStartupEvent event) {
        provisioner.addDevPort(event.getSource().getPort());
        started = true;
        // Off the start-up thread: a slow or absent Keycloak must not delay the server.
        scheduler.schedule(Duration.ZERO, this::syncOnce);
    }

    /**
     * The scheduled sync: one replica at a time provisions (decision 0021); another replica skips the
     * round and finds the realms in step (provisioning is idempotent) on a later one.
     */
    void syncOnce() {
        leases.once("realm-sync", LEASE, () -> {
            sync();
        });
    }

    /** Above a slow Keycloak's worst round (several realms, each with its clients, roles and theme). */
    static final Duration LEASE = Duration.ofMinutes(10);

    @Scheduled(fixedDelay = "${mesa.identity.realm-sync.interval:15s}",
            initialDelay = "${mesa.identity.realm-sync.interval:15s}")
    void poll() {
        if (started) {
            syncOnce();
        }
    }

    /** Provisions what is not yet in step; returns whether everything is. */
    public synchronized boolean sync() {
        boolean ok = true;
        if (!platformDone) {
            ok = attempt(platformRealm.realm(), () -> {
                platformRealm.provision();
                platformDone = true;
                events.publishEvent(new RealmProvisioned(platformRealm.realm(), null));
            });
        }
        for (TenantContext tenant : registry.all()) {
            Long done = provisioned.get(tenant.slug());
            if (done != null && done == tenant.revision()) {
                continue;
            }
            try (org.slf4j.MDC.MDCCloseable ignored = org.slf4j.MDC.putCloseable("tenant", tenant.slug())) {
                ok &= attempt(tenant.config().tenant().realm(), () -> {
                    provisioner.provision(tenant.config());
                    provisioned.put(tenant.slug(), tenant.revision());
                    events.publishEvent(new RealmProvisioned(tenant.config().tenant().realm(), tenant.config()));
                });
            }
        }
        if (ok && failing) {
            LOG.info("Keycloak at {} answers again: realms are in step", provisioner.admin().url());
        }
        failing = !ok;
        return ok;
    }

    private boolean attempt(String realm, Runnable work) {
        try {
            work.run();
            return true;
        } catch (RuntimeException e) {
            provisioner.admin().reset();
            if (!failing) {
                LOG.warn("Could not provision Keycloak realm {} at {} ({}); the platform keeps running and retries "
                        + "every {}", realm, provisioner.admin().url(), describe(e), interval, e);
            } else {
                LOG.debug("Realm {} still not provisioned: {}", realm, describe(e));
            }
            return false;
        }
    }

    private static String describe(Throwable e) {
        StringBuilder s = new StringBuilder();
        for (Throwable t = e; t != null && s.length() < 400; t = t.getCause() == t ? null : t.getCause()) {
            if (!s.isEmpty()) {
                s.append(" <- ");
            }
            s.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
        }
        return s.toString();
    }
}
