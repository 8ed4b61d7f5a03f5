package co.mesa.adminpages;

import co.mesa.identity.Roles;
import co.mesa.onboarding.TenantBranding;
import co.mesa.shared.CaseFacts;
import co.mesa.shared.Problem;
import co.mesa.shared.ProblemException;
import co.mesa.sla.SlaPreviewController;
import co.mesa.sla.SlaPreviewView;
import co.mesa.sla.SlaTargets;
import co.mesa.tenant.TenantConfigService;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantSuspensions;
import co.mesa.tenantconfig.ConfigKind;
import co.mesa.tenantconfig.I18n;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.web.ProblemResponses;
import co.mesa.web.page.PageShell;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Part;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.multipart.CompletedFileUpload;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Hidden;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The tenant administrator's pages under {@code /admin}: catalog and template editor, workflow
 * (read-only), calendars (weekly hours and closures), SLA simulator, groups and routing, and
 * branding with a live preview. Every change goes through {@link TenantConfigService#editLive} (validated like the
 * tenant-config folder) or {@link TenantBranding#save}.
 */
@Controller("/admin")
@Hidden
@Secured(Roles.TENANT_ADMIN)
@Produces(MediaType.TEXT_HTML)
public class AdminPagesController {

    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> FIELD_TYPES = List.of("text", "textarea", "number", "date", "email", "phone",
            "select", "multiselect", "checkbox", "user");
    static final Pattern KEY = Pattern.compile("[a-z][a-z0-9-]{0,62}");
    static final int MAX_LOGO_BYTES = 512 * 1024;
    static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    /** The colours an administrator sets, and what each must stay readable against. */
    static final Map<String, String> BRAND_COLORS = Map.of("primary", "#ffffff", "accent", "#1f1f1f");

    private final PageShell shell;
    private final TenantConfigService configs;
    private final TenantSuspensions suspensions;
    private final SlaTargets slaTargets;
    private final SlaPreviewController slaPreview;
    private final TenantBranding branding;
    private final ProblemResponses problems;

    public AdminPagesController(PageShell shell, TenantConfigService configs, TenantSuspensions suspensions,
                                SlaTargets slaTargets, SlaPreviewController slaPreview, TenantBranding branding,
                                ProblemResponses problems) {
        this.shell = shell;
        this.configs = configs;
        this.suspensions = suspensions;
        this.slaTargets = slaTargets;
        this.slaPreview = slaPreview;
        this.branding = branding;
        this.problems = problems;
    }

    // ---- index -------------------------------------------------------------------------------

    @Get
    public HttpResponse<?> index(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth) {
        PageShell.Page page = shell.page(tenant, request, auth);
        return page.render("admin/index", page.t("admin.index.title"), Map.of());
    }

    // ---- catalog -----------------------------------------------------------------------------

    @Get("/catalogo")
    public HttpResponse<?> catalog(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth) {
        PageShell.Page page = shell.page(tenant, request, auth);
        List<Map<String, Object>> lines = new ArrayList<>();
        for (TenantConfig.ServiceLine line : tenant.config().catalog().serviceLines()) {
            List<Map<String, Object>> services = new ArrayList<>();
            for (TenantConfig.Service s : line.services()) {
                List<String> categories = s.categories().stream().map(c -> page.label(c.name())).toList();
                List<Map<String, Object>> templates = new ArrayList<>();
                for (TenantConfig.Template tpl : s.templates()) {
                    templates.add(Map.of("key", tpl.key(), "name", page.label(tpl.name()),
                            "fields", tpl.fields().size(), "restricted", !tpl.unrestricted(),
                            "href", "/admin/catalogo/" + s.key() + "/" + tpl.key()));
                }
                services.add(Map.of("key", s.key(), "name", page.label(s.name()),
                        "categories", String.join(", ", categories), "templates", templates));
            }
            lines.add(Map.of("key", line.key(), "name", page.label(line.name()),
                    "description", page.label(line.description()), "services", services));
        }
        return page.render("admin/catalog", page.t("admin.catalog.title"), Map.of("lines", lines));
    }

    @Get("/catalogo/{service}/{template}")
    public HttpResponse<?> template(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                    @PathVariable String service, @PathVariable String template,
                                    @Nullable @QueryValue String guardado) {
        PageShell.Page page = shell.page(tenant, request, auth);
        Optional<ObjectNode> node = templateNode(liveCatalog(tenant), service, template);
        if (node.isEmpty()) {
            return notFound(page);
        }
        Map<String, Object> model = templateModel(page, tenant, service, node.get(), null);
        model.put("saved", guardado != null);
        return page.render("admin/template", page.t("admin.template.title", model.get("name")), model);
    }

    @Post("/catalogo/{service}/{template}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> saveTemplate(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                        @PathVariable String service, @PathVariable String template,
                                        @Body Map<String, String> form) {
        PageShell.Page page = shell.page(tenant, request, auth);
        ObjectNode catalog = liveCatalog(tenant);
        Optional<ObjectNode> found = templateNode(catalog, service, template);
        if (found.isEmpty()) {
            return notFound(page);
        }
        ObjectNode tpl = found.get();
        Errors errors = new Errors(page);
        TemplateForm edit = TemplateForm.read(form, tpl, errors);
        if (errors.isEmpty()) {
            edit.applyTo(tpl);
            if (AdminEdits.save(configs, problems, request, tenant, ConfigKind.CATALOG, catalog, auth, errors)) {
                return PageShell.Page.redirect("/admin/catalogo/" + service + "/" + template + "?guardado=1");
            }
        }
        // Show what the person typed, with each message next to its field.
        ObjectNode typed = found.get();
        Map<String, Object> model = templateModel(page, tenant, service, typed, edit);
        model.put("errors", errors.list());
        return page.render("admin/template", page.t("admin.template.title", model.get("name")), model)
                .status(HttpStatus.UNPROCESSABLE_ENTITY);
    }

    private Map<String, Object> templateModel(PageShell.Page page, TenantContext tenant, String service, ObjectNode tpl,
                                              @Nullable TemplateForm typed) {
        Map<String, Object> m = new HashMap<>();
        String key = tpl.path("key").asText();
        m.put("service", service);
        m.put("key", key);
        m.put("action", "/admin/catalogo/" + service + "/" + key);
        tenant.config().catalog().service(service).ifPresent(s -> m.put("serviceName", page.label(s.name())));
        TemplateForm f = typed != null ? typed : TemplateForm.of(tpl);
        m.put("name", f.nameEs.isBlank() ? key : "en".equals(page.locale().getLanguage()) && !f.nameEn.isBlank() ? f.nameEn : f.nameEs);
        m.put("form", f.model(typed == null ? Map.of() : typed.errors));
        m.put("types", FIELD_TYPES.stream().map(t -> Map.of("key", t, "name", page.t("admin.field.type." + t))).toList());
        return m;
    }

    private ObjectNode liveCatalog(TenantContext tenant) {
        return liveCopy(tenant, ConfigKind.CATALOG);
    }

    private ObjectNode liveCopy(TenantContext tenant, ConfigKind kind) {
        return AdminEdits.liveCopy(configs, tenant, kind);
    }

    /** The item of {@code items} whose {@code key} is {@code key} (keys are unique: tenant-config checks them). */
    static Optional<ObjectNode> keyed(JsonNode items, String key) {
        for (JsonNode item : items) {
            if (key.equals(item.path("key").asText())) {
                return Optional.of((ObjectNode) item);
            }
        }
        return Optional.empty();
    }

    static Optional<ObjectNode> templateNode(ObjectNode catalog, String service, String template) {
        for (JsonNode line : catalog.path("serviceLines")) {
            Optional<ObjectNode> s = keyed(line.path("services"), service);
            if (s.isPresent()) {
                return keyed(s.get().path("templates"), template);
            }
        }
        return Optional.empty();
    }

    // ---- workflow ----------------------------------------------------------------------------

    @Get("/flujo")
    public HttpResponse<?> workflow(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth) {
        PageShell.Page page = shell.page(tenant, request, auth);
        TenantConfig.Workflow wf = tenant.config().workflow();
        Map<String, String> stateNames = new HashMap<>();
        wf.states().forEach(s -> stateNames.put(s.key(), page.label(s.name())));
        List<Map<String, Object>> states = wf.states().stream().map(s -> Map.<String, Object>of(
                "key", s.key(), "name", page.label(s.name()), "phase", page.t("admin.workflow.phase." + s.phase().name()),
                "initial", s.initial(), "stopsClock", s.stopsClock())).toList();
        List<Map<String, Object>> substates = wf.substates().stream().map(s -> Map.<String, Object>of(
                "key", s.key(), "name", page.label(s.name()),
                "states", String.join(", ", s.states().stream().map(k -> stateNames.getOrDefault(k, k)).toList()),
                "stopsClock", s.stopsClock())).toList();
        List<Map<String, Object>> transitions = wf.transitions().stream().map(t -> Map.<String, Object>of(
                "key", t.key(), "name", page.label(t.name()),
                "from", String.join(", ", t.from().stream().map(k -> "*".equals(k) ? page.t("admin.workflow.any")
                        : stateNames.getOrDefault(k, k)).toList()),
                "to", stateNames.getOrDefault(t.to(), t.to()), "requiresNote", t.requiresNote(),
                "automatic", t.automaticOn() != null)).toList();
        List<Map<String, Object>> actions = wf.actions().stream().map(a -> Map.<String, Object>of(
                "kind", a.kind(), "name", page.label(a.name()),
                "states", a.states().isEmpty() ? page.t("admin.workflow.open-states")
                        : String.join(", ", a.states().stream().map(k -> stateNames.getOrDefault(k, k)).toList()),
                "published", a.published())).toList();
        return page.render("admin/workflow", page.t("admin.workflow.title"), Map.of("states", states,
                "substates", substates, "transitions", transitions, "actions", actions));
    }

    // ---- calendars: hours and closures -------------------------------------------------------

    @Get("/calendarios")
    public HttpResponse<?> calendars(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                     @Nullable @QueryValue String guardado) {
        PageShell.Page page = shell.page(tenant, request, auth);
        return calendarsPage(page, tenant, null, Map.of(), guardado != null).status(HttpStatus.OK);
    }

    @Post("/calendarios/{calendar}/cierres")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> closures(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                    @PathVariable String calendar, @Body Map<String, String> form) {
        PageShell.Page page = shell.page(tenant, request, auth);
        ObjectNode doc = liveCopy(tenant, ConfigKind.CALENDARS);
        Optional<ObjectNode> found = keyed(doc.path("calendars"), calendar);
        if (found.isEmpty()) {
            return notFound(page);
        }
        ObjectNode cal = found.get();
        Errors errors = new Errors(page);
        String remove = form.get("eliminar");
        TreeSet<String> days = new TreeSet<>();
        cal.path("extraClosedDays").forEach(d -> days.add(d.asText()));
        String fieldId = "fecha-" + calendar;
        if (remove != null) {
            if (!days.remove(remove)) {
                return notFound(page);
            }
        } else {
            String raw = form.getOrDefault("fecha", "").strip();
            if (raw.isEmpty()) {
                errors.field(fieldId, "admin.calendars.error.date-required");
            } else {
                try {
                    LocalDate date = LocalDate.parse(raw);
                    if (date.getYear() < 1984 || date.getYear() > 2199) {
                        errors.field(fieldId, "admin.calendars.error.date-range");
                    } else if (!days.add(date.toString())) {
                        errors.field(fieldId, "admin.calendars.error.date-duplicate", raw);
                    }
                } catch (DateTimeParseException e) {
                    errors.field(fieldId, "admin.calendars.error.date-format", raw);
                }
            }
        }
        if (errors.isEmpty()) {
            ArrayNode list = cal.putArray("extraClosedDays");
            days.forEach(list::add);
            if (AdminEdits.save(configs, problems, request, tenant, ConfigKind.CALENDARS, doc, auth, errors)) {
                return PageShell.Page.redirect("/admin/calendarios?guardado=1");
            }
        }
        return calendarsPage(page, tenant, calendar, Map.of("fecha", form.getOrDefault("fecha", ""), "errors", errors.list(),
                "fieldErrors", errors.byField()), false).status(HttpStatus.UNPROCESSABLE_ENTITY);
    }

    @Post("/calendarios/{calendar}/horario")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> hours(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                 @PathVariable String calendar, @Body Map<String, String> form) {
        PageShell.Page page = shell.page(tenant, request, auth);
        ObjectNode doc = liveCopy(tenant, ConfigKind.CALENDARS);
        Optional<ObjectNode> found = keyed(doc.path("calendars"), calendar);
        if (found.isEmpty()) {
            return notFound(page);
        }
        Errors errors = new Errors(page);
        HoursForm typed = HoursForm.read(form, calendar, errors, page.locale());
        if (errors.isEmpty() && countsBusinessDays(tenant.config(), calendar) && typed.lengths().size() > 1) {
            // Said here in the person's words; the tenant-data checks would refuse it too.
            errors.field(HoursForm.daysId(calendar), "admin.calendars.hours.error.same-length",
                    String.join(", ", typed.lengths().stream().map(HoursForm::format).toList()));
        }
        if (errors.isEmpty()) {
            found.get().set("hours", typed.windows());
            if (AdminEdits.save(configs, problems, request, tenant, ConfigKind.CALENDARS, doc, auth, errors)) {
                return PageShell.Page.redirect("/admin/calendarios?guardado=1");
            }
        }
        return calendarsPage(page, tenant, calendar, Map.of("hoursForm", typed, "errors", errors.list(),
                "fieldErrors", errors.byField()), false).status(HttpStatus.UNPROCESSABLE_ENTITY);
    }

    /** True when an SLA target or the automatic closing counts business days on this calendar: its days must be equal. */
    static boolean countsBusinessDays(TenantConfig config, String calendar) {
        boolean sla = config.sla().policies().stream().filter(p -> calendar.equals(p.calendar()))
                .flatMap(p -> p.targets().stream())
                .anyMatch(t -> inDays(t.response()) || inDays(t.resolution()));
        TenantConfig.AutoClose autoClose = config.settings().autoClose();
        return sla || autoClose != null && autoClose.enabled() && calendar.equals(autoClose.calendar())
                && inDays(autoClose.after());
    }

    private static boolean inDays(@Nullable co.mesa.tenantconfig.BusinessDuration d) {
        return d != null && d.businessDays() != null;
    }

    private io.micronaut.http.MutableHttpResponse<String> calendarsPage(PageShell.Page page, TenantContext tenant,
                                                                          @Nullable String failedCalendar,
                                                                          Map<String, Object> failed, boolean saved) {
        List<Map<String, Object>> cals = new ArrayList<>();
        for (TenantConfig.Calendar c : tenant.config().calendars().calendars()) {
            Map<String, Object> m = new HashMap<>();
            m.put("key", c.key());
            m.put("name", page.label(c.name()));
            m.put("zone", c.timeZone());
            m.put("holidays", c.holidays() == null ? page.t("admin.calendars.holidays.none")
                    : page.t("admin.calendars.holidays." + c.holidays()));
            m.put("hours", c.hours().stream().map(w -> Map.of(
                    "days", String.join(", ", w.days().stream()
                            .map(d -> d.getDisplayName(java.time.format.TextStyle.FULL, page.locale())).toList()),
                    "from", w.from().toString(), "to", w.to())).toList());
            m.put("closed", c.extraClosedDays().stream().map(LocalDate::toString).toList());
            HoursForm hours = HoursForm.of(c);
            m.put("notOnePerDay", hours.notOnePerDay);
            Map<String, String> fieldErrors = Map.of();
            if (c.key().equals(failedCalendar)) {
                m.putAll(failed);
                @SuppressWarnings("unchecked")
                Map<String, String> fe = (Map<String, String>) failed.get("fieldErrors");
                fieldErrors = fe == null ? Map.of() : fe;
                m.put("error", fieldErrors.get("fecha-" + c.key()));
                if (failed.get("hoursForm") instanceof HoursForm typed) {
                    hours = typed;
                }
            }
            m.put("week", hours.model(c.key(), page.locale(), fieldErrors));
            m.put("daysId", HoursForm.daysId(c.key()));
            m.put("sameLength", countsBusinessDays(tenant.config(), c.key()));
            m.put("daysError", fieldErrors.get(HoursForm.daysId(c.key())));
            cals.add(m);
        }
        List<Map<String, Object>> periods = new ArrayList<>();
        TenantSuspensions.Status status = suspensions.status(tenant);
        for (TenantSuspensions.Period p : status.periods()) {
            Map<String, Object> m = new HashMap<>();
            m.put("start", p.start());
            m.put("end", p.end());
            periods.add(m);
        }
        Map<String, Object> model = new HashMap<>();
        model.put("calendars", cals);
        model.put("periods", periods);
        model.put("saved", saved);
        model.put("errors", failed.get("errors"));
        return page.render("admin/calendars", page.t("admin.calendars.title"), model);
    }

    // ---- SLA simulator -----------------------------------------------------------------------

    @Get("/sla")
    public HttpResponse<?> sla(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                               @Nullable @QueryValue String categoria, @Nullable @QueryValue String prioridad,
                               @Nullable @QueryValue String inicio) {
        PageShell.Page page = shell.page(tenant, request, auth);
        TenantConfig config = tenant.config();
        List<Map<String, Object>> categories = new ArrayList<>();
        for (TenantConfig.ServiceLine line : config.catalog().serviceLines()) {
            for (TenantConfig.Service s : line.services()) {
                for (TenantConfig.Category c : s.categories()) {
                    categories.add(Map.of("value", line.key() + "/" + s.key() + "/" + c.key(),
                            "name", page.label(s.name()) + " — " + page.label(c.name())));
                }
            }
        }
        List<Map<String, Object>> priorities = config.priorities().levels().stream()
                .map(l -> Map.<String, Object>of("key", l.key(), "name", page.label(l.name()))).toList();
        Map<String, Object> model = new HashMap<>();
        model.put("categories", categories);
        model.put("priorities", priorities);
        model.put("categoria", categoria);
        model.put("prioridad", prioridad);
        model.put("inicio", inicio);
        if (categoria != null || prioridad != null || inicio != null) {
            Errors errors = new Errors(page);
            String[] parts = categoria == null ? new String[0] : categoria.split("/", -1);
            if (parts.length != 3 || categories.stream().noneMatch(c -> c.get("value").equals(categoria))) {
                errors.field("categoria", "admin.sla.error.category");
            }
            if (prioridad == null || priorities.stream().noneMatch(p -> p.get("key").equals(prioridad))) {
                errors.field("prioridad", "admin.sla.error.priority");
            }
            if (inicio == null || inicio.isBlank()) {
                errors.field("inicio", "admin.sla.error.start");
            }
            if (errors.isEmpty()) {
                CaseFacts facts = new CaseFacts(parts[0], parts[1], parts[2], null, null, prioridad);
                Optional<SlaTargets.Targets> targets = slaTargets.targetsFor(config, facts);
                if (targets.isEmpty()) {
                    model.put("noPolicy", true);
                } else {
                    SlaTargets.Targets t = targets.get();
                    Map<String, Object> result = new HashMap<>();
                    config.sla().policies().stream().filter(p -> p.key().equals(t.policy())).findFirst()
                            .ifPresent(p -> result.put("policy", page.label(p.name())));
                    config.calendars().find(t.calendar()).ifPresent(c -> result.put("calendar", page.label(c.name())));
                    result.put("note", t.note() == null ? null : page.label(t.note()));
                    try {
                        result.put("response", due(tenant, request, inicio, t.response(), t.calendar()));
                        result.put("resolution", due(tenant, request, inicio, t.resolution(), t.calendar()));
                        model.put("result", result);
                    } catch (ProblemException e) {
                        Problem p = problems.problem(request, e);
                        if (p.invalidParams() != null) {
                            p.invalidParams().stream().filter(ip -> ip.name().equals("start"))
                                    .forEach(ip -> errors.raw("inicio", ip.reason()));
                        }
                        if (errors.isEmpty()) {
                            errors.problem(p);
                        }
                    }
                }
            }
            model.put("errors", errors.list());
            model.put("fieldErrors", errors.byField());
        }
        return page.render("admin/sla", page.t("admin.sla.title"), model);
    }

    @Nullable
    private Map<String, Object> due(TenantContext tenant, HttpRequest<?> request, String start, @Nullable Duration target,
                                    String calendar) {
        if (target == null) {
            return null;
        }
        String iso = "PT" + target.toHours() + "H" + target.toMinutesPart() + "M";
        SlaPreviewView v = slaPreview.preview(tenant, request, start, iso, null, calendar);
        return Map.of("start", v.start(), "due", v.dueAt(), "hours", target.toHours(), "minutes", target.toMinutesPart());
    }

    // ---- groups and routing ------------------------------------------------------------------

    @Get("/grupos")
    public HttpResponse<?> groups(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                  @Nullable @QueryValue String guardado) {
        PageShell.Page page = shell.page(tenant, request, auth);
        return groupsPage(page, tenant, Map.of(), guardado != null);
    }

    @Post("/grupos/{group}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> renameGroup(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                       @PathVariable String group, @Body Map<String, String> form) {
        PageShell.Page page = shell.page(tenant, request, auth);
        ObjectNode doc = liveCopy(tenant, ConfigKind.GROUPS);
        Optional<ObjectNode> found = keyed(doc.path("groups"), group);
        if (found.isEmpty()) {
            return notFound(page);
        }
        ObjectNode node = found.get();
        Errors errors = new Errors(page);
        String es = form.getOrDefault("nombreEs", "").strip();
        String en = form.getOrDefault("nombreEn", "").strip();
        if (es.isEmpty()) {
            errors.field("nombreEs-" + group, "admin.groups.error.name-required");
        } else if (es.length() > 200 || en.length() > 200) {
            errors.field("nombreEs-" + group, "admin.error.too-long", 200);
        }
        if (errors.isEmpty()) {
            ObjectNode name = node.putObject("name");
            name.put("es-CO", es);
            if (!en.isEmpty()) {
                name.put("en", en);
            }
            if (AdminEdits.save(configs, problems, request, tenant, ConfigKind.GROUPS, doc, auth, errors)) {
                return PageShell.Page.redirect("/admin/grupos?guardado=1");
            }
        }
        return groupsPage(page, tenant, Map.of("failedGroup", group, "nombreEs", es, "nombreEn", en,
                "errors", errors.list(), "fieldErrors", errors.byField()), false).status(HttpStatus.UNPROCESSABLE_ENTITY);
    }

    @Post("/reglas/{rule}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> retargetRule(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                        @PathVariable String rule, @Body Map<String, String> form) {
        PageShell.Page page = shell.page(tenant, request, auth);
        ObjectNode doc = liveCopy(tenant, ConfigKind.ROUTING);
        Optional<ObjectNode> found = keyed(doc.path("rules"), rule);
        if (found.isEmpty()) {
            return notFound(page);
        }
        ObjectNode node = found.get();
        Errors errors = new Errors(page);
        String group = form.getOrDefault("grupo", "").strip();
        String fieldId = "grupo-" + rule;
        if (tenant.config().groups().groups().stream().noneMatch(g -> g.key().equals(group))) {
            errors.field(fieldId, "admin.routing.error.group");
        }
        if (errors.isEmpty()) {
            ObjectNode assignTo = (ObjectNode) node.get("assignTo");
            assignTo.put("group", group);
            if (AdminEdits.save(configs, problems, request, tenant, ConfigKind.ROUTING, doc, auth, errors)) {
                return PageShell.Page.redirect("/admin/grupos?guardado=1");
            }
        }
        return groupsPage(page, tenant, Map.of("failedRule", rule, "errors", errors.list(),
                "fieldErrors", errors.byField()), false).status(HttpStatus.UNPROCESSABLE_ENTITY);
    }

    private io.micronaut.http.MutableHttpResponse<String> groupsPage(PageShell.Page page, TenantContext tenant,
                                                                       Map<String, Object> failed, boolean saved) {
        TenantConfig config = tenant.config();
        Map<String, String> tiers = new HashMap<>();
        config.groups().tiers().forEach(t -> tiers.put(t.key(), page.label(t.name())));
        Map<String, String> groupNames = new HashMap<>();
        List<Map<String, Object>> groups = new ArrayList<>();
        for (TenantConfig.Group g : config.groups().groups()) {
            groupNames.put(g.key(), page.label(g.name()));
            Map<String, Object> m = new HashMap<>();
            m.put("key", g.key());
            m.put("name", page.label(g.name()));
            m.put("nameEs", I18n.resolve(g.name(), List.of(java.util.Locale.forLanguageTag("es-CO"))));
            m.put("nameEn", g.name() == null ? "" : g.name().texts().getOrDefault("en", ""));
            m.put("tier", tiers.getOrDefault(g.tier(), g.tier()));
            m.put("vendor", g.vendor());
            m.put("email", g.email());
            if (g.key().equals(failed.get("failedGroup"))) {
                m.put("nameEs", failed.get("nombreEs"));
                m.put("nameEn", failed.get("nombreEn"));
                @SuppressWarnings("unchecked")
                Map<String, String> fe = (Map<String, String>) failed.get("fieldErrors");
                m.put("error", fe.get("nombreEs-" + g.key()));
                m.put("open", true);
            }
            groups.add(m);
        }
        List<Map<String, Object>> rules = new ArrayList<>();
        int i = 1;
        for (TenantConfig.Rule r : config.routing().rules()) {
            Map<String, Object> m = new HashMap<>();
            m.put("order", i++);
            m.put("name", page.label(r.name()));
            m.put("when", describe(page, config, r.when()));
            m.put("key", r.key());
            m.put("group", groupNames.getOrDefault(r.assignTo().group(), r.assignTo().group()));
            m.put("groupKey", r.assignTo().group());
            if (r.key().equals(failed.get("failedRule"))) {
                @SuppressWarnings("unchecked")
                Map<String, String> fe = (Map<String, String>) failed.get("fieldErrors");
                m.put("error", fe.get("grupo-" + r.key()));
            }
            m.put("strategy", page.t("admin.routing.strategy." + (r.assignTo().strategy() == null ? "round-robin" : r.assignTo().strategy())));
            rules.add(m);
        }
        Map<String, Object> model = new HashMap<>();
        model.put("groups", groups);
        model.put("rules", rules);
        model.put("groupOptions", config.groups().groups().stream()
                .map(g -> Map.of("key", g.key(), "name", page.label(g.name()))).toList());
        model.put("defaultGroup", groupNames.getOrDefault(config.routing().defaultGroup(), config.routing().defaultGroup()));
        model.put("saved", saved);
        model.put("errors", failed.get("errors"));
        return page.render("admin/groups", page.t("admin.groups.title"), model);
    }

    /** What a routing rule's or an SLA policy's conditions cover, in words. */
    static String describe(PageShell.Page page, TenantConfig config, TenantConfig.Match when) {
        if (when == null) {
            return page.t("admin.routing.always");
        }
        List<String> parts = new ArrayList<>();
        if (when.services() != null && !when.services().isEmpty()) {
            parts.add(page.t("admin.routing.services") + " " + String.join(", ", when.services().stream()
                    .map(k -> config.catalog().service(k).map(s -> page.label(s.name())).orElse(k)).toList()));
        }
        if (when.serviceLines() != null && !when.serviceLines().isEmpty()) {
            parts.add(page.t("admin.routing.lines") + " " + String.join(", ", when.serviceLines().stream()
                    .map(k -> config.catalog().serviceLines().stream().filter(l -> l.key().equals(k)).findFirst()
                            .map(l -> page.label(l.name())).orElse(k)).toList()));
        }
        if (when.categories() != null && !when.categories().isEmpty()) {
            parts.add(page.t("admin.routing.categories") + " " + String.join(", ", when.categories()));
        }
        if (when.caseTypes() != null && !when.caseTypes().isEmpty()) {
            parts.add(page.t("admin.routing.case-types") + " " + String.join(", ", when.caseTypes().stream()
                    .map(k -> config.workflow().caseTypes().stream().filter(t -> t.key().equals(k)).findFirst()
                            .map(t -> page.label(t.name())).orElse(k)).toList()));
        }
        if (when.priorities() != null && !when.priorities().isEmpty()) {
            parts.add(page.t("admin.routing.priorities") + " " + String.join(", ", when.priorities().stream()
                    .map(k -> config.priorities().levels().stream().filter(l -> l.key().equals(k)).findFirst()
                            .map(l -> page.label(l.name())).orElse(k)).toList()));
        }
        return parts.isEmpty() ? page.t("admin.routing.other") : String.join("; ", parts);
    }

    // ---- branding ----------------------------------------------------------------------------

    @Get("/marca")
    public HttpResponse<?> brand(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                 @Nullable @QueryValue String guardado) {
        PageShell.Page page = shell.page(tenant, request, auth);
        Map<String, String> colors = currentColors(tenant);
        Map<String, Object> model = new HashMap<>();
        model.put("primary", colors.get("primary"));
        model.put("accent", colors.get("accent"));
        model.put("saved", guardado != null);
        model.put("maxKb", MAX_LOGO_BYTES / 1024);
        model.put("ownLogo", branding.of(tenant).flatMap(TenantBranding.Stored::logoUrl).isPresent());
        return page.render("admin/brand", page.t("admin.brand.title"), model);
    }

    @Post(value = "/marca", consumes = MediaType.MULTIPART_FORM_DATA)
    public HttpResponse<?> saveBrand(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                     @Nullable @Part("primary") String primary,
                                     @Nullable @Part("accent") String accent,
                                     @Nullable @Part("logo") CompletedFileUpload logo,
                                     @Nullable @Part("quitarLogo") String dropLogo) {
        PageShell.Page page = shell.page(tenant, request, auth);
        Errors errors = new Errors(page);
        Map<String, String> given = new LinkedHashMap<>();
        given.put("primary", primary == null ? "" : primary.strip());
        given.put("accent", accent == null ? "" : accent.strip());
        Map<String, String> colors = new LinkedHashMap<>();
        given.forEach((token, value) -> {
            String against = BRAND_COLORS.get(token);
            if (!Contrast.HEX.matcher(value).matches()) {
                errors.field(token, "admin.brand.error.hex", value);
                return;
            }
            double ratio = Contrast.ratio(value.toLowerCase(java.util.Locale.ROOT), against);
            if (ratio < Contrast.AA) {
                errors.field(token, "admin.brand.error.contrast." + token, value,
                        Contrast.format(ratio, page.locale()));
                return;
            }
            colors.put(token, value.toLowerCase(java.util.Locale.ROOT));
        });
        byte[] logoBytes = null;
        String logoType = null;
        if (logo != null && logo.getSize() > 0) {
            try {
                logoBytes = logo.getBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            logoType = logoType(logoBytes);
            if (logoBytes.length > MAX_LOGO_BYTES) {
                errors.field("logo", "admin.brand.error.logo-size", MAX_LOGO_BYTES / 1024);
            } else if (logoType == null) {
                errors.field("logo", "admin.brand.error.logo-type");
            }
        }
        if (errors.isEmpty()) {
            branding.save(tenant, colors, logoBytes, logoType, logoBytes == null && dropLogo != null);
            shell.brandingChanged(tenant);
            return PageShell.Page.redirect("/admin/marca?guardado=1");
        }
        Map<String, Object> model = new HashMap<>();
        model.put("primary", given.get("primary"));
        model.put("accent", given.get("accent"));
        model.put("maxKb", MAX_LOGO_BYTES / 1024);
        model.put("errors", errors.list());
        model.put("fieldErrors", errors.byField());
        model.put("ownLogo", branding.of(tenant).flatMap(TenantBranding.Stored::logoUrl).isPresent());
        model.put("dropLogo", dropLogo != null);
        return page.render("admin/brand", page.t("admin.brand.title"), model).status(HttpStatus.UNPROCESSABLE_ENTITY);
    }

    /** The colours in force: stored branding over the theme's, as {@code #rrggbb}. */
    private Map<String, String> currentColors(TenantContext tenant) {
        Map<String, String> out = new HashMap<>();
        Map<String, String> theme = Map.of();
        try {
            theme = themeColors(tenant.config().tenant().theme());
        } catch (RuntimeException e) {
            // no theme file: base colours below
        }
        out.put("primary", theme.getOrDefault("primary", "#3366cc"));
        out.put("accent", theme.getOrDefault("accent", "#e8eef9"));
        branding.of(tenant).ifPresent(b -> b.colors().forEach((k, v) -> {
            if (BRAND_COLORS.containsKey(k) && Contrast.HEX.matcher(v).matches()) {
                out.put(k, v);
            }
        }));
        return out;
    }

    private static Map<String, String> themeColors(@Nullable String theme) {
        Map<String, String> out = new HashMap<>();
        for (String name : new String[]{"base", theme}) {
            if (name == null) {
                continue;
            }
            try (var in = AdminPagesController.class.getResourceAsStream("/themes/" + name + "/theme.properties")) {
                if (in == null) {
                    continue;
                }
                java.util.Properties p = new java.util.Properties();
                p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
                p.forEach((k, v) -> {
                    if (k.toString().startsWith("color.")) {
                        out.put(k.toString().substring("color.".length()), v.toString());
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    @Nullable
    static String logoType(byte[] bytes) {
        if (bytes.length > PNG_SIGNATURE.length
                && java.util.Arrays.equals(java.util.Arrays.copyOf(bytes, PNG_SIGNATURE.length), PNG_SIGNATURE)) {
            return "image/png";
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        return text.contains("<svg") ? "image/svg+xml" : null;
    }

    // ---- shared ------------------------------------------------------------------------------

    private static HttpResponse<?> notFound(PageShell.Page page) {
        return AdminEdits.notFound(page);
    }
}
