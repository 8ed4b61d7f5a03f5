package co.mesa.console;

import co.mesa.record.ChangeView;
import co.mesa.record.RecordService;
import co.mesa.record.RecordView;
import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.ticket.CaseService;
import co.mesa.ticket.CaseView;
import co.mesa.web.page.PageShell;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The form of a change's facts (issue 27) shared by "Nuevo cambio" and its edit: what was typed goes back as typed,
 * each error beside its field and in a summary that links to it, the window in the entity's day-first format and zone,
 * the services and sites from the entity's catalog and sites, and the linked problem or case shown as text.
 */
@Singleton
public class ConsoleChangeForm {

    static final List<String> TYPES = List.of("estandar", "normal", "emergencia");
    static final List<String> LEVELS = List.of("bajo", "medio", "alto");
    /** The form's required text fields and the API's field names for them. */
    static final Map<String, String> REQUIRED = linked("titulo", "title", "descripcion", "description", "motivo", "reason",
            "planImplementacion", "implementationPlan", "planReversion", "backoutPlan");

    private final RecordService records;
    private final CaseService cases;

    public ConsoleChangeForm(RecordService records, CaseService cases) {
        this.records = records;
        this.cases = cases;
    }

    /** Checked boxes named {@code prefix-N}: their values, once each. */
    static List<String> ticked(Map<String, String> form, String prefix) {
        return form.entrySet().stream().filter(e -> e.getKey().matches(prefix + "-\\d{1,3}")).map(Map.Entry::getValue)
                .distinct().limit(50).toList();
    }

    /**
     * What can be said without the service: required fields left empty and a window not in the entity's format, each
     * under the API's field name — so every such mistake shows at once. The ISO instants go into {@code iso}.
     */
    static Map<String, String> precheck(PageShell.Page page, TenantContext tenant, Map<String, String> form,
                                        Map<String, String> iso, boolean creating) {
        Map<String, String> errors = new LinkedHashMap<>();
        REQUIRED.forEach((input, field) -> {
            if ((creating || !field.equals("title") && !field.equals("description")) && blank(form.get(input))) {
                errors.put(field, page.t("console.changes.form.required"));
            }
        });
        if (!TYPES.contains(form.getOrDefault("tipo", ""))) {
            errors.put("type", page.t("console.changes.form.choose"));
        }
        if (!LEVELS.contains(form.getOrDefault("riesgo", ""))) {
            errors.put("risk", page.t("console.changes.form.choose"));
        }
        if (!LEVELS.contains(form.getOrDefault("impacto", ""))) {
            errors.put("impact", page.t("console.changes.form.choose"));
        }
        for (String[] w : new String[][]{{"desde", "windowStart"}, {"hasta", "windowEnd"}}) {
            String typed = form.get(w[0]);
            Instant at = ConsoleNotices.parse(typed, tenant.zone());
            if (at == null) {
                errors.put(w[1], page.t(blank(typed) ? "console.changes.form.required" : "console.changes.form.datetime"));
            } else {
                iso.put(w[1], at.toString());
            }
        }
        return errors;
    }

    /** The values of an existing change as the form shows them. */
    static Map<String, String> values(TenantContext tenant, ChangeView v) {
        Map<String, String> m = new HashMap<>();
        ChangeView.Facts f = v.change();
        m.put("titulo", v.record().title());
        m.put("descripcion", v.record().description());
        m.put("tipo", f.type());
        m.put("motivo", f.reason());
        m.put("riesgo", f.risk());
        m.put("impacto", f.impact());
        m.put("planImplementacion", f.implementationPlan());
        m.put("planReversion", f.backoutPlan());
        m.put("desde", ConsoleNotices.format(Instant.parse(f.windowStart()), tenant.zone()));
        m.put("hasta", ConsoleNotices.format(Instant.parse(f.windowEnd()), tenant.zone()));
        for (int i = 0; i < f.services().size(); i++) {
            m.put("servicio-" + i, f.services().get(i));
        }
        for (int i = 0; i < f.sites().size(); i++) {
            m.put("sede-" + i, f.sites().get(i));
        }
        m.put("version", String.valueOf(v.record().version()));
        return m;
    }

