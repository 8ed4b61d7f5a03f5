package co.mesa.console;

import co.mesa.identity.Roles;
import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.ticket.QueueService;
import co.mesa.ticket.QueueView;
import co.mesa.web.page.PageShell;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Hidden;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The console's home (issue 8, agent side): the counters of Función Pública's guide §11, each a link to
 * the queue it counts. Agents and supervisors only (declared: decision 0016); others get the 403 page.
 */
@Controller
@Hidden
@Secured({Roles.AGENT, Roles.SUPERVISOR})
@Produces(MediaType.TEXT_HTML)
public class ConsoleHomeController {

    private final PageShell shell;
    private final QueueService queues;
    private final co.mesa.ticket.SurveyReviews reviews;

    /** The knowledge base's section of the home (issue 25), a piece of its own. */
    @jakarta.inject.Inject
    ConsoleKnowledgeRecent kbRecent;

    /** The supervisors' dashboard (issue 24), a piece of its own. */
    @jakarta.inject.Inject
    ConsoleSupervisorDashboard supervisorDashboard;

    /** The notices for agents (issue 27, "Avisos / alertas para técnicos"), a piece of its own. */
    @jakarta.inject.Inject
    ConsoleNotices agentNotices;

    /** The problems and known errors tab (issue 26, 002 §11), a piece of its own. */
    @jakarta.inject.Inject
    ConsoleProblems problems;

    /** Major incidents (issue 20, 003 §4.9.2), a piece of its own. */
    @jakarta.inject.Inject
    ConsoleMajorCases majorCases;
    /** "Cambios y entregas" (issue 27, 002 §11), a piece of its own. */
    @jakarta.inject.Inject
    ConsoleChanges changes;

    /** "Mis tareas" (issue 27, 002 §11), a piece of its own. */
    @jakarta.inject.Inject
    ConsoleMyWork myWork;

    /** "Correo por revisar" (decision 0034): how many quarantined messages wait, a piece of its own. */
    @jakarta.inject.Inject
    ConsoleMailQuarantine mailQuarantine;

    public ConsoleHomeController(PageShell shell, QueueService queues, co.mesa.ticket.SurveyReviews reviews) {
        this.shell = shell;
        this.queues = queues;
        this.reviews = reviews;
    }

    /** One counter: its label, how many, and the queue it counts. */
    record Counter(String label, long count, String href) {
    }

    @Get("/consola")
    public HttpResponse<?> home(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                @Nullable @QueryValue String aviso, @Nullable @QueryValue String caso,
                                @Nullable @QueryValue String revision) {
        PageShell.Page page = shell.page(tenant, request, auth);
        QueueView.Counters counters = queues.counters(tenant, auth, page.languages());
        TenantConfig config = tenant.config();
        List<Counter> overview = new ArrayList<>();
        for (TenantConfig.State s : config.workflow().states()) {
            QueueView.Counter c = counters.overview().get(s.key());
            if (c != null) {
                overview.add(counter(page.label(s.name()), c));
            }
        }
        counters.overview().forEach((key, c) -> {
            if (config.workflow().states().stream().noneMatch(s -> s.key().equals(key))) {
                overview.add(counter(key, c));
            }
        });
        List<Counter> mine = new ArrayList<>();
        mine.add(counter(page.t("console.home.firstLine"), counters.firstLine()));
        mine.add(counter(page.t("console.home.assignedToMe"), counters.assignedToMe()));
        mine.add(counter(page.t("console.home.myGroups"), counters.myGroups()));
        if (counters.underMySupervision() != null) {
            mine.add(counter(page.t("console.home.underMySupervision"), counters.underMySupervision()));
        }
        mine.add(counter(page.t("console.home.expired"), counters.expired()));
        Map<String, Object> model = new HashMap<>();
        model.put("overview", overview);
        model.put("mine", mine);
        model.put("kbRecent", kbRecent.section(page, tenant));
        if (page.hasRole(Roles.SUPERVISOR)) {
            model.put("supervisorDashboard", supervisorDashboard.section(page, tenant));
        }

        model.put("agentNotices", agentNotices.section(page, tenant));

        model.put("problems", problems.section(page, tenant));
        model.put("majorCases", majorCases.section(page, tenant));
        model.put("mailQuarantine", mailQuarantine.section(tenant));
        model.put("changes", changes.section(page, tenant));
        model.put("myWork", myWork.section(page, tenant));
        model.put("nav", "home");
        String done = ConsolePages.noticeFor(config, page, aviso);
        if (done != null && caso != null && ConsolePages.CODE.matcher(caso).matches()) {
            // The action took the case out of the agent's groups (e.g. escalated): say so here.
            model.put("notice", page.t("console.case.gone", done, caso));
        }
        // The review list (issue 23): novedades reported in the survey, for the signer and the supervisors.
        model.put("reviews", ConsoleReviewController.rows(page, reviews.pending(tenant, auth, page.languages())));
        if (revision != null && ConsoleReviewController.OUTCOMES.contains(revision) && caso != null
                && ConsolePages.CODE.matcher(caso).matches()) {
            model.put("notice", page.t("console.review.done." + revision, caso));
        }
        return page.render("console/home", page.t("console.home.title"), model);
    }


    private static Counter counter(String label, QueueView.Counter c) {
        return new Counter(label, c.count(), "/consola/cola?" + c.query());
    }
}
