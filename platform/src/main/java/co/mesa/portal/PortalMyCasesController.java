package co.mesa.portal;

import co.mesa.shared.ProblemException;
import co.mesa.tenant.TenantContext;
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
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import co.mesa.web.page.QueryString;
import java.time.Instant;

/**
 * "Mis casos" ({@code /mis-casos}): the requester's own cases, open, closed or all, newest first, in pages.
 */
@Controller
@Hidden
@Secured(SecurityRule.IS_AUTHENTICATED) // anyone signed in on this entity's host (decision 0016)
@Produces(MediaType.TEXT_HTML)
public class PortalMyCasesController {

    private static final Map<String, String> STATUS = Map.of("abiertos", "open", "cerrados", "closed", "todos", "all");

    private final PageShell shell;
    private final QueueService queue;

    public PortalMyCasesController(PageShell shell, QueueService queue) {
        this.shell = shell;
        this.queue = queue;
    }

    /** One of the requester's cases as the list shows it. */
    record Row(String id, String code, String title, String state, @Nullable String substate, Instant createdAt,
               Instant updatedAt, @Nullable Instant resolutionDueAt, boolean paused, boolean expired,
               @Nullable String category) {
    }

    /** A filter tab: its link, its label, whether it is the current one. */
    record Tab(String href, String label, boolean current) {
    }

    @Get("/mis-casos{?estado,despues}")
    public HttpResponse<?> myCases(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                   @Nullable @QueryValue String estado, @Nullable @QueryValue String despues) {
        PageShell.Page page = shell.page(tenant, request, auth);
        String filter = estado != null && STATUS.containsKey(estado) ? estado : "abiertos";
        QueueView.Page result;
        try {
            result = queue.requesterList(tenant, auth, new QueueService.Query(null, null, null, null, null, null, null,
                    null, null, STATUS.get(filter), null, null, null, "-createdAt", "20",
                    despues == null || despues.isBlank() ? null : despues), page.languages());
        } catch (ProblemException e) {
            // A cursor that is not ours (edited by hand): the first page.
            return PageShell.Page.redirect(QueryString.of().add("estado", filter).on("/mis-casos"));
        }
        List<Row> rows = new ArrayList<>();
        for (QueueView.Row r : result.items()) {
            rows.add(new Row(r.id(), r.code(), r.title(), r.state().name(), r.substate() == null ? null : r.substate().name(),
                    r.createdAt(), r.updatedAt(), r.resolutionDueAt(), r.paused(), r.expired(),
                    r.category() == null ? null : r.category().name()));
        }
        List<Tab> tabs = new ArrayList<>();
        for (String k : List.of("abiertos", "cerrados", "todos")) {
            tabs.add(new Tab(QueryString.of().add("estado", k).on("/mis-casos"), page.t("portal.mycases.filter." + k),
                    k.equals(filter)));
        }
        Map<String, Object> model = new HashMap<>();
        model.put("rows", rows);
        model.put("tabs", tabs);
        model.put("filterLabel", page.t("portal.mycases.filter." + filter));
        model.put("next", result.next() == null ? null
                : QueryString.of().add("estado", filter).add("despues", result.next()).on("/mis-casos"));
        model.put("paged", despues != null && !despues.isBlank());
        model.put("firstPage", QueryString.of().add("estado", filter).on("/mis-casos"));
        return page.render("portal/my-cases", page.t("portal.mycases.title"), model);
    }
}
