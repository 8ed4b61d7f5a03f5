package co.mesa.sla;

import co.mesa.shared.CaseFacts;
import co.mesa.tenantconfig.BusinessDuration;
import co.mesa.tenantconfig.I18n;
import co.mesa.tenantconfig.TenantConfig;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Optional;

/**
 * Chooses the SLA policy for a case (first policy in order whose condition matches) and states
 * its targets as business time on the policy's calendar. Business-day targets become days × the
 * calendar's working-day length (docs/decisions/0003-business-day-targets.md).
 */
@Singleton
public class SlaTargets {

    /** A policy's targets for one priority; null durations mean "not measured" or "depends". */
    public record Targets(String policy, String calendar, @Nullable Duration response, @Nullable Duration resolution,
                          @Nullable I18n note, @Nullable Integer responseDays, @Nullable Integer resolutionDays) {

        /** Targets stated in hours only. */
        public Targets(String policy, String calendar, @Nullable Duration response, @Nullable Duration resolution,
                       @Nullable I18n note) {
            this(policy, calendar, response, resolution, note, null, null);
        }
    }

    public Optional<TenantConfig.SlaPolicy> policyFor(TenantConfig config, CaseFacts facts) {
        return config.sla().policies().stream()
                .filter(p -> facts.matches(p.appliesTo(), config.sites()))
                .findFirst();
    }

    public Optional<Targets> targetsFor(TenantConfig config, CaseFacts facts) {
        return policyFor(config, facts).flatMap(policy -> policy.targetFor(facts.priority()).map(target -> {
            Duration day = workingDay(config.calendars().find(policy.calendar()).orElseThrow());
            return new Targets(policy.key(), policy.calendar(), businessTime(target.response(), day),
                    businessTime(target.resolution(), day), target.note(), days(target.response()),
                    days(target.resolution()));
        }));
    }

    /** The length of the calendar's longest working day (all its days are equal where business days are used). */
    public static Duration workingDay(TenantConfig.Calendar calendar) {
        return calendar.openTimePerDay().values().stream().max(Duration::compareTo).orElse(Duration.ZERO);
    }

    /** The whole business days a target was stated in (it reads "15 días hábiles"); null when stated in hours. */
    @Nullable
    private static Integer days(@Nullable BusinessDuration target) {
        return target == null ? null : target.businessDays();
    }

    private static Duration businessTime(BusinessDuration target, Duration workingDay) {
        return target == null ? null : target.toBusinessTime(workingDay);
    }
}
