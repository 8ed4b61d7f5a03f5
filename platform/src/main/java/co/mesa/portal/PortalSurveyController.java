package co.mesa.portal;

import co.mesa.shared.ProblemException;
import co.mesa.tenant.TenantContext;
import co.mesa.ticket.CaseService;
import co.mesa.ticket.CaseSurveys;
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
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The satisfaction survey as its requester answers it: signed in, from the case ({@code /casos/{id}/encuesta}),
 * or from the e-mail's link without signing in ({@code /encuesta/{token}}: that case's survey and nothing else;
 * a used, expired or unknown link gets a page saying so).
 */
@Controller
@Hidden
@Produces(MediaType.TEXT_HTML)
public class PortalSurveyController {

    private final PageShell shell;
    private final CaseSurveys surveys;

    public PortalSurveyController(PageShell shell, CaseSurveys surveys) {
        this.shell = shell;
        this.surveys = surveys;
    }

    @Get("/casos/{id}/encuesta{?hecho}")
    @Secured(SecurityRule.IS_AUTHENTICATED)
    public HttpResponse<?> show(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                @PathVariable String id, @Nullable @QueryValue String hecho) {
        PageShell.Page page = shell.page(tenant, request, auth);
        Optional<SurveyView> survey = find(page, auth, id);
        if (survey.isEmpty()) {
            return PortalSupport.notFound(page);
        }
        return render(page, survey.get(), "/casos/" + QueryString.encode(survey.get().caseId()) + "/encuesta", true,
                hecho != null && survey.get().answeredAt() != null, Map.of(), Map.of());
    }

