package co.mesa.console;

import co.mesa.identity.Roles;
import co.mesa.shared.ProblemException;
import co.mesa.tenant.TenantContext;
import co.mesa.ticket.CaseService;
import co.mesa.ticket.SurveyReviews;
import co.mesa.ticket.SurveyView;
import co.mesa.web.page.PageShell;
import co.mesa.web.page.QueryString;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Hidden;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A reported problem ("novedad") from the review list (Función Pública 004 act. 6): the user's answers and the three
 * outcomes — extend the solution (the case reopens), ask for a new case, or close — each with a note. For the agent
 * who signed and the supervisors working the case; anybody else gets the not-found page.
 */
@Controller
@Hidden
@Secured({Roles.AGENT, Roles.SUPERVISOR})
@Produces(MediaType.TEXT_HTML)
public class ConsoleReviewController {

    static final List<String> OUTCOMES = List.of("reopened", "new-case", "closed");

    private final PageShell shell;
    private final SurveyReviews reviews;

    public ConsoleReviewController(PageShell shell, SurveyReviews reviews) {
        this.shell = shell;
        this.reviews = reviews;
    }

    /** One row of the home's review list. */
    record Row(String href, String code, String title, String state, String occasion, java.time.Instant answeredAt) {
    }

    /** The home's section: the novedades waiting for this person. */
    static List<Row> rows(PageShell.Page page, List<SurveyView.Review> pending) {
        List<Row> out = new ArrayList<>();
        for (SurveyView.Review r : pending) {
            out.add(new Row("/consola/novedades/" + QueryString.encode(r.surveyId()), r.caseCode(), r.caseTitle(), r.state(),
                    page.t("console.review.occasion." + r.occasion()), r.answeredAt()));
        }
        return out;
    }

    @Get("/consola/novedades/{id}")
    public HttpResponse<?> show(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                @PathVariable String id) {
        PageShell.Page page = shell.page(tenant, request, auth);
        Optional<SurveyView.Review> review = find(page, auth, id);
        if (review.isEmpty()) {
            return ConsolePages.notFound(page);
        }
        return render(page, review.get(), null, null, Map.of());
    }

    @Post(value = "/consola/novedades/{id}", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> decide(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                  @PathVariable String id, @Body Map<String, String> form) {
        PageShell.Page page = shell.page(tenant, request, auth);
        Optional<UUID> surveyId = CaseService.uuid(id);
        Optional<SurveyView.Review> review = find(page, auth, id);
        if (surveyId.isEmpty() || review.isEmpty()) {
            return ConsolePages.notFound(page);
        }
        String outcome = form.get("outcome");
        String note = form.get("note");
        try {
            SurveyView.Review done = reviews.decide(tenant, auth, surveyId.get(), outcome, note, page.languages());
            return PageShell.Page.redirect("/consola?revision=" + QueryString.encode(outcome) + "&caso="
                    + QueryString.encode(done.caseCode()) + "#novedades");
        } catch (ProblemException e) {
            if (e.status() == HttpStatus.NOT_FOUND) {
                return ConsolePages.notFound(page);
            }
            Map<String, String> errors = new java.util.LinkedHashMap<>(page.fieldErrors(e));
            if (errors.isEmpty()) {
                errors.put("outcome", page.problemDetail(e));
            }
            HttpStatus status = e.status() == HttpStatus.UNPROCESSABLE_ENTITY ? e.status() : HttpStatus.CONFLICT;
            return render(page, review.get(), outcome, note, errors).status(status);
        }
    }

    private Optional<SurveyView.Review> find(PageShell.Page page, @Nullable Authentication auth, String id) {
        Optional<UUID> surveyId = CaseService.uuid(id);
        if (surveyId.isEmpty() || auth == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(reviews.one(page.tenant(), auth, surveyId.get(), page.languages()));
        } catch (ProblemException e) {
            return Optional.empty();
        }
    }

    private io.micronaut.http.MutableHttpResponse<String> render(PageShell.Page page, SurveyView.Review r,
            @Nullable String outcome, @Nullable String note, Map<String, String> errors) {
        Map<String, Object> model = new HashMap<>();
        model.put("nav", "home");
        model.put("review", r);
        model.put("occasion", page.t("console.review.occasion." + r.occasion()));
        List<Map<String, Object>> answers = new ArrayList<>();
        for (SurveyView.Question q : r.answers()) {
            String label = q.options().stream().filter(o -> o.value().equals(q.answer())).map(SurveyView.Option::label)
                    .findFirst().orElse(q.answer());
            Map<String, Object> a = new HashMap<>();
            a.put("text", q.text());
            a.put("answer", label);
            answers.add(a);
        }
        model.put("answers", answers);
        List<Map<String, Object>> outcomes = new ArrayList<>();
        for (String o : OUTCOMES) {
            outcomes.add(Map.of("value", o, "id", "outcome-" + o, "label", page.t("console.review.outcome." + o),
                    "hint", page.t("console.review.outcome." + o + ".hint"), "checked", o.equals(outcome)));
        }
        model.put("outcomes", outcomes);
        model.put("note", note);
        model.put("outcomeError", errors.get("outcome"));
        model.put("noteError", errors.get("note"));
        model.put("errors", errors.isEmpty() ? null : ConsolePages.errorList(errors, "",
                Map.of("outcome", "outcome-reopened", "note", "review-note")));
        return page.render("console/review", page.t("console.review.title", r.caseCode()), model);
    }
}
