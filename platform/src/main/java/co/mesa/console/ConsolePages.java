package co.mesa.console;

import co.mesa.tenantconfig.TenantConfig;
import co.mesa.web.page.PageShell;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the console's pages share: tabs, notices, select options, error lists. */
final class ConsolePages {

    static final List<String> TABS = List.of("resumen", "general", "investigacion", "cierre", "adicional");
    static final java.util.regex.Pattern CODE = java.util.regex.Pattern.compile("[A-Za-z0-9 -]{1,40}");

    private ConsolePages() {
    }

    /** A link in an error summary: the field it points at and its message. */
    record FieldError(String field, String message) {
    }

    static String tab(@Nullable String pestana) {
        return pestana != null && TABS.contains(pestana) ? pestana : "resumen";
    }

    static HttpResponse<?> notFound(PageShell.Page page) {
        return page.error(HttpStatus.NOT_FOUND, "shell.error.notfound.title", "shell.error.notfound.detail");
    }

    /** The name of what was just done ({@code aviso}): an action, a transition ({@code t:key}) or a notification. */
    @Nullable
    static String noticeFor(TenantConfig config, PageShell.Page page, @Nullable String aviso) {
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
        if ("mayor".equals(aviso) || "no-mayor".equals(aviso)) {
            return page.t("console.major.done." + aviso); // major incidents (issue 20)
        }
        if ("registro".equals(aviso)) {
            return page.t("console.register.title"); // the console's registration (issue 20)
        }
        return config.workflow().action(aviso).map(a -> page.label(a.name())).orElse(null);
    }

    /**
     * Categories grouped by service; values are the category key, or "service|category" for actions.
     * For actions (choosing where a case goes) retired services, lines and categories are left out (issue 21);
     * filters keep them, since old cases still carry them.
     */
    static List<Map<String, Object>> categoryGroups(TenantConfig config, PageShell.Page page, boolean withService) {
        List<Map<String, Object>> groups = new ArrayList<>();
        config.catalog().services().forEach(s -> {
            if (s.categories() == null || s.categories().isEmpty()) {
                return;
            }
            if (withService && config.catalog().retired(s.key())) {
                return;
            }
            List<Map<String, Object>> options = s.categories().stream()
                    .filter(c -> !withService || !c.isRetired())
                    .map(c -> option(withService ? s.key() + "|" + c.key() : c.key(), page.label(c.name()))).toList();
            if (options.isEmpty()) {
                return;
            }
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("label", page.label(s.name()));
            g.put("options", options);
            groups.add(g);
        });
        return groups;
    }

    static List<FieldError> errorList(Map<String, String> errors, String prefix) {
        return errorList(errors, prefix, Map.of());
    }

    static List<FieldError> errorList(Map<String, String> errors, String prefix, Map<String, String> alias) {
        List<FieldError> out = new ArrayList<>();
        errors.forEach((k, v) -> out.add(new FieldError(prefix + alias.getOrDefault(k, k), v)));
        return out;
    }

    /** Marks the option whose value is {@code chosen} as selected; returns the same list. */
    static List<Map<String, Object>> mark(List<Map<String, Object>> options, @Nullable String chosen) {
        if (chosen != null) {
            for (Map<String, Object> o : options) {
                if (chosen.equals(o.get("value"))) {
                    o.put("selected", Boolean.TRUE);
                }
            }
        }
        return options;
    }

    /** A select's option; a map because {@link #mark} marks the chosen one after the list is built. */
    static Map<String, Object> option(String value, String label) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("value", value);
        m.put("label", label);
        return m;
    }

    @Nullable
    static String blankToNull(@Nullable String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