    @Post(value = "/casos/{id}/encuesta", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    @Secured(SecurityRule.IS_AUTHENTICATED)
    public HttpResponse<?> answer(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                  @PathVariable String id, @Body Map<String, String> form) {
        PageShell.Page page = shell.page(tenant, request, auth);
        Optional<UUID> caseId = CaseService.uuid(id);
        if (caseId.isEmpty()) {
            return PortalSupport.notFound(page);
        }
        Map<String, String> answers = answers(form);
        try {
            surveys.answer(tenant, auth, caseId.get(), answers, page.languages());
            return PageShell.Page.redirect("/casos/" + QueryString.encode(caseId.get().toString()) + "/encuesta?hecho=1");
        } catch (ProblemException e) {
            if (e.status() == HttpStatus.NOT_FOUND || e.status() == HttpStatus.FORBIDDEN) {
                return PortalSupport.notFound(page);
            }
            Optional<SurveyView> survey = find(page, auth, id);
            if (survey.isEmpty()) {
                return PortalSupport.notFound(page);
            }
            return failed(page, survey.get(), "/casos/" + QueryString.encode(caseId.get().toString()) + "/encuesta", true,
                    e, answers);
        }
    }

    @Get("/encuesta/{token}")
    @Secured(SecurityRule.IS_ANONYMOUS) // the e-mail's link: no sign-in; the token is the key to this one survey
    public HttpResponse<?> byLink(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                  @PathVariable String token) {
        PageShell.Page page = shell.page(tenant, request, auth);
        CaseSurveys.Link link = surveys.byLink(tenant, token, page.languages());
        if (link.state() != CaseSurveys.LinkState.OPEN) {
            return linkProblem(page, link.state());
        }
        return render(page, link.survey(), "/encuesta/" + QueryString.encode(token), false, false, Map.of(), Map.of());
    }

    @Post(value = "/encuesta/{token}", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    @Secured(SecurityRule.IS_ANONYMOUS)
    public HttpResponse<?> answerByLink(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                        @PathVariable String token, @Body Map<String, String> form) {
        PageShell.Page page = shell.page(tenant, request, auth);
        Map<String, String> answers = answers(form);
        try {
            SurveyView done = surveys.answerByLink(tenant, token, answers, page.languages());
            return render(page, done, null, false, true, Map.of(), Map.of());
        } catch (ProblemException e) {
            if (e.status() == HttpStatus.NOT_FOUND) {
                return linkProblem(page, CaseSurveys.LinkState.UNKNOWN);
            }
            if (e.status() == HttpStatus.GONE) {
                return page.problem(HttpStatus.GONE, page.platformMessage(e.titleKey()), page.problemDetail(e));
            }
            CaseSurveys.Link link = surveys.byLink(tenant, token, page.languages());
            if (link.state() != CaseSurveys.LinkState.OPEN) {
                return linkProblem(page, link.state());
            }
            return failed(page, link.survey(), "/encuesta/" + QueryString.encode(token), false, e, answers);
        }
    }

    private Optional<SurveyView> find(PageShell.Page page, @Nullable Authentication auth, String id) {
        Optional<UUID> caseId = CaseService.uuid(id);
        if (caseId.isEmpty() || auth == null) {
            return Optional.empty();
        }
        try {
            return surveys.forCase(page.tenant(), auth, caseId.get(), page.languages());
        } catch (ProblemException e) {
            return Optional.empty();
        }
    }

    private static HttpResponse<?> linkProblem(PageShell.Page page, CaseSurveys.LinkState state) {
        return switch (state) {
            case USED -> page.problem(HttpStatus.GONE, page.t("portal.survey.link.used.title"),
                    page.t("portal.survey.link.used.detail"));
            case EXPIRED -> page.problem(HttpStatus.GONE, page.t("portal.survey.link.expired.title"),
                    page.t("portal.survey.link.expired.detail"));
            default -> page.problem(HttpStatus.NOT_FOUND, page.t("portal.survey.link.unknown.title"),
                    page.t("portal.survey.link.unknown.detail"));
        };
    }

    /** The form's answers: fields named {@code answer.<question>}. */
    private static Map<String, String> answers(Map<String, String> form) {
        Map<String, String> out = new LinkedHashMap<>();
        form.forEach((k, v) -> {
            if (k.startsWith("answer.")) {
                out.put(k.substring("answer.".length()), v);
            }
        });
        return out;
    }

    private HttpResponse<?> failed(PageShell.Page page, SurveyView survey, String action, boolean signedIn,
                                   ProblemException e, Map<String, String> answers) {
        Map<String, String> errors = new LinkedHashMap<>();
        page.fieldErrors(e).forEach((k, v) -> errors.put(k.startsWith("answers/") ? k.substring(8) : k, v));
        if (errors.isEmpty()) {
            errors.put("", page.problemDetail(e));
        }
        HttpStatus status = e.status() == HttpStatus.UNPROCESSABLE_ENTITY ? e.status() : HttpStatus.CONFLICT;
        return render(page, survey, action, signedIn, false, errors, answers).status(status);
    }

    private io.micronaut.http.MutableHttpResponse<String> render(PageShell.Page page, SurveyView survey,
            @Nullable String action, boolean signedIn, boolean done, Map<String, String> errors, Map<String, String> typed) {
        Map<String, Object> model = new HashMap<>();
        model.put("survey", survey);
        model.put("signedIn", signedIn);
        model.put("done", done);
        model.put("action", survey.mayAnswer() && !done ? action : null);
        List<Map<String, Object>> questions = new ArrayList<>();
        List<Map<String, Object>> summary = new ArrayList<>();
        for (SurveyView.Question q : survey.questions()) {
            String value = typed.containsKey(q.key()) ? typed.get(q.key()) : q.answer();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("key", q.key());
            m.put("text", q.text());
            m.put("required", q.required());
            m.put("text_type", "text".equals(q.type()));
            m.put("value", value);
            m.put("error", errors.get(q.key()));
            List<Map<String, Object>> options = new ArrayList<>();
            for (SurveyView.Option o : q.options()) {
                options.add(Map.of("value", o.value(), "label", o.label(), "checked", o.value().equals(value),
                        "id", "q-" + q.key() + "-" + o.value()));
            }
            m.put("options", options);
            m.put("answerLabel", q.options().stream().filter(o -> o.value().equals(q.answer())).map(SurveyView.Option::label)
                    .findFirst().orElse(q.answer()));
            if (errors.containsKey(q.key())) {
                summary.add(PortalSupport.summaryEntry(q.options().isEmpty() ? "q-" + q.key()
                        : "q-" + q.key() + "-" + q.options().get(0).value(), q.text(), errors.get(q.key())));
            }
            questions.add(m);
        }
        if (errors.containsKey("")) {
            summary.add(PortalSupport.summaryEntry(null, page.t("portal.survey.title"), errors.get("")));
        }
        model.put("questions", questions);
        model.put("summary", summary.isEmpty() ? null : summary);
        return page.render("portal/survey", page.t("portal.survey.page-title", survey.caseCode()), model);
    }
}
