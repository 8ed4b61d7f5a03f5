package co.mesa.sla;

import co.mesa.shared.CaseFacts;
import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.I18n;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A case's SLA on its tenant's current data: the policy that applies to the case's facts, its
 * calendar, and {@link SlaClock} over the case's history and the entity's suspension periods.
 */
@Singleton
public class CaseSla {

    /** What the SLA is computed from. */
    public record Input(CaseFacts facts, Instant created, List<SlaClock.Mark> marks, @Nullable Instant firstResponse,
                        @Nullable Instant resolved) {
    }

    /** The applicable policy and the computed clock; {@code note} explains a target that is not measured. */
    public record Outcome(String policy, I18n policyName, String calendar, @Nullable I18n note, SlaClock.Result result,
                          @Nullable Integer responseDays, @Nullable Integer resolutionDays) {

        public Outcome(String policy, I18n policyName, String calendar, @Nullable I18n note, SlaClock.Result result) {
            this(policy, policyName, calendar, note, result, null, null);
        }
    }

    private final SlaTargets targets;
    private final BusinessCalendars calendars;

    public CaseSla(SlaTargets targets, BusinessCalendars calendars) {
        this.targets = targets;
        this.calendars = calendars;
    }

    /** Empty when no policy applies to the case. Reads the suspension periods in the caller's transaction. */
    public Optional<Outcome> compute(Connection c, TenantContext tenant, Input in, Instant now) throws SQLException {
        return compute(tenant, in, suspensions(c), now);
    }

    /** The same with the suspension periods already read ({@link #suspensions}): one read per create or batch. */
    public Optional<Outcome> compute(TenantContext tenant, Input in, List<SlaClock.Span> suspensions, Instant now) {
        Optional<SlaTargets.Targets> t = targets.targetsFor(tenant.config(), in.facts());
        if (t.isEmpty()) {
            return Optional.empty();
        }
        BusinessCalendar calendar = calendars.find(tenant, t.get().calendar()).orElseThrow();
        SlaClock.Result result = SlaClock.compute(calendar, in.created(), in.marks(), suspensions,
                t.get().response(), t.get().resolution(), in.firstResponse(), in.resolved(),
                tenant.config().sla().warningPercent(), now);
        I18n name = tenant.config().sla().policies().stream().filter(p -> p.key().equals(t.get().policy()))
                .map(p -> p.name()).findFirst().orElse(I18n.of(t.get().policy()));
        return Optional.of(new Outcome(t.get().policy(), name, t.get().calendar(), t.get().note(), result,
                t.get().responseDays(), t.get().resolutionDays()));
    }

    /** The entity's suspension periods (an open one has no end), oldest first. */
    public static List<SlaClock.Span> suspensions(Connection c) throws SQLException {
        List<SlaClock.Span> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT started_at, ended_at FROM tenant_suspension ORDER BY started_at")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp end = rs.getTimestamp(2);
                    out.add(new SlaClock.Span(rs.getTimestamp(1).toInstant(), end == null ? null : end.toInstant(),
                            false, "suspension"));
                }
            }
        }
        return out;
    }

    /** Business time as ISO-8601 hours and minutes (PT2H30M), for the API. */
    public static String iso(@Nullable Duration d) {
        return d == null ? null : d.toString();
    }
}
