package co.mesa.console;

import co.mesa.identity.Roles;
import co.mesa.shared.ProblemException;
import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.ticket.QueueService;
import co.mesa.ticket.QueueView;
import co.mesa.web.page.PageRenderer;
import co.mesa.web.page.PageShell;
import co.mesa.web.page.QueryString;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpParameters;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Hidden;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static co.mesa.console.ConsolePages.blankToNull;
import static co.mesa.console.ConsolePages.categoryGroups;
import static co.mesa.console.ConsolePages.errorList;
import static co.mesa.console.ConsolePages.mark;
import static co.mesa.console.ConsolePages.option;

/**
 * The console's queue (issue 8, agent side): filters, sorts and pages over the cases the agent may see.
 * Agents and supervisors only (declared: decision 0016); others get the 403 page.
 */
@Controller
@Hidden
@Secured({Roles.AGENT, Roles.SUPERVISOR})
@Produces(MediaType.TEXT_HTML)
public class ConsoleQueueController {

    /** The columns the queue may be sorted by (the service's whitelist). */
    static final List<String> SORTS = List.of("code", "createdAt", "resolutionDueAt", "updatedAt");
    /** Single-valued filters; {@code state} may repeat and is read on its own. */
    private static final List<String> FILTERS = List.of("substate", "group", "agent", "category", "site",
            "requester", "expired", "rated", "status", "from", "to", "q", "sort", "major");

    private final PageShell shell;
    private final QueueService queues;
    private final ConsoleAgents agents;

    public ConsoleQueueController(PageShell shell, QueueService queues, ConsoleAgents agents) {
        this.shell = shell;
        this.queues = queues;
        this.agents = agents;
    }

    /** A sortable column's header: its aria-sort, the link that sorts by it, and what a click does. */
    record SortHeader(@Nullable String ariaSort, String href, String hint) {
    }

