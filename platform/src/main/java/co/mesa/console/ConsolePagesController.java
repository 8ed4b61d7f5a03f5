package co.mesa.console;

import co.mesa.identity.PeopleService;
import co.mesa.identity.Roles;
import co.mesa.shared.ProblemException;
import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.ticket.CaseActions;
import co.mesa.ticket.CaseRequests;
import co.mesa.ticket.CaseService;
import co.mesa.ticket.CaseView;
import co.mesa.ticket.FilledFields;
import co.mesa.ticket.QueueService;
import co.mesa.ticket.QueueView;
import co.mesa.web.page.CsrfRefusalPage;
import co.mesa.web.page.MultipartForm;
import co.mesa.web.page.PageRenderer;
import co.mesa.web.page.PageShell;
import co.mesa.web.page.PageUploads;
import co.mesa.web.page.PostedFields;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpParameters;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.multipart.CompletedFileUpload;
import io.micronaut.http.server.multipart.MultipartBody;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The agent console (issue 8, agent side): the home counters of Función Pública's guide §11, the
 * queue with its filters, sorts and pages, and the case page with its five tabs and a form for
 * every action the case allows now. Agents and supervisors only (declared: decision 0016); others get the 403 page.
 */
@Controller
@Hidden
@Secured({Roles.AGENT, Roles.SUPERVISOR})
@Produces(MediaType.TEXT_HTML)
public class ConsolePagesController implements CsrfRefusalPage {

    static final List<String> TABS = List.of("resumen", "general", "investigacion", "cierre", "adicional");
    /** The columns the queue may be sorted by (the service's whitelist). */
    static final List<String> SORTS = List.of("code", "createdAt", "resolutionDueAt", "updatedAt");
    /** Single-valued filters; {@code state} may repeat and is read on its own. */
    private static final List<String> FILTERS = List.of("substate", "group", "agent", "category", "site",
            "requester", "expired", "status", "from", "to", "q", "sort");
    private static final java.util.regex.Pattern CODE = java.util.regex.Pattern.compile("[A-Za-z0-9 -]{1,40}");
    private static final Set<String> QUESTIONS = Set.of("question", "answer", "technicianResponse");
    private static final Set<String> NOTES = Set.of("firstResponse", "internalNote", "publishedAction", "substateChange",
            "stateChange", "changeCategory", "changePriority", "notify", "emailComment");
    private static final Set<String> ESCALATIONS = Set.of("escalate", "reassign", "assigned", "assignment");
    private static final Set<String> CLOSURE = Set.of("signSolution", "firstLineSolution", "confirmSolution",
            "refuseSolution", "autoClose", "reject");
    /** Form fields each action kind sends (besides kind, version and csrf). */
    private static final List<String> ACTION_FIELDS = List.of("note", "substate", "transition", "group", "agentId",
            "category", "impact", "urgency", "priority", "relatedCase", "duplicate", "to", "subject", "message", "includePdf", "includeInternal");

    /** Errors on parts without a field of their own point at the field that carries them. */
    private static final Map<String, String> FIELD_OF = Map.of("transition", "note", "kind", "note", "service", "category",
            "body", "note");

    private final PageShell shell;
    private final QueueService queues;
    private final CaseService cases;
    private final CaseActions actions;
    private final ConsoleAgents agents;
    private final PeopleService people;
    private final PageUploads uploads;

    public ConsolePagesController(PageShell shell, QueueService queues, CaseService cases, CaseActions actions,
                                  ConsoleAgents agents, PeopleService people, PageUploads uploads) {
        this.shell = shell;
        this.queues = queues;
        this.cases = cases;
        this.actions = actions;
        this.agents = agents;
        this.people = people;
        this.uploads = uploads;
    }

    // ---- home ------------------------------------------------------------------------------------

    /** The knowledge base's section of the home (issue 25), a piece of its own. */
    @jakarta.inject.Inject
    ConsoleKnowledgeRecent kbRecent;

    @Get("/consola")
    public HttpResponse<?> home(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                @Nullable @QueryValue String aviso, @Nullable @QueryValue String caso) {
        PageShell.Page page = shell.page(tenant, request, auth);
        QueueView.Counters counters = queues.counters(tenant, auth, page.languages());
        TenantConfig config = tenant.config();
        List<Map<String, Object>> overview = new ArrayList<>();
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
        List<Map<String, Object>> mine = new ArrayList<>();
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
        model.put("nav", "home");
        String done = noticeFor(config, page, aviso);
        if (done != null && caso != null && CODE.matcher(caso).matches()) {
            // The action took the case out of the agent's groups (e.g. escalated): say so here.
            model.put("notice", page.t("console.case.gone", done, caso));
        }
        return page.render("console/home", page.t("console.home.title"), model);
    }

