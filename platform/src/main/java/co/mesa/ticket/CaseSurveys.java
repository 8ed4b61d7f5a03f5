package co.mesa.ticket;

import co.mesa.identity.PeopleService;
import co.mesa.identity.Roles;
import co.mesa.shared.Messages;
import co.mesa.shared.ProblemException;
import co.mesa.shared.ProblemException.ParamError;
import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.I18n;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.ticket.CaseRecorder.Happening;
import co.mesa.ticket.internal.CaseRow;
import co.mesa.ticket.internal.CaseStore;
import co.mesa.ticket.internal.SurveyStore;
import co.mesa.ticket.internal.SurveyStore.SurveyRow;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Answering a case's satisfaction survey (signed in, or from the e-mail's single-use link without signing in) and
 * reading it: the requester answers; the case's agents and supervisors read the answers; nobody else does. An answer
 * is an event on the case ({@code surveyAnswered}: where the entity's workflow closes "Abierto por Encuesta"); an
 * answer the entity's data marks as a problem ({@code reviewOn}) puts the case in the review list.
 */
@Singleton
public class CaseSurveys {

    /** What an e-mail link leads to. */
    public enum LinkState { OPEN, USED, EXPIRED, UNKNOWN }

    /** The survey behind a link, when the link is still good. */
    public record Link(LinkState state, @Nullable SurveyView survey) {
    }

    static final int MAX_TEXT = 2000;
    private static final Pattern TOKEN = Pattern.compile("^[A-Za-z0-9_-]{43}$");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final TenantTransactions tx;
    private final CaseStore store;
    private final SurveyStore surveys;
    private final CaseRecorder recorder;
    private final CaseSlaWork slaWork;
    private final PeopleService people;
    private final Messages messages;
    private final Clock clock;

    CaseSurveys(TenantTransactions tx, CaseStore store, SurveyStore surveys, CaseRecorder recorder, CaseSlaWork slaWork,
                PeopleService people, Messages messages, Clock clock) {
        this.tx = tx;
        this.store = store;
        this.surveys = surveys;
        this.recorder = recorder;
        this.slaWork = slaWork;
        this.people = people;
        this.messages = messages;
        this.clock = clock;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** The case's latest survey for its requester or its agents and supervisors; empty when none was offered. */
    public Optional<SurveyView> forCase(TenantContext tenant, Authentication auth, UUID caseId, List<Locale> languages) {
        Instant now = now();
        // A write: the directory records a person on first sight.
        return tx.write(tenant.id(), c -> {
            Caller caller = Caller.of(people.caller(c, tenant, auth), auth.getName(), tenant.config());
            CaseRow row = store.find(c, caseId, false).filter(r -> CaseService.maySee(caller, r))
                    .orElseThrow(CaseProblems::notFound);
            if (!mayRead(caller, row)) {
                throw CaseProblems.forbidden("problem.survey.not-yours.detail");
            }
            Optional<SurveyRow> s = surveys.latest(c, caseId, false);
            return s.isEmpty() ? Optional.empty() : Optional.of(view(c, tenant, row, s.get(),
                    CaseViews.isRequester(caller, row) && s.get().open(now), languages, now));
        });
    }

    /** The requester answers the case's open survey (portal or API). */
    public SurveyView answer(TenantContext tenant, Authentication auth, UUID caseId, Map<String, String> answers,
                             List<Locale> languages) {
        Instant now = now();
        return tx.write(tenant.id(), c -> {
            Caller caller = Caller.of(people.caller(c, tenant, auth), auth.getName(), tenant.config());
            CaseRow row = store.find(c, caseId, true).filter(r -> CaseService.maySee(caller, r))
                    .orElseThrow(CaseProblems::notFound);
            if (!CaseViews.isRequester(caller, row)) {
                throw CaseProblems.forbidden("problem.survey.requester-only.detail");
            }
            SurveyRow s = surveys.latest(c, caseId, true).orElseThrow(CaseSurveys::noSurvey);
            return record(c, tenant, row, s, answers, "portal", caller.personId(), languages, now);
        });
    }

    /** What an e-mail link opens: the case's survey while the link is good; never anything else of the case. */
    public Link byLink(TenantContext tenant, String token, List<Locale> languages) {
        Instant now = now();
        Optional<byte[]> hash = hash(token);
        if (hash.isEmpty()) {
            return new Link(LinkState.UNKNOWN, null);
        }
        return tx.read(tenant.id(), c -> {
            Optional<SurveyRow> s = surveys.byTokenHash(c, hash.get(), false);
            if (s.isEmpty()) {
                return new Link(LinkState.UNKNOWN, null);
            }
            LinkState state = s.get().answered() ? LinkState.USED : s.get().open(now) ? LinkState.OPEN : LinkState.EXPIRED;
            if (state != LinkState.OPEN) {
                return new Link(state, null);
            }
            CaseRow row = store.find(c, s.get().caseId(), false).orElseThrow();
            return new Link(state, view(c, tenant, row, s.get(), true, languages, now));
        });
    }

    /** Answers through an e-mail link; the link is used up. A used, expired or unknown link: 410 or 404. */
    public SurveyView answerByLink(TenantContext tenant, String token, Map<String, String> answers, List<Locale> languages) {
        Instant now = now();
        byte[] hash = hash(token).orElseThrow(CaseSurveys::unknownLink);
        return tx.write(tenant.id(), c -> {
            SurveyRow s = surveys.byTokenHash(c, hash, true).orElseThrow(CaseSurveys::unknownLink);
            if (s.answered()) {
                throw new ProblemException(HttpStatus.GONE, "survey.link-used", "problem.survey.link-used.title",
                        "problem.survey.link-used.detail");
            }
            if (!s.open(now)) {
                throw new ProblemException(HttpStatus.GONE, "survey.link-expired", "problem.survey.link-expired.title",
                        "problem.survey.link-expired.detail");
            }
            CaseRow row = store.find(c, s.caseId(), true).orElseThrow(CaseSurveys::unknownLink);
            return record(c, tenant, row, s, answers, "email", s.requesterId(), languages, now);
        });
    }

    /**
     * A new single-use token for the survey's e-mail link, of 256 random bits; only its SHA-256 is stored, and it
     * replaces the previous one. In the caller's transaction (the mail being sent).
     */
    public String issueLink(Connection c, UUID surveyId) throws SQLException {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        surveys.setTokenHash(c, surveyId, hash(token).orElseThrow());
        return token;
    }

    /** The invitation's subject and text in the tenant's language, for the e-mail. */
    public static Map<String, String> invitation(TenantConfig config, Locale locale) {
        TenantConfig.Survey s = config.settings().survey();
        Map<String, String> out = new LinkedHashMap<>();
        if (s != null && s.invitation() != null) {
            out.put("subject", s.invitation().subject().resolve(locale));
            out.put("text", s.invitation().text().resolve(locale));
        }
        return out;
    }

    // ---- inside ---------------------------------------------------------------------------------

    private SurveyView record(Connection c, TenantContext tenant, CaseRow row, SurveyRow s, Map<String, String> given,
                              String via, UUID by, List<Locale> languages, Instant now) throws SQLException {
        if (s.answered()) {
            throw new ProblemException(HttpStatus.CONFLICT, "survey.answered", "problem.survey.closed.title",
                    "problem.survey.answered.detail");
        }
        if (!s.open(now)) {
            throw new ProblemException(HttpStatus.CONFLICT, "survey.closed", "problem.survey.closed.title",
                    "problem.survey.closed.detail");
        }
        TenantConfig.Survey survey = tenant.config().settings().survey();
        if (survey == null || survey.questions().isEmpty()) {
            // The entity switched its survey off since it was offered.
            throw new ProblemException(HttpStatus.CONFLICT, "survey.closed", "problem.survey.closed.title",
                    "problem.survey.closed.detail");
        }
        Map<String, String> answers = validate(survey, given);
        boolean review = survey.questions().stream()
                .anyMatch(q -> answers.containsKey(q.key()) && q.reviewOn().contains(answers.get(q.key())));
        surveys.answer(c, tenant.id(), s, answers, via, review, now);
        surveys.markRated(c, row.id());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("survey", s.id().toString());
        data.put("via", via);
        data.put("review", review);
        CaseRow after = recorder.record(c, tenant, row, row, new CaseActor(by, "requester"),
                new Happening("surveyAnswered", "surveyAnswered", true, null, Map.of(), data), now);
        store.update(c, after, row.version(),
                slaWork.refresh(c, tenant, after, row.closedAt() == null && after.closedAt() != null, now));
        return view(c, tenant, after, surveys.find(c, s.id(), false).orElseThrow(), false, languages, now);
    }

    /** The answers kept: known questions only, each a value its type takes, required ones present. */
    static Map<String, String> validate(TenantConfig.Survey survey, Map<String, String> given) {
        List<ParamError> errors = new ArrayList<>();
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : given.keySet()) {
            if (survey.questions().stream().noneMatch(q -> q.key().equals(key))) {
                errors.add(new ParamError("answers/" + key, "survey.param.unknown", key));
            }
        }
        for (TenantConfig.SurveyQuestion q : survey.questions()) {
            String v = given.get(q.key()) == null ? null : given.get(q.key()).strip();
            if (v == null || v.isEmpty()) {
                if (q.required()) {
                    errors.add(new ParamError("answers/" + q.key(), "survey.param.required"));
                }
                continue;
            }
            if (!q.type().equals("text") && !q.values().contains(v)) {
                errors.add(new ParamError("answers/" + q.key(), "survey.param.value", String.join(", ", q.values())));
            } else if (v.length() > MAX_TEXT) {
                errors.add(new ParamError("answers/" + q.key(), "survey.param.too-long", MAX_TEXT));
            } else {
                CaseService.controls("answers/" + q.key(), v, errors);
                out.put(q.key(), v);
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, "survey.invalid", "problem.case.invalid.title",
                    "problem.survey.invalid.detail").withParamErrors(errors);
        }
        return out;
    }

    /** The requester, and the case's agents and supervisors; not informed users, not other requesters. */
    static boolean mayRead(Caller caller, CaseRow row) {
        return CaseViews.isRequester(caller, row) || CaseService.asAgent(caller, row);
    }

    /** A novedad's reviewers: the agent who signed, and supervisors working the case. */
    static boolean mayReview(Caller caller, CaseRow row, SurveyRow s) {
        return caller.agent() && (caller.personId().equals(s.signedBy())
                || (caller.roles().contains(Roles.SUPERVISOR) && CaseService.asAgent(caller, row)));
    }

    SurveyView view(Connection c, TenantContext tenant, CaseRow row, SurveyRow s, boolean mayAnswer, List<Locale> languages,
                    Instant now) throws SQLException {
        TenantConfig.Survey survey = tenant.config().settings().survey();
        Map<String, String> answers = s.answered() ? surveys.answers(c, s.id()) : Map.of();
        Locale locale = messages.pick(languages);
        List<SurveyView.Question> questions = new ArrayList<>();
        for (TenantConfig.SurveyQuestion q : survey == null ? List.<TenantConfig.SurveyQuestion>of() : survey.questions()) {
            questions.add(question(q, answers.get(q.key()), languages, locale));
        }
        String invitation = survey == null || survey.invitation() == null ? "" : survey.invitation().text().resolve(languages);
        return new SurveyView(s.id().toString(), row.id().toString(), row.code(), row.title(), s.occasion(), s.offeredAt(),
                s.dueAt(), s.open(now), mayAnswer && s.open(now), s.answeredAt(), s.answeredVia(), invitation, questions, s.review(), s.reviewNote());
    }

    private SurveyView.Question question(TenantConfig.SurveyQuestion q, @Nullable String answer, List<Locale> languages,
                                         Locale locale) {
        List<SurveyView.Option> options = new ArrayList<>();
        List<String> values = q.values();
        for (int i = 0; i < values.size(); i++) {
            String label = q.type().equals("scale") ? values.get(i) + " · " + I18n.resolve(q.labels().get(i), languages)
                    : messages.get(locale, "survey.answer." + values.get(i));
            options.add(new SurveyView.Option(values.get(i), label));
        }
        return new SurveyView.Question(q.key(), q.type(), q.text().resolve(languages), q.required(), options, answer);
    }

    static Optional<byte[]> hash(@Nullable String token) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static ProblemException noSurvey() {
        return new ProblemException(HttpStatus.NOT_FOUND, "survey.none", "problem.not-found.title",
                "problem.survey.none.detail");
    }

    static ProblemException unknownLink() {
        return new ProblemException(HttpStatus.NOT_FOUND, "survey.link-unknown", "problem.not-found.title",
                "problem.survey.link-unknown.detail");
    }
}
