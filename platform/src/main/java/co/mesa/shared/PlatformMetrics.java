package co.mesa.shared;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The platform's own meters, tagged by tenant slug (never by anything a client chooses freely, so
 * the number of series stays bounded by the tenants and the workflow's action kinds). Every meter
 * is listed in {@code docs/metrics.md}; decision 0021.
 */
@Singleton
public class PlatformMetrics {

    private final MeterRegistry registry;
    private final Map<String, AtomicLong> gauges = new ConcurrentHashMap<>();

    public PlatformMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The registry, for meters a feature builds itself (gauges over its own state). */
    public MeterRegistry registry() {
        return registry;
    }

    /** A case was filed (any channel). */
    public void caseFiled(String tenant, String origin) {
        counter("mesa.cases.filed", "Cases filed", Tags.of("tenant", tenant, "origin", origin)).increment();
    }

    /** An action was recorded on a case (the workflow's action kind). */
    public void caseAction(String tenant, String kind) {
        counter("mesa.case.actions", "Actions recorded on cases", Tags.of("tenant", tenant, "kind", kind)).increment();
    }

    /** An SLA warning (breached = false) or breach (true) was written to the outbox. */
    public void sla(String tenant, boolean breached) {
        counter(breached ? "mesa.sla.breaches" : "mesa.sla.warnings",
                breached ? "SLA breaches notified" : "SLA warnings notified", Tags.of("tenant", tenant)).increment();
    }

    /** A sign-in did not end in a session (state expired, refused code, token not bound to the host, …). */
    public void signInFailure(String tenant, String reason) {
        counter("mesa.signin.failures", "Sign-ins that failed", Tags.of("tenant", tenant, "reason", reason)).increment();
    }

    /** An onboarding step ended (outcome: done or failed). */
    public void onboardingStep(String step, String outcome) {
        counter("mesa.onboarding.steps", "Onboarding steps run", Tags.of("step", step, "outcome", outcome)).increment();
    }

    /** Sets a gauge (created on first use) to a value; for numbers read periodically from the database. */
    public void gauge(String name, String description, Tags tags, long value) {
        String key = name + tags;
        AtomicLong holder = gauges.computeIfAbsent(key, k -> {
            AtomicLong created = new AtomicLong();
            io.micrometer.core.instrument.Gauge.builder(name, created, AtomicLong::get)
                    .description(description).tags(tags).register(registry);
            return created;
        });
        holder.set(value);
    }

    private Counter counter(String name, String description, Tags tags) {
        return Counter.builder(name).description(description).tags(tags).register(registry);
    }
}