    private static Map<String, Object> counter(String label, QueueView.Counter c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("label", label);
        m.put("count", c.count());
        m.put("href", "/consola/cola?" + c.query());
        return m;
    }

    // ---- queue -----------------------------------------------------------------------------------

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
        List<String> states = p.getAll("state").stream().filter(s -> s != null && !s.isBlank()).map(String::strip)
                .distinct().toList();
        String after = blankToNull(p.get("after"));
        QueueService.Query query = new QueueService.Query(states, values.get("substate"), values.get("group"),
                blankToNull(p.get("tier")), values.get("agent"), values.get("category"), values.get("site"),
                values.get("requester"), values.get("expired"), values.get("status"), values.get("from"),
                values.get("to"), values.get("q"), values.get("sort"), null, after);
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
        List<String[]> kept = new ArrayList<>();
        for (String s : states) {
            kept.add(new String[] {"state", s});
        }
        values.forEach((k, v) -> {
            if (!k.equals("sort")) {
                kept.add(new String[] {k, v});
            }
        });
        if (tier != null) {
            kept.add(new String[] {"tier", tier});
        }
        String sort = values.getOrDefault("sort", "-createdAt");
        String base = "/consola/cola?" + join(kept);
        if (result != null && result.next() != null) {
            List<String[]> next = new ArrayList<>(kept);
            next.add(new String[] {"sort", sort});
            next.add(new String[] {"after", result.next()});
            model.put("nextHref", "/consola/cola?" + join(next));
        }
        if (after != null) {
            List<String[]> first = new ArrayList<>(kept);
            first.add(new String[] {"sort", sort});
            model.put("firstHref", "/consola/cola?" + join(first));
        }
        // Sortable headers: the current one carries aria-sort; a click flips its order.
        Map<String, Object> headers = new LinkedHashMap<>();
        for (String key : SORTS) {
            Map<String, Object> h = new LinkedHashMap<>();
            boolean current = sort.equals(key) || sort.equals("-" + key);
            boolean desc = sort.startsWith("-");
            h.put("ariaSort", current ? (desc ? "descending" : "ascending") : null);
            String nextSort = current && !desc ? "-" + key : key;
            h.put("href", base + (kept.isEmpty() ? "" : "&") + "sort=" + enc(nextSort));
            h.put("hint", page.t(current && !desc ? "console.queue.sort.desc" : "console.queue.sort.asc"));
            headers.put(key, h);
        }
        model.put("sortHeaders", headers);
        // Rows as plain maps with their dates already in the tenant's zone: map lookups and no helper
        // call per cell keep the 50-row render cheap.
        model.put("rows", result == null ? List.of() : result.items().stream().map(r -> row(r, tenant, page)).toList());
        model.put("count", result == null ? 0 : result.items().size());
        model.put("searched", result != null);
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

    /** Categories grouped by service; values are the category key, or "service|category" for actions. */
    private static List<Map<String, Object>> categoryGroups(TenantConfig config, PageShell.Page page, boolean withService) {
        List<Map<String, Object>> groups = new ArrayList<>();
        config.catalog().services().forEach(s -> {
            if (s.categories() == null || s.categories().isEmpty()) {
                return;
            }
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("label", page.label(s.name()));
            g.put("options", s.categories().stream().map(c -> option(withService ? s.key() + "|" + c.key() : c.key(),
                    page.label(c.name()))).toList());
            groups.add(g);
        });
        return groups;
    }

    // ---- case page -------------------------------------------------------------------------------

    @Get("/consola/casos/{id}")
    public HttpResponse<?> casePage(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                    @PathVariable String id, @Nullable @QueryValue String pestana,
                                    @Nullable @QueryValue String aviso) {
        PageShell.Page page = shell.page(tenant, request, auth);
        Optional<CaseView> view = find(tenant, auth, id, page);
        if (view.isEmpty()) {
            return notFound(page);
        }
        Map<String, Object> model = caseModel(tenant, page, view.get(), tab(pestana));
        String done = noticeFor(tenant.config(), page, aviso);
        if (done != null) {
            model.put("notice", page.t("console.case.done", done));
        }
        return page.render("console/case", page.t("console.case.title", view.get().code()), model);
    }

