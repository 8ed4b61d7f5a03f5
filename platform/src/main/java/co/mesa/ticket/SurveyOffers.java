package co.mesa.ticket;

import co.mesa.sla.BusinessCalendar;
import co.mesa.sla.BusinessCalendars;
import co.mesa.sla.SlaTargets;
import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.ticket.internal.CaseRow;
import co.mesa.ticket.internal.CaseStore;
import co.mesa.ticket.internal.SurveyStore;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Offers the entity's satisfaction survey when its data says so (settings.yaml {@code survey.offeredOn}: the
 * solution, the rejection), in the transaction of the event: the offering, open for {@code answerWithin} business
 * time on the survey's calendar, and the invitation in the outbox (its e-mail carries the single-use link).
 */
@Singleton
class SurveyOffers {

    static final String INVITATION_TOPIC = "surveyInvitation";

    private final SurveyStore surveys;
    private final CaseStore cases;
    private final BusinessCalendars calendars;

    SurveyOffers(SurveyStore surveys, CaseStore cases, BusinessCalendars calendars) {
        this.surveys = surveys;
        this.cases = cases;
        this.calendars = calendars;
    }

    /** The calendar the survey's time runs on: its own, else the auto-close one, else the attention calendar. */
    static String calendarKey(TenantConfig config) {
        TenantConfig.Survey s = config.settings().survey();
        if (s != null && s.calendar() != null) {
            return s.calendar();
        }
        TenantConfig.AutoClose a = config.settings().autoClose();
        return a != null && a.enabled() && a.calendar() != null ? a.calendar() : config.tenant().attentionCalendar();
    }

    /** Offers the survey on this occasion if the entity's data asks for it; the case row is as after the event. */
    void offer(Connection c, TenantContext tenant, CaseRow after, String occasion, @Nullable UUID signedBy, Instant now)
            throws SQLException {
        TenantConfig config = tenant.config();
        TenantConfig.Survey survey = config.settings().survey();
        if (survey == null || !survey.offeredOn(occasion) || survey.answerWithin() == null) {
            return;
        }
        String key = calendarKey(config);
        BusinessCalendar calendar = calendars.find(tenant, key).orElseThrow();
        Duration within = survey.answerWithin().toBusinessTime(SlaTargets.workingDay(config.calendars().find(key).orElseThrow()));
        Instant due = calendar.addBusinessTime(now, within, List.of());
        UUID id = UUID.randomUUID();
        surveys.insert(c, tenant.id(), new SurveyStore.SurveyRow(id, after.id(), occasion, now, due, after.requesterId(),
                signedBy, null, null, "none", null, null, null));
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("version", after.version());
        payload.put("recipients", List.of("requester"));
        payload.put("survey", id.toString());
        payload.put("dueAt", due.toString());
        cases.emit(c, tenant.id(), INVITATION_TOPIC, after.id(), payload,
                after.id() + ":" + after.version() + ":" + INVITATION_TOPIC, now);
    }
}