    @Get("/consola/cola")
    public HttpResponse<?> queue(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth) {
        PageShell.Page page = shell.page(tenant, request, auth);
        HttpParameters p = request.getParameters();
        Map<String, String> values = new LinkedHashMap<>();
        for (String f : FILTERS) {
            String v = blankToNull(p.get(f));
            if (v != null) {
                values.put(f, v);
            }
        }
        // Dates as the entity writes them (dd/mm/aaaa on Spanish pages), not the browser's mm/dd/yyyy (issue 20):
        // the form shows them in the page's format and the service gets ISO dates.
        Map<String, String> isoDates = new LinkedHashMap<>();
        for (String f : List.of("from", "to")) {
            if (values.containsKey(f)) {
                isoDates.put(f, isoDate(values.get(f)));
                values.put(f, shownDate(isoDates.get(f), page.locale()));
            }
        }
        List<String> states = p.getAll("state").stream().filter(s -> s != null && !s.isBlank()).map(String::strip)
                .distinct().toList();
        String after = blankToNull(p.get("after"));
        QueueService.Query query = new QueueService.Query(states, values.get("substate"), values.get("group"),
                blankToNull(p.get("tier")), values.get("agent"), values.get("category"), values.get("site"),
                values.get("requester"), values.get("expired"), values.get("status"), isoDates.get("from"),
                isoDates.get("to"), values.get("q"), values.get("sort"), null, after, values.get("rated"),
                values.get("major"));
        Map<String, Object> model = new HashMap<>();
        Map<String, String> errors = new LinkedHashMap<>();
        QueueView.Page result = null;
        HttpStatus status = HttpStatus.OK;
        try {
            result = queues.agentList(tenant, auth, query, page.languages());
        } catch (ProblemException e) {
            status = e.status();
            errors.putAll(page.fieldErrors(e));
            if (errors.isEmpty()) {
                errors.put("q", page.problemDetail(e));
            }
        }
        TenantConfig config = tenant.config();
        String tier = blankToNull(p.get("tier"));
        // The query as the page keeps it: filters (and tier, from the first-line counter), without sort and cursor.
        QueryString kept = QueryString.of();
        for (String s : states) {
            kept.add("state", s);
        }
        values.forEach((k, v) -> {
            if (!k.equals("sort")) {
                kept.add(k, v);
            }
        });
        kept.add("tier", tier);
        String sort = values.getOrDefault("sort", "-createdAt");
        if (result != null && result.next() != null) {
            model.put("nextHref", kept.copy().add("sort", sort).add("after", result.next()).on("/consola/cola"));
        }
        if (after != null) {
            model.put("firstHref", kept.copy().add("sort", sort).on("/consola/cola"));
        }
        // Sortable headers: the current one carries aria-sort; a click flips its order.
        Map<String, SortHeader> headers = new LinkedHashMap<>();
        for (String key : SORTS) {
            boolean current = sort.equals(key) || sort.equals("-" + key);
            boolean desc = sort.startsWith("-");
            String nextSort = current && !desc ? "-" + key : key;
            headers.put(key, new SortHeader(current ? (desc ? "descending" : "ascending") : null,
                    kept.copy().add("sort", nextSort).on("/consola/cola"),
                    page.t(current && !desc ? "console.queue.sort.desc" : "console.queue.sort.asc")));
        }
        model.put("sortHeaders", headers);
        // Rows as plain maps with their dates already in the tenant's zone: map lookups and no helper
        // call per cell keep the 50-row render cheap.
        // The optional columns the entity chose (settings.yaml queue.columns), so the queue reads at 1,366 px.
        Map<String, Boolean> cols = new HashMap<>();
        tenant.config().settings().queue().columns().forEach(c -> cols.put(c, true));
        model.put("cols", cols);
        model.put("columnCount", 5 + cols.size());
        model.put("rows", result == null ? List.of() : result.items().stream().map(r -> {
            Map<String, Object> shown = row(r, tenant, page);
            shown.put("cols", cols);
            return shown;
        }).toList());
        model.put("count", result == null ? 0 : result.items().size());
        model.put("searched", result != null);
        // "Nuevo problema" from cases of this page (issue 26): a form of its own below the table.
        model.put("problemsEnabled", config.workflow().record("problema").isPresent());
        model.put("values", values);
        model.put("tier", tier);
        model.put("tierName", tier == null ? null : config.groups().tiers().stream().filter(t -> t.key().equals(tier))
                .map(t -> page.label(t.name())).findFirst().orElse(tier));
        model.put("errors", errors);
        model.put("errorList", errorList(errors, "f-"));
        // Options carry "selected" computed here: a helper call per option was a good part of the render.
        List<Map<String, Object>> stateOptions = config.workflow().states().stream()
                .map(s -> option(s.key(), page.label(s.name()))).toList();
        for (Map<String, Object> o : stateOptions) {
            if (states.contains(o.get("value"))) {
                o.put("selected", Boolean.TRUE);
            }
        }
        model.put("states", stateOptions);
        model.put("substates", mark(config.workflow().substates().stream().map(s -> option(s.key(), page.label(s.name())))
                .toList(), values.get("substate")));
        model.put("groups", mark(config.groups().groups().stream().map(g -> option(g.key(), page.label(g.name()))).toList(),
                values.get("group")));
        model.put("agents", mark(agents.recent(tenant).stream().map(a -> option(a.id(), a.name())).toList(), values.get("agent")));
        List<Map<String, Object>> categories = categoryGroups(config, page, false);
        for (Map<String, Object> g : categories) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> options = (List<Map<String, Object>>) g.get("options");
            mark(options, values.get("category"));
        }
        model.put("categories", categories);
        List<Map<String, Object>> sites = new ArrayList<>();
        for (TenantConfig.Site s : config.sites().sites()) {
            addSite(sites, s, 0, page);
        }
        model.put("sites", mark(sites, values.get("site")));
        model.put("sortOptions", mark(SORTS.stream().flatMap(k -> java.util.stream.Stream.of(
                option(k, page.t("console.queue.sort." + k) + " — " + page.t("console.queue.sort.ascending")),
                option("-" + k, page.t("console.queue.sort." + k) + " — " + page.t("console.queue.sort.descending"))))
                .toList(), values.get("sort") == null ? "-createdAt" : values.get("sort")));
        model.put("sortValue", values.get("sort") == null ? "-createdAt" : values.get("sort"));
        model.put("nav", "queue");
        model.put("filtersHtml", new com.github.jknack.handlebars.Handlebars.SafeString(filters(page, tenant, model, states,
                values, tier, errors)));
        return page.render("console/queue", page.t("console.queue.title"), model).status(status);
    }

    private static void addSite(List<Map<String, Object>> out, TenantConfig.Site s, int depth, PageShell.Page page) {
        out.add(option(s.key(), "— ".repeat(depth) + page.label(s.name())));
        for (TenantConfig.Site child : s.children() == null ? List.<TenantConfig.Site>of() : s.children()) {
            addSite(out, child, depth + 1, page);
        }
    }

    private static final java.util.regex.Pattern DAY_MONTH_YEAR = java.util.regex.Pattern.compile(
            "(\\d{1,2})/(\\d{1,2})/(\\d{4})");

    /** "31/12/2026" as the ISO date the service reads; anything else unchanged (the service explains it). */
    static String isoDate(String typed) {
        java.util.regex.Matcher m = DAY_MONTH_YEAR.matcher(typed.strip());
        if (!m.matches()) {
            return typed;
        }
        try {
            return java.time.LocalDate.of(Integer.parseInt(m.group(3)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(1))).toString();
        } catch (java.time.DateTimeException e) {
            return typed;
        }
    }

    /** An ISO date in the page's format (dd/mm/aaaa in Spanish); anything else as typed. */
    static String shownDate(String iso, java.util.Locale locale) {
        try {
            java.time.LocalDate d = java.time.LocalDate.parse(iso);
            return "en".equals(locale.getLanguage()) ? d.toString()
                    : java.time.format.DateTimeFormatter.ofPattern("dd/MM/yyyy").format(d);
        } catch (java.time.format.DateTimeParseException e) {
            return iso;
        }
    }

    private static Map<String, Object> row(QueueView.Row r, TenantContext tenant, PageShell.Page page) {
        String zone = tenant.zone().getId();
        Map<String, Object> m = new HashMap<>(24);
        m.put("id", r.id());
        m.put("code", r.code());
        m.put("stateName", r.state().name());
        m.put("substateName", r.substate() == null ? null : r.substate().name());
        m.put("createdAt", PageRenderer.formatDateTime(r.createdAt(), zone, page.locale()));
        m.put("resolutionDueAt", PageRenderer.formatDateTime(r.resolutionDueAt(), zone, page.locale()));
        m.put("expired", r.expired());
        m.put("paused", r.paused());
        // The auto-close countdown of a solved case (issue 20).
        m.put("autoClosesAt", r.autoClosesAt() == null ? null
                : PageRenderer.formatDateTime(r.autoClosesAt(), zone, page.locale()));
        m.put("title", r.title());
        m.put("categoryName", r.category() == null ? null : r.category().name());
        m.put("description", r.description());
        m.put("technicianName", r.technician() == null ? null : r.technician().name());
        m.put("notifiedById", r.notifiedBy().id());
        m.put("notifiedByName", r.notifiedBy().name());
        m.put("groupName", r.group() == null ? null : r.group().name());
        m.put("rated", Boolean.TRUE.equals(r.rated()));
        m.put("solution", r.solution());
        // Major incidents stand out in words, not colour alone (issue 20).
        m.put("major", Boolean.TRUE.equals(r.major()));
        return m;
    }

    /**
     * The filter form's HTML, rendered once per tenant revision, language, agents snapshot and filter
     * values (its ~150 options were most of the queue page's template work); never cached with errors.
     * The key holds every checked state, as a set: the form lists states in the workflow's order.
     */
    private String filters(PageShell.Page page, TenantContext tenant, Map<String, Object> model, List<String> states,
                           Map<String, String> values, @Nullable String tier, Map<String, String> errors) {
        if (!errors.isEmpty()) {
            return page.fragment("console/queue-filters", model);
        }
        String key = tenant.slug() + '|' + tenant.revision() + '|' + page.locale() + '|'
                + System.identityHashCode(agents.recent(tenant)) + '|' + tier + '|' + new java.util.TreeSet<>(states) + '|'
                + new java.util.TreeMap<>(values);
        return filterForms.get(key, k -> page.fragment("console/queue-filters", model));
    }

    /** The queue's filter form per tenant revision, language, agents and values: most of the page's template work. */
    private final Cache<String, String> filterForms = Caffeine.newBuilder()
            .maximumSize(500).expireAfterAccess(java.time.Duration.ofMinutes(30)).build();
}