    @Post("/consola/casos/{id}/acciones")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> act(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                               @PathVariable String id, @Body Map<String, String> form) {
        return act(tenant, request, auth, id, form, List.of());
    }

    /**
     * The action forms as the page sends them: multipart, with the files the agent chose. Parts are
     * collected on the event loop, then the work (uploads, the action: JDBC) moves to the blocking pool.
     */
    @Post(value = "/consola/casos/{id}/acciones", consumes = MediaType.MULTIPART_FORM_DATA)
    public Mono<HttpResponse<?>> actWithFiles(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                             @PathVariable String id, @Body MultipartBody body) {
        return Flux.from(body)
                .collectList()
                .publishOn(Schedulers.boundedElastic())
                .map(parts -> {
                    MultipartForm multipart = MultipartForm.of(parts);
                    return act(tenant, request, auth, id, multipart.firstValues(), multipart.files("files"));
                });
    }

    /**
     * An agent whose form lost its CSRF token (e.g. a new session), refused by the pages' CSRF filter: nothing
     * is stored; the page comes back with what they typed, and a fresh token to send it again.
     */
    @Override
    public Optional<HttpResponse<?>> csrfRefused(@Nullable TenantContext tenant, HttpRequest<?> request, Authentication auth,
                                                 Map<String, Object> variables, PostedFields fields) {
        Object id = variables.get("id");
        if (tenant == null || id == null) {
            return Optional.empty();
        }
        PageShell.Page page = shell.page(tenant, request, auth);
        return find(tenant, auth, id.toString(), page).map(fresh -> failure(tenant, page, fresh, fields.values(),
                HttpStatus.FORBIDDEN, page.t("shell.error.csrf.title"), page.t("shell.error.csrf.detail"), Map.of(),
                fields.hadFiles()));
    }

    private HttpResponse<?> act(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                String id, Map<String, String> form, List<CompletedFileUpload> files) {
        PageShell.Page page = shell.page(tenant, request, auth);
        Optional<UUID> caseId = CaseService.uuid(id);
        if (caseId.isEmpty()) {
            return notFound(page);
        }
        String kind = blankToNull(form.get("kind"));
        // The files first, each checked against the entity's limits; any refused: none is kept, nothing is done.
        List<String> uploaded = List.of();
        if (!files.isEmpty() && !"notify".equals(kind)) {
            PageUploads.Stored stored = uploads.store(page, auth, files);
            if (stored.refused()) {
                Optional<CaseView> fresh = find(tenant, auth, id, page);
                if (fresh.isEmpty()) {
                    return notFound(page);
                }
                return failure(tenant, page, fresh.get(), form, stored.status(),
                        page.platformMessage("problem.attachment.invalid.title"), null, Map.of("files", stored.error()), false);
            }
            uploaded = stored.ids();
        }
        try {
            return perform(tenant, page, auth, id, caseId.get(), kind, form, uploaded);
        } catch (RuntimeException e) {
            uploads.discard(page, auth, uploaded);
            throw e;
        }
    }

