package co.mesa.adminpages;

import co.mesa.identity.Roles;
import co.mesa.tenant.TenantConfigService;
import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.BusinessDuration;
import co.mesa.tenantconfig.ConfigKind;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.web.ProblemResponses;
import co.mesa.web.page.PageShell;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Hidden;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tenant administrator's SLA targets ({@code /admin/ans}): each policy's first-response and
 * resolution time per priority, in business hours or business days on the policy's calendar, and the
 * share of a target after which agents are warned. Changes go through
 * {@link TenantConfigService#editLive} like every admin edit; open cases are recomputed with them
 * (decision 0010), closed ones keep their outcome.
 */
@Controller("/admin")
@Hidden
@Secured(Roles.TENANT_ADMIN)
@Produces(MediaType.TEXT_HTML)
public class AdminSlaTargetsController {

    static final String[] MEASURES = {"response", "resolution"};

    private final PageShell shell;
    private final TenantConfigService configs;
    private final ProblemResponses problems;

    public AdminSlaTargetsController(PageShell shell, TenantConfigService configs, ProblemResponses problems) {
        this.shell = shell;
        this.configs = configs;
        this.problems = problems;
    }

    @Get("/ans")
    public HttpResponse<?> targets(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                   @Nullable @QueryValue String guardado) {
        PageShell.Page page = shell.page(tenant, request, auth);
        return render(page, tenant, null, Map.of(), null, guardado);
    }

    /** One policy's targets, as the form lists them: {@code t<i>.response} and {@code t<i>.resolution}. */
    @Post("/ans/politicas/{policy}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> savePolicy(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                      @PathVariable String policy, @Body Map<String, String> form) {
        PageShell.Page page = shell.page(tenant, request, auth);
        ObjectNode doc = AdminEdits.liveCopy(configs, tenant, ConfigKind.SLA_POLICIES);
        Optional<ObjectNode> found = AdminEdits.keyed(doc.path("policies"), policy);
        if (found.isEmpty()) {
            return AdminEdits.notFound(page);
        }
        Errors errors = new Errors(page);
        JsonNode targets = found.get().path("targets");
        for (int i = 0; i < targets.size(); i++) {
            ObjectNode target = (ObjectNode) targets.get(i);
            Map<String, BusinessDuration> parsed = new HashMap<>();
            for (String measure : MEASURES) {
                String raw = form.get("t" + i + "." + measure);
                if (raw == null) {
                    // Not sent: left as it is (a form always sends every input).
                    continue;
                }
                String id = fieldId(policy, i, measure);
                TargetText.Parsed p = TargetText.parse(raw);
                Integer days = TargetText.days(raw);
                if (p.outOfRange() && days != null) {
                    // Written as typed: the tenant data's limits (the schema's) refuse it next to the input.
                    target.set(measure, JsonNodeFactory.instance.objectNode().put("businessDays", days));
                } else if (p.outOfRange()) {
                    errors.field(id, "admin.targets.error.range", raw.strip());
                } else if (!p.valid()) {
                    errors.field(id, "admin.targets.error.format", raw.strip());
                } else if (p.value() == null) {
                    target.putNull(measure);
                } else {
                    target.set(measure, json(p.value()));
                    parsed.put(measure, p.value());
                }
            }
            String resolutionId = fieldId(policy, i, "resolution");
            if (target.path("resolution").isNull() && !target.hasNonNull("note")
                    && !errors.byField().containsKey(resolutionId)) {
                // Without a resolution target a policy must say why (its note), as the tenant data requires.
                errors.field(resolutionId, "admin.targets.error.resolution-required");
            }
            BusinessDuration response = parsed.get("response");
            BusinessDuration resolution = parsed.get("resolution");
            if (response != null && resolution != null && longer(response, resolution)) {
                errors.field(fieldId(policy, i, "response"), "admin.targets.error.order");
            }
        }
        if (errors.isEmpty()) {
            if (AdminEdits.save(configs, problems, request, tenant, ConfigKind.SLA_POLICIES, doc, auth, errors,
                    form.get(AdminEdits.VERSION), SlaPlaces.forPolicy(doc, policy, form))) {
                return PageShell.Page.redirect("/admin/ans?guardado=" + policy + "#politica-" + policy);
            }
        }
        return render(page, tenant, policy, form, errors, null).status(HttpStatus.UNPROCESSABLE_ENTITY);
    }

    /** The warning threshold: a whole percentage of the target (1–99), or empty for no warnings. */
    @Post("/ans/aviso")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> saveWarning(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                       @Body Map<String, String> form) {
        PageShell.Page page = shell.page(tenant, request, auth);
        ObjectNode doc = AdminEdits.liveCopy(configs, tenant, ConfigKind.SLA_POLICIES);
        Errors errors = new Errors(page);
        String raw = form.getOrDefault("aviso", "").strip().replace("%", "").strip();
        if (raw.isEmpty()) {
            doc.remove("warningPercent");
        } else {
            int percent;
            try {
                percent = Integer.parseInt(raw);
            } catch (NumberFormatException e) {
                percent = -1;
            }
            if (percent < 0) {
                errors.field("aviso", "admin.targets.error.warning", form.getOrDefault("aviso", "").strip());
            } else {
                // The range (1–99) is the tenant data's: its checks refuse the rest next to the input.
                doc.put("warningPercent", percent);
            }
        }
        if (errors.isEmpty()) {
            if (AdminEdits.save(configs, problems, request, tenant, ConfigKind.SLA_POLICIES, doc, auth, errors,
                    form.get(AdminEdits.VERSION), SlaPlaces.warning(form))) {
                return PageShell.Page.redirect("/admin/ans?guardado=aviso");
            }
        }
        return render(page, tenant, "aviso", form, errors, null).status(HttpStatus.UNPROCESSABLE_ENTITY);
    }

    /** As the tenant data writes it: "PT2H30M", or {@code {businessDays: 15}}. */
    static JsonNode json(BusinessDuration d) {
        return d.hours() != null ? TextNode.valueOf(d.hours().toString())
                : JsonNodeFactory.instance.objectNode().put("businessDays", d.businessDays());
    }

    /** Whether the policy names what it applies to (else it takes every case no earlier policy took). */
    private static boolean covers(@Nullable TenantConfig.Match m) {
        return m != null && !(m.serviceLines().isEmpty() && m.services().isEmpty() && m.categories().isEmpty()
                && m.caseTypes().isEmpty() && m.sites().isEmpty() && m.priorities().isEmpty()
                && (m.requesterGroups() == null || m.requesterGroups().isEmpty()));
    }

    static String fieldId(String policy, int target, String measure) {
        return "p-" + policy + "-t" + target + "-" + measure;
    }

    /** Whether {@code a} is longer than {@code b}, when both are of one unit (else the calendar decides: not checked). */
    static boolean longer(BusinessDuration a, BusinessDuration b) {
        if (a.hours() != null && b.hours() != null) {
            return a.hours().compareTo(b.hours()) > 0;
        }
        if (a.businessDays() != null && b.businessDays() != null) {
            return a.businessDays() > b.businessDays();
        }
        return false;
    }

    private String shown(PageShell.Page page, @Nullable BusinessDuration d) {
        if (d == null) {
            return "";
        }
        return d.hours() != null ? TargetText.hours(d.hours()) : page.t("admin.targets.days", d.businessDays());
    }

    private MutableHttpResponse<String> render(PageShell.Page page, TenantContext tenant, @Nullable String failed,
                                               Map<String, String> typed, @Nullable Errors errors,
                                               @Nullable String saved) {
        TenantConfig config = tenant.config();
        Map<String, String> priorityNames = new HashMap<>();
        config.priorities().levels().forEach(l -> priorityNames.put(l.key(), page.label(l.name())));
        Map<String, String> fieldErrors = errors == null ? Map.of() : errors.byField();
        List<Map<String, Object>> policies = new ArrayList<>();
        for (TenantConfig.SlaPolicy p : config.sla().policies()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("key", p.key());
            m.put("name", page.label(p.name()));
            m.put("calendar", config.calendars().find(p.calendar()).map(c -> page.label(c.name())).orElse(p.calendar()));
            m.put("scope", covers(p.appliesTo()) ? AdminEdits.describe(page, config, p.appliesTo())
                    : page.t("admin.targets.scope.rest"));
            m.put("saved", p.key().equals(saved));
            boolean isFailed = p.key().equals(failed);
            List<Map<String, Object>> targets = new ArrayList<>();
            for (int i = 0; i < p.targets().size(); i++) {
                TenantConfig.Target t = p.targets().get(i);
                Map<String, Object> tm = new LinkedHashMap<>();
                tm.put("index", i);
                tm.put("priority", t.priority() == null ? page.t("admin.targets.any-priority")
                        : priorityNames.getOrDefault(t.priority(), t.priority()));
                tm.put("note", t.note() == null ? null : page.label(t.note()));
                for (String measure : MEASURES) {
                    String id = fieldId(p.key(), i, measure);
                    BusinessDuration current = "response".equals(measure) ? t.response() : t.resolution();
                    String value = isFailed && typed.containsKey("t" + i + "." + measure)
                            ? typed.get("t" + i + "." + measure) : shown(page, current);
                    tm.put(measure, Map.of("id", id, "name", "t" + i + "." + measure, "value", value,
                            "error", fieldErrors.getOrDefault(id, "")));
                }
                targets.add(tm);
            }
            m.put("targets", targets);
            policies.add(m);
        }
        Map<String, Object> model = new HashMap<>();
        model.put("policies", policies);
        Integer warning = config.sla().warningPercent();
        model.put("warning", "aviso".equals(failed) ? typed.getOrDefault("aviso", "") : warning == null ? "" : warning.toString());
        model.put("warningError", fieldErrors.get("aviso"));
        model.put("warningSaved", "aviso".equals(saved));
        model.put("errors", errors == null ? null : errors.list());
        model.put("version", errors == null ? AdminEdits.version(configs, tenant, ConfigKind.SLA_POLICIES)
                : errors.versionFor(typed.getOrDefault(AdminEdits.VERSION, "")));
        return page.render("admin/sla-targets", page.t("admin.targets.title"), model);
    }
}
