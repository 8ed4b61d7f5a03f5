package co.mesa.ticket;

import co.mesa.identity.PeopleService;
import co.mesa.shared.ProblemException;
import co.mesa.shared.ProblemException.ParamError;
import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.TenantContext;
import co.mesa.ticket.CaseRecorder.Happening;
import co.mesa.ticket.internal.CaseRow;
import co.mesa.ticket.internal.CaseStore;
import co.mesa.ticket.internal.SurveyStore;
import co.mesa.ticket.internal.SurveyStore.SurveyRow;
import co.mesa.workflow.WorkflowEngine;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The review list (Función Pública 004 act. 6): answers that report a problem ("novedad") wait for the agent who
 * signed the solution or rejection and the supervisors working the case, who extend the solution (the case reopens,
 * back to the signer), ask the user for a new case, or close with a note. What each outcome does to the case is the
 * entity's workflow ({@code reviewReopened}, {@code reviewClosed}).
 */
@Singleton
public class SurveyReviews {

    /** The three outcomes of a review. */
    public enum Outcome {
        REOPEN("reopened", "reviewReopened"), NEW_CASE("new-case", "reviewClosed"), CLOSE("closed", "reviewClosed");

        private final String stored;
        private final String event;

        Outcome(String stored, String event) {
            this.stored = stored;
            this.event = event;
        }

        public String stored() {
            return stored;
        }

        public static java.util.Optional<Outcome> of(@Nullable String key) {
            return java.util.Arrays.stream(values()).filter(o -> o.stored.equals(key)).findFirst();
        }
    }

    private static final int LIMIT = 200;

    private final TenantTransactions tx;
    private final CaseStore store;
    private final SurveyStore surveys;
    private final CaseSurveys views;
    private final CaseRecorder recorder;
    private final CaseSlaWork slaWork;
    private final PeopleService people;
    private final Clock clock;

    SurveyReviews(TenantTransactions tx, CaseStore store, SurveyStore surveys, CaseSurveys views, CaseRecorder recorder,
                  CaseSlaWork slaWork, PeopleService people, Clock clock) {
        this.tx = tx;
        this.store = store;
        this.surveys = surveys;
        this.views = views;
        this.recorder = recorder;
        this.slaWork = slaWork;
        this.people = people;
        this.clock = clock;
    }

    /** The novedades waiting for this caller's review, oldest answer first. */
    public List<SurveyView.Review> pending(TenantContext tenant, Authentication auth, List<Locale> languages) {
        Instant now = clock.instant();
        // A write: the directory records a person on first sight.
        return tx.write(tenant.id(), c -> {
            Caller caller = Caller.of(people.caller(c, tenant, auth), auth.getName(), tenant.config());
            List<SurveyView.Review> out = new ArrayList<>();
            if (!caller.agent()) {
                return out;
            }
            WorkflowEngine engine = WorkflowEngine.of(tenant.config());
            for (SurveyRow s : surveys.pendingReviews(c, LIMIT)) {
                CaseRow row = store.find(c, s.caseId(), false).orElse(null);
                if (row == null || !CaseSurveys.mayReview(caller, row, s)) {
                    continue;
                }
                SurveyView v = views.view(c, tenant, row, s, false, languages, now);
                out.add(new SurveyView.Review(v.id(), v.caseId(), v.caseCode(), v.caseTitle(),
                        engine.stateOf(row.state()).name().resolve(languages), s.occasion(), s.answeredAt(), v.questions()));
            }
            return out;
        });
    }

    /** One novedad, for its reviewers; 404 for anybody else or when it is not pending. */
    public SurveyView.Review one(TenantContext tenant, Authentication auth, UUID surveyId, List<Locale> languages) {
        return pending(tenant, auth, languages).stream().filter(r -> r.surveyId().equals(surveyId.toString())).findFirst()
                .orElseThrow(SurveyReviews::notFound);
    }

    /** Ends a review with its outcome and note; the case moves as the entity's workflow says for that outcome. */
    public SurveyView.Review decide(TenantContext tenant, Authentication auth, UUID surveyId, @Nullable String outcomeKey,
                                    @Nullable String note, List<Locale> languages) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<ParamError> errors = new ArrayList<>();
        Outcome outcome = Outcome.of(outcomeKey).orElse(null);
        if (outcome == null) {
            errors.add(new ParamError("outcome", "survey.param.outcome"));
        }
        String text = note == null || note.isBlank() ? null : note.strip();
        if (text == null) {
            errors.add(new ParamError("note", "case.param.required"));
        } else {
            CaseService.controls("note", text, errors);
        }
        if (!errors.isEmpty()) {
            throw CaseProblems.invalid(errors);
        }
        return tx.write(tenant.id(), c -> {
            Caller caller = Caller.of(people.caller(c, tenant, auth), auth.getName(), tenant.config());
            SurveyRow s = surveys.find(c, surveyId, true).orElseThrow(SurveyReviews::notFound);
            CaseRow row = store.find(c, s.caseId(), true).orElseThrow(SurveyReviews::notFound);
            if (!"pending".equals(s.review()) || !CaseSurveys.mayReview(caller, row, s)) {
                throw notFound();
            }
            WorkflowEngine engine = WorkflowEngine.of(tenant.config());
            WorkflowEngine.Position at = new WorkflowEngine.Position(row.state(), row.substate());
            if (outcome == Outcome.REOPEN && engine.on(at, outcome.event).isEmpty()) {
                // E.g. the user already marked the solution incorrect and the case is being worked again.
                throw new ProblemException(HttpStatus.CONFLICT, "survey.review-not-here", "problem.case.action-not-allowed.title",
                        "problem.survey.reopen-not-here.detail", engine.stateOf(row.state()).name().resolve(languages));
            }
            surveys.review(c, s.id(), outcome.stored(), caller.personId(), text, now);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("survey", s.id().toString());
            data.put("outcome", outcome.stored());
            CaseRow after = recorder.record(c, tenant, row, row, new CaseActor(caller.personId(), "agent"),
                    new Happening("novedadReviewed", outcome.event, true, text, Map.of(), data), now);
            if (outcome == Outcome.REOPEN && s.signedBy() != null) {
                // Back to the agent who signed the solution or the rejection.
                after = after.withAssignment(after.assignedGroup(), s.signedBy());
            }
            store.update(c, after, row.version(),
                    slaWork.refresh(c, tenant, after, row.closedAt() == null && after.closedAt() != null, now));
            SurveyView v = views.view(c, tenant, after, surveys.find(c, s.id(), false).orElseThrow(), false, languages, now);
            return new SurveyView.Review(v.id(), v.caseId(), v.caseCode(), v.caseTitle(),
                    engine.stateOf(after.state()).name().resolve(languages), s.occasion(), s.answeredAt(), v.questions());
        });
    }

    static ProblemException notFound() {
        return new ProblemException(HttpStatus.NOT_FOUND, "survey.review-not-found", "problem.not-found.title",
                "problem.survey.review-not-found.detail");
    }
}