    /** The action itself, with the files already stored: a refusal discards them and gives the page back. */
    private HttpResponse<?> perform(TenantContext tenant, PageShell.Page page, Authentication auth, String id, UUID caseId,
                                    @Nullable String kind, Map<String, String> form, List<String> uploaded) {
        String tab = tab(form.get("pestana"));
        Integer version = null;
        try {
            version = form.get("version") == null ? null : Integer.valueOf(form.get("version").strip());
        } catch (NumberFormatException e) {
            version = -1;
        }
        String category = blankToNull(form.get("category"));
        String service = null;
        if (category != null && category.contains("|")) {
            service = category.substring(0, category.indexOf('|'));
            category = category.substring(category.indexOf('|') + 1);
        }
        String related = blankToNull(form.get("relatedCase"));
        boolean duplicate = "true".equals(form.get("duplicate"));
        CaseRequests.Action action = new CaseRequests.Action(kind == null ? "" : kind, blankToNull(form.get("note")),
                blankToNull(form.get("substate")), blankToNull(form.get("transition")), blankToNull(form.get("group")),
                blankToNull(form.get("agentId")), service, category, related,
                "reject".equals(kind) ? Boolean.valueOf(duplicate) : null, uploaded.isEmpty() ? null : uploaded,
                blankToNull(form.get("impact")), blankToNull(form.get("urgency")), blankToNull(form.get("priority")));
        CaseView after;
        try {
            if ("notify".equals(kind)) {
                // "Notificar" (guide §15.1): an e-mail from the case, optionally with its record as PDF.
                List<String> to = form.get("to") == null ? List.of() : java.util.Arrays.stream(form.get("to").split("[,;\\s]+"))
                        .filter(x -> !x.isBlank()).toList();
                after = actions.notify(tenant, auth, caseId, version, new CaseRequests.Notify(to,
                        blankToNull(form.get("subject")), blankToNull(form.get("message")),
                        "true".equals(form.get("includePdf")), "true".equals(form.get("includeInternal"))), page.languages());
            } else {
                after = actions.act(tenant, auth, caseId, version, action, page.languages());
            }
        } catch (ProblemException e) {
            uploads.discard(page, auth, uploaded);
            Optional<CaseView> fresh = find(tenant, auth, id, page);
            if (fresh.isEmpty() || e.status() == HttpStatus.NOT_FOUND) {
                return notFound(page);
            }
            Map<String, String> errors = new LinkedHashMap<>();
            // "to/0" and the like: the recipients field; "attachments/0": the files.
            page.fieldErrors(e).forEach((k, val) -> errors.merge(k.startsWith("to/") ? "to"
                    : k.startsWith("attachments") ? "files" : k, val, (x, y) -> x + " " + y));
            String title;
            String message;
            if (e.status() == HttpStatus.PRECONDITION_FAILED) {
                title = page.t("shell.error.conflict.title");
                message = page.t("shell.error.conflict.detail");
            } else {
                title = page.platformMessage(e.titleKey());
                message = errors.isEmpty() || e.status() != HttpStatus.UNPROCESSABLE_ENTITY ? page.problemDetail(e) : null;
            }
            HttpStatus status = e.status() == HttpStatus.PRECONDITION_FAILED ? HttpStatus.CONFLICT : e.status();
            return failure(tenant, page, fresh.get(), form, status, title, message, errors, !uploaded.isEmpty());
        }
        String done = "stateChange".equals(kind) && action.transition() != null ? "t:" + action.transition() : kind;
        if (find(tenant, auth, id, page).isEmpty()) {
            return PageShell.Page.redirect("/consola?aviso=" + enc(done) + "&caso=" + enc(after.code()));
        }
        return PageShell.Page.redirect("/consola/casos/" + caseId + "?pestana=" + tab + "&aviso="
                + enc(done));
    }

    /**
     * The case page again after a refused action: the message in the action's form, what the agent
     * typed kept, and (when files were sent and not kept) a word that they must be chosen again.
     */
    private HttpResponse<?> failure(TenantContext tenant, PageShell.Page page, CaseView fresh, Map<String, String> form,
                                    HttpStatus status, String title, @Nullable String message, Map<String, String> errors,
                                    boolean filesDropped) {
        String kind = blankToNull(form.get("kind"));
        String formKey = blankToNull(form.get("form"));
        Map<String, Object> model = caseModel(tenant, page, fresh, tab(form.get("pestana")));
        Map<String, Object> failure = new LinkedHashMap<>();
        failure.put("form", formKey == null ? kind : formKey);
        failure.put("title", title);
        failure.put("message", message);
        String prefix = (formKey == null ? kind : formKey) + "-";
        failure.put("errors", errors);
        failure.put("errorList", errorList(errors, prefix, FIELD_OF));
        Map<String, Object> typed = new LinkedHashMap<>();
        for (String f : ACTION_FIELDS) {
            if (form.get(f) != null) {
                typed.put(f, form.get(f));
            }
        }
        if (filesDropped && !errors.containsKey("files")) {
            typed.put("filesAgain", page.t("console.action.files.again"));
        }
        failure.put("values", typed);
        model.put("pageFailure", failure);
        markFailure(model, failure);
        return page.render("console/case", page.t("console.case.title", fresh.code()), model).status(status);
    }

    private Optional<CaseView> find(TenantContext tenant, Authentication auth, String id, PageShell.Page page) {
        Optional<UUID> caseId = CaseService.uuid(id);
        if (caseId.isEmpty()) {
            return Optional.empty();
        }
        return cases.get(tenant, auth, caseId.get(), page.languages());
    }