    /** The form page: {@code change} is null for "Nuevo cambio". */
    MutableHttpResponse<String> render(PageShell.Page page, TenantContext tenant, Map<String, String> form,
                                       Map<String, String> errors, @Nullable String problem, @Nullable ChangeView change) {
        Map<String, Object> model = new HashMap<>();
        model.put("f", form);
        model.put("errors", errors);
        model.put("problem", problem);
        List<Map<String, String>> summary = new ArrayList<>();
        errors.forEach((field, message) -> summary.add(Map.of("href", "#" + anchor(field), "message", message)));
        model.put("errorList", summary);
        List<String> services = ticked(form, "servicio");
        List<String> sites = ticked(form, "sede");
        List<Map<String, Object>> serviceRows = new ArrayList<>();
        for (TenantConfig.Service s : tenant.config().catalog().services().toList()) {
            serviceRows.add(Map.of("key", s.key(), "name", page.label(s.name()), "checked", services.contains(s.key())));
        }
        List<Map<String, Object>> siteRows = new ArrayList<>();
        for (TenantConfig.Site s : tenant.config().sites().all().toList()) {
            siteRows.add(Map.of("key", s.key(), "name", page.label(s.name()), "checked", sites.contains(s.key())));
        }
        model.put("services", serviceRows);
        model.put("sites", siteRows);
        model.put("types", options(page, "console.changes.type.", TYPES, form.get("tipo")));
        model.put("risks", options(page, "console.changes.level.", LEVELS, form.get("riesgo")));
        model.put("impacts", options(page, "console.changes.level.", LEVELS, form.get("impacto")));
        model.put("change", change == null ? null : change.record());
        model.put("action", change == null ? "/consola/cambios/nuevo" : "/consola/cambios/" + change.record().id() + "/editar");
        if (change == null) {
            links(page, tenant, form, model);
        }
        model.put("nav", "changes");
        String title = change == null ? page.t("console.changes.new.title")
                : page.t("console.changes.edit.title", change.record().code());
        return page.render("console/change-form", title, model);
    }

    /** The linked problem and case, as text: only what the caller may read. */
    private void links(PageShell.Page page, TenantContext tenant, Map<String, String> form, Map<String, Object> model) {
        Optional<UUID> p = CaseService.uuid(form.getOrDefault("problema", ""));
        Optional<RecordView> problem = p.isEmpty() || tenant.config().workflow().record(RecordService.PROBLEM).isEmpty()
                ? Optional.empty() : records.get(tenant, page.auth(), RecordService.PROBLEM, p.get(), page.locale());
        problem.ifPresent(v -> model.put("linkedProblem", Map.of("id", v.id(), "code", v.code(), "title", v.title())));
        Optional<UUID> c = CaseService.uuid(form.getOrDefault("caso", ""));
        Optional<CaseView> kase = c.isEmpty() ? Optional.empty() : cases.get(tenant, page.auth(), c.get(), page.languages());
        kase.ifPresent(v -> model.put("linkedCase", Map.of("id", v.id(), "code", v.code(), "title", v.title())));
    }

    private static List<Map<String, Object>> options(PageShell.Page page, String prefix, List<String> keys,
                                                     @Nullable String chosen) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String k : keys) {
            out.add(Map.of("key", k, "label", page.t(prefix + k), "checked", k.equals(chosen)));
        }
        return out;
    }

    /** The input a field's error points to. */
    static String anchor(String field) {
        return switch (field) {
            case "title" -> "nc-title";
            case "description" -> "nc-description";
            case "type" -> "nc-type-" + TYPES.get(0);
            case "reason" -> "nc-reason";
            case "services" -> "nc-services";
            case "sites" -> "nc-sites";
            case "risk" -> "nc-risk";
            case "impact" -> "nc-impact";
            case "implementationPlan" -> "nc-implementation";
            case "backoutPlan" -> "nc-backout";
            case "windowStart" -> "nc-start";
            case "windowEnd" -> "nc-end";
            default -> "nc-form";
        };
    }

    static boolean blank(@Nullable String v) {
        return v == null || v.isBlank();
    }

    private static Map<String, String> linked(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
