package co.mesa.ticket;

import co.mesa.sla.BusinessCalendar;
import co.mesa.sla.BusinessCalendars;
import co.mesa.sla.SlaTargets;
import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.workflow.WorkflowEngine;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * When a solved case closes by itself (the tenant's {@code autoClose}: business time on its
 * calendar since the solution, in a state with an {@code autoClose} transition). The one
 * computation behind the sweep that closes cases, the case pages' "se cerrará solo el …" and the
 * queue's countdown (issue 20).
 */
@Singleton
public class AutoCloseTime {

    private final BusinessCalendars calendars;

    public AutoCloseTime(BusinessCalendars calendars) {
        this.calendars = calendars;
    }

    /** The tenant's rule, resolved once for a page or a sweep; empty when cases do not close by themselves. */
    public record Rule(List<String> waitingStates, BusinessCalendar calendar, Duration after) {

        /** When a case in {@code state}, solved at {@code resolvedAt}, closes by itself; empty if it does not. */
        public Optional<Instant> at(@Nullable String state, @Nullable Instant resolvedAt, @Nullable Instant closedAt) {
            if (state == null || resolvedAt == null || closedAt != null || !waitingStates.contains(state)) {
                return Optional.empty();
            }
            return Optional.of(calendar.addBusinessTime(resolvedAt, after, List.of()));
        }
    }

    public Optional<Rule> rule(TenantContext tenant) {
        return rule(tenant, key -> calendars.find(tenant, key));
    }

    static Optional<Rule> rule(TenantContext tenant, Function<String, Optional<BusinessCalendar>> calendars) {
        TenantConfig.AutoClose rule = tenant.config().settings().autoClose();
        if (rule == null || !rule.enabled() || rule.after() == null) {
            return Optional.empty();
        }
        WorkflowEngine engine = WorkflowEngine.of(tenant.config());
        List<String> waiting = tenant.config().workflow().states().stream()
                .filter(s -> engine.on(new WorkflowEngine.Position(s.key(), null), "autoClose").isPresent())
                .map(TenantConfig.State::key).toList();
        if (waiting.isEmpty()) {
            return Optional.empty();
        }
        String calendarKey = rule.calendar() != null ? rule.calendar() : tenant.config().tenant().attentionCalendar();
        BusinessCalendar calendar = calendars.apply(calendarKey).orElseThrow();
        Duration after = rule.after().toBusinessTime(SlaTargets.workingDay(
                tenant.config().calendars().find(calendarKey).orElseThrow()));
        return Optional.of(new Rule(waiting, calendar, after));
    }

    /** When this case closes by itself; empty if it does not. */
    public Optional<Instant> at(TenantContext tenant, @Nullable String state, @Nullable Instant resolvedAt,
                                @Nullable Instant closedAt) {
        if (resolvedAt == null || closedAt != null) {
            return Optional.empty();
        }
        return rule(tenant).flatMap(r -> r.at(state, resolvedAt, closedAt));
    }
}