    private static HttpResponse<?> notFound(PageShell.Page page) {
        return page.error(HttpStatus.NOT_FOUND, "shell.error.notfound.title", "shell.error.notfound.detail");
    }

    private static String tab(@Nullable String pestana) {
        return pestana != null && TABS.contains(pestana) ? pestana : "resumen";
    }

    @Nullable
    private static String noticeFor(TenantConfig config, PageShell.Page page, @Nullable String aviso) {
        if (aviso == null || aviso.isBlank()) {
            return null;
        }
        if (aviso.startsWith("t:")) {
            String key = aviso.substring(2);
            return config.workflow().transitions().stream().filter(t -> t.key().equals(key))
                    .map(t -> page.label(t.name())).findFirst().orElse(null);
        }
        if ("notify".equals(aviso)) {
            return page.t("console.notify.title");
        }
        return config.workflow().action(aviso).map(a -> page.label(a.name())).orElse(null);
    }

    /** The case page's model: the view, the tab's sections and every action form. */
    private Map<String, Object> caseModel(TenantContext tenant, PageShell.Page page, CaseView v, String tab) {
        TenantConfig config = tenant.config();
        Map<String, Object> m = new HashMap<>();
        m.put("case", v);
        m.put("tab", tab);
        m.put("nav", "case");
        List<Map<String, Object>> tabs = new ArrayList<>();
        for (int i = 0; i < TABS.size(); i++) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("key", TABS.get(i));
            t.put("label", page.t("console.tab." + TABS.get(i)));
            t.put("current", TABS.get(i).equals(tab));
            t.put("shortcut", String.valueOf(i + 1));
            t.put("href", "/consola/casos/" + v.id() + "?pestana=" + TABS.get(i));
            tabs.add(t);
        }
        m.put("tabs", tabs);
        m.put("tabLabel", page.t("console.tab." + tab));
        m.put("is" + Character.toUpperCase(tab.charAt(0)) + tab.substring(1), true);
        m.put("origin", page.t("console.origin." + v.origin()));
        List<Map<String, Object>> events = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        agents.all(tenant).forEach(a -> names.put(a.id(), a.name()));
        Map<String, CaseView.AttachmentView> files = new HashMap<>();
        v.attachments().forEach(a -> files.put(a.id(), a));
        for (CaseView.EventView e : v.events()) {
            Map<String, Object> shown = event(config, page, e, names);
            // The files the action carried, with their download links.
            List<Map<String, Object>> carried = new ArrayList<>();
            if (e.data().get("attachments") instanceof List<?> ids) {
                for (Object x : ids) {
                    CaseView.AttachmentView a = files.get(String.valueOf(x));
                    if (a != null) {
                        carried.add(Map.of("fileName", a.fileName(),
                                "href", "/api/v1/cases/" + v.id() + "/attachments/" + a.id()));
                    }
                }
            }
            shown.put("files", carried);
            events.add(shown);
        }
        m.put("events", events);
        m.put("questions", events.stream().filter(e -> QUESTIONS.contains(e.get("kind"))).toList());
        m.put("notes", events.stream().filter(e -> NOTES.contains(e.get("kind"))).toList());
        m.put("escalations", events.stream().filter(e -> ESCALATIONS.contains(e.get("kind"))).toList());
        m.put("closure", events.stream().filter(e -> CLOSURE.contains(e.get("kind"))).toList());
        Map<String, Object> solution = null;
        for (Map<String, Object> e : events) {
            if ("signSolution".equals(e.get("kind")) || "firstLineSolution".equals(e.get("kind"))) {
                solution = e;
            }
        }
        m.put("solution", solution);
        // SLA targets in words.
        if (v.sla() != null) {
            m.put("slaResponse", target(page, v.sla().response()));
            m.put("slaResolution", target(page, v.sla().resolution()));
        }
        // Contact, template fields.
        List<Map<String, Object>> contact = new ArrayList<>();
        v.contact().forEach((k, val) -> contact.add(Map.of("label", page.t("console.contact." + k), "value", val)));
        m.put("contact", contact);
        m.put("fields", templateFields(tenant, config, page, v));
        m.put("links", v.links().stream().map(l -> Map.of("id", l.id(), "code", l.code(),
                "relation", page.t("console.link." + l.relation()))).toList());
        m.put("informed", v.informed());
        m.put("maxSizeMb", config.settings().attachments().maxSizeMb());
        m.put("attachments", v.attachments());
        m.put("forms", forms(tenant, page, v));
        m.put("hasForms", !v.availableActions().isEmpty());
        return m;
    }

    private Map<String, Object> event(TenantConfig config, PageShell.Page page, CaseView.EventView e,
                                      Map<String, String> names) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", e.version());
        m.put("at", e.at());
        m.put("actor", e.actor() == null ? page.t("console.event.system") : e.actor().name());
        m.put("kind", e.kind());
        String label = e.label();
        Object transition = e.data().get("transition");
        if ("stateChange".equals(e.kind()) && transition != null) {
            // "Cambio de estado: Retener por otra causa".
            label = config.workflow().transitions().stream().filter(t -> t.key().equals(String.valueOf(transition)))
                    .map(t -> page.t("console.event.transition", e.label(), page.label(t.name()))).findFirst().orElse(label);
        }
        m.put("label", label);
        m.put("internal", !e.published());
        m.put("note", e.note());
        List<String> changes = new ArrayList<>();
        e.changes().forEach((field, value) -> {
            if (value instanceof Map<?, ?> fromTo) {
                changes.add(page.t("console.change", page.t("console.change." + field),
                        label(config, page, field, fromTo.get("from"), names),
                        label(config, page, field, fromTo.get("to"), names)));
            }
        });
        m.put("changes", changes);
        Object code = e.data().get("relatedCode");
        m.put("relatedCode", code);
        m.put("escalated", Boolean.TRUE.equals(e.data().get("escalated")));
        return m;
    }

    /** A changed value in the page's language: tenant labels for states, groups, categories; "—" for none. */
    private static String label(TenantConfig config, PageShell.Page page, String field, @Nullable Object value,
                                Map<String, String> names) {
        if (value == null) {
            return page.t("console.none");
        }
        String key = String.valueOf(value);
        return switch (field) {
            case "state" -> config.workflow().states().stream().filter(s -> s.key().equals(key))
                    .map(s -> page.label(s.name())).findFirst().orElse(key);
            case "substate" -> config.workflow().substates().stream().filter(s -> s.key().equals(key))
                    .map(s -> page.label(s.name())).findFirst().orElse(key);
            case "assignedGroup" -> config.groups().groups().stream().filter(g -> g.key().equals(key))
                    .map(g -> page.label(g.name())).findFirst().orElse(key);
            case "service" -> config.catalog().service(key).map(s -> page.label(s.name())).orElse(key);
            case "category" -> config.catalog().services().flatMap(s -> s.categories().stream())
                    .filter(c -> c.key().equals(key)).map(c -> page.label(c.name())).findFirst().orElse(key);
            case "assignedAgent" -> names.getOrDefault(key, page.t("console.change.person"));
            case "impact" -> config.priorities().impacts().stream().filter(x -> x.key().equals(key))
                    .map(x -> page.label(x.name())).findFirst().orElse(key);
            case "urgency" -> config.priorities().urgencies().stream().filter(x -> x.key().equals(key))
                    .map(x -> page.label(x.name())).findFirst().orElse(key);
            case "priority" -> config.priorities().levels().stream().filter(x -> x.key().equals(key))
                    .map(x -> page.label(x.name())).findFirst().orElse(key);
            default -> key;
        };
    }

    private static Map<String, Object> target(PageShell.Page page, @Nullable co.mesa.ticket.SlaView.TargetView t) {
        if (t == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", duration(page, t.target()));
        m.put("dueAt", t.dueAt());
        m.put("metAt", t.metAt());
        m.put("status", page.t("console.sla.status." + t.status()));
        m.put("breached", "BREACHED".equals(t.status()));
        m.put("remaining", t.remaining() == null ? null : duration(page, t.remaining()));
        return m;
    }

    static String duration(PageShell.Page page, String iso) {
        try {
            Duration d = Duration.parse(iso);
            boolean negative = d.isNegative();
            d = d.abs();
            long hours = d.toHours();
            long minutes = d.toMinutesPart();
            String text = page.t("console.duration", hours, minutes);
            return negative ? page.t("console.duration.over", text) : text;
        } catch (DateTimeParseException e) {
            return iso;
        }
    }

    /**
     * The template's fields as filled, as the portal shows them ({@link FilledFields}): labels and
     * options in the page's language, yes/no in words, people by name, never by id.
     */
    private List<Map<String, Object>> templateFields(TenantContext tenant, TenantConfig config, PageShell.Page page,
                                                     CaseView v) {
        Map<String, TenantConfig.Field> defs = FilledFields.definitions(config, v.service().key(),
                v.template() == null ? null : v.template().key());
        Map<UUID, String> names = people.names(tenant, FilledFields.personIds(defs, v.fields()));
        FilledFields.Words words = new FilledFields.Words(page.t("console.yes"), page.t("console.no"),
                page.t("console.person.unknown"));
        List<Map<String, Object>> out = new ArrayList<>();
        for (FilledFields.Shown f : FilledFields.shown(defs, v.fields(), page.languages(), names, words)) {
            out.add(Map.of("label", f.label(), "value", f.value()));
        }
        return out;
    }

    /** One form per available action, and one per manual state transition. */
    private List<Map<String, Object>> forms(TenantContext tenant, PageShell.Page page, CaseView v) {
        TenantConfig config = tenant.config();
        List<Map<String, Object>> forms = new ArrayList<>();
        List<ConsoleAgents.Agent> directory = null;
        for (CaseView.ActionOption a : v.availableActions()) {
            if (a.kind().equals("stateChange")) {
                for (CaseView.TransitionOption t : v.availableTransitions()) {
                    Map<String, Object> f = form("t-" + t.key(), "stateChange", t.name(), page,
                            t.noteLabel(), t.requiresNote() || a.requiresNote());
                    f.put("transition", t.key());
                    String to = config.workflow().states().stream().filter(s -> s.key().equals(t.to()))
                            .map(s -> page.label(s.name())).findFirst().orElse(t.to());
                    f.put("hint", page.t("console.action.transition.hint", to));
                    forms.add(f);
                }
                continue;
            }
            Map<String, Object> f = form(a.kind(), a.kind(), a.name(), page, a.noteLabel(), a.requiresNote());
            switch (a.kind()) {
                case "substateChange" -> {
                    f.put("substates", config.workflow().substates().stream()
                            .filter(s -> s.states().contains(v.state().key()))
                            .filter(s -> v.substate() == null || !s.key().equals(v.substate().key()))
                            .map(s -> option(s.key(), page.label(s.name()))).toList());
                    f.put("showSubstate", true);
                }
                case "escalate", "reassign" -> {
                    int level = CaseActions.tierLevel(config, v.assignedGroup() == null ? null : v.assignedGroup().key());
                    List<TenantConfig.Group> groups = config.groups().groups().stream()
                            .filter(g -> !a.kind().equals("escalate") || CaseActions.tierLevel(config, g.key()) > level).toList();
                    f.put("groups", groups.stream().map(g -> option(g.key(), page.label(g.name()))).toList());
                    if (directory == null) {
                        directory = agents.all(tenant);
                    }
                    List<Map<String, Object>> byGroup = new ArrayList<>();
                    for (TenantConfig.Group g : groups) {
                        List<Map<String, Object>> members = new ArrayList<>();
                        for (ConsoleAgents.Agent ag : directory) {
                            if (ag.groups().contains(g.key())) {
                                members.add(option(ag.id(), ag.name()));
                            }
                        }
                        if (!members.isEmpty()) {
                            byGroup.add(Map.of("label", page.label(g.name()), "options", members));
                        }
                    }
                    f.put("agentGroups", byGroup);
                    f.put("showGroup", true);
                }
                case "changeCategory" -> {
                    f.put("categories", categoryGroups(config, page, true));
                    f.put("showCategory", true);
                }
                case "changePriority" -> {
                    TenantConfig.Priorities p = config.priorities();
                    Map<String, Object> current = new LinkedHashMap<>();
                    if (!p.matrix().isEmpty()) {
                        // Impact × urgency gives the priority (the matrix); the selects start at the case's.
                        f.put("impacts", p.impacts().stream().map(x -> option(x.key(), page.label(x.name()))).toList());
                        f.put("urgencies", p.urgencies().stream().map(x -> option(x.key(), page.label(x.name()))).toList());
                        f.put("showMatrix", true);
                        current.put("impact", v.impact() == null ? "" : v.impact().key());
                        current.put("urgency", v.urgency() == null ? "" : v.urgency().key());
                    } else {
                        f.put("priorities", p.levels().stream().map(x -> option(x.key(), page.label(x.name()))).toList());
                        f.put("showPriority", true);
                        current.put("priority", v.priority().key());
                    }
                    f.put("hint", page.t("console.action.priority.hint", v.priority().name()));
                    f.put("values", current);
                }
                case "linkCase" -> f.put("showRelated", true);
                case "reject" -> {
                    f.put("showRelated", true);
                    f.put("showDuplicate", true);
                }
                default -> { }
            }
            forms.add(f);
        }
        // "Notificar" also once the case has ended: its record is the evidence (004 act. 8).
        boolean ended = "CLOSED".equals(v.state().phase()) || "REJECTED".equals(v.state().phase());
        if (!v.availableActions().isEmpty() || ended) {
            Map<String, Object> f = form("notify", "notify", page.t("console.notify.title"), page, null, false);
            f.put("showNotify", true);
            // What the PDF will hold, and both versions to look at before sending.
            f.put("recordHref", "/consola/casos/" + v.id() + "/registro.pdf");
            f.put("internalRecordHref", "/consola/casos/" + v.id() + "/registro.pdf?interno=true");
            f.put("withheld", page.t("console.notify.pdf.withheld", co.mesa.ticket.CaseRecordPdf.withheld(v)));
            forms.add(f);
        }
        return forms;
    }

    private static Map<String, Object> form(String key, String kind, String name, PageShell.Page page,
                                            @Nullable String noteLabel, boolean noteRequired) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("key", key);
        f.put("kind", kind);
        f.put("name", name);
        f.put("noteLabel", noteLabel == null ? page.t("console.action.note") : noteLabel);
        f.put("noteRequired", noteRequired);
        f.put("errors", Map.of());
        f.put("values", Map.of());
        return f;
    }

    @SuppressWarnings("unchecked")
    private static void markFailure(Map<String, Object> model, Map<String, Object> failure) {
        for (Map<String, Object> f : (List<Map<String, Object>>) model.get("forms")) {
            if (f.get("key").equals(failure.get("form"))) {
                f.put("failure", failure);
                f.put("errors", failure.get("errors"));
                f.put("values", failure.get("values"));
                f.put("open", true);
                failure.put("inForm", true);
            }
        }
    }


    // ---- helpers ---------------------------------------------------------------------------------

    private static List<Map<String, Object>> errorList(Map<String, String> errors, String prefix) {
        return errorList(errors, prefix, Map.of());
    }

    private static List<Map<String, Object>> errorList(Map<String, String> errors, String prefix, Map<String, String> alias) {
        List<Map<String, Object>> out = new ArrayList<>();
        errors.forEach((k, v) -> out.add(Map.of("field", prefix + alias.getOrDefault(k, k), "message", v)));
        return out;
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
        m.put("title", r.title());
        m.put("categoryName", r.category() == null ? null : r.category().name());
        m.put("description", r.description());
        m.put("technicianName", r.technician() == null ? null : r.technician().name());
        m.put("notifiedById", r.notifiedBy().id());
        m.put("notifiedByName", r.notifiedBy().name());
        m.put("groupName", r.group() == null ? null : r.group().name());
        m.put("rated", Boolean.TRUE.equals(r.rated()));
        m.put("solution", r.solution());
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
        String html = filterForms.get(key);
        if (html == null) {
            html = page.fragment("console/queue-filters", model);
            if (filterForms.size() >= 500) {
                filterForms.clear();
            }
            filterForms.put(key, html);
        }
        return html;
    }

    private final Map<String, String> filterForms = new java.util.concurrent.ConcurrentHashMap<>();

    /** Marks the option whose value is {@code chosen} as selected; returns the same list. */
    private static List<Map<String, Object>> mark(List<Map<String, Object>> options, @Nullable String chosen) {
        if (chosen != null) {
            for (Map<String, Object> o : options) {
                if (chosen.equals(o.get("value"))) {
                    o.put("selected", Boolean.TRUE);
                }
            }
        }
        return options;
    }

    private static Map<String, Object> option(String value, String label) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("value", value);
        m.put("label", label);
        return m;
    }


    @Nullable
    private static String blankToNull(@Nullable String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String join(List<String[]> pairs) {
        StringBuilder sb = new StringBuilder();
        for (String[] p : pairs) {
            if (!sb.isEmpty()) {
                sb.append('&');
            }
            sb.append(enc(p[0])).append('=').append(enc(p[1]));
        }
        return sb.toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
