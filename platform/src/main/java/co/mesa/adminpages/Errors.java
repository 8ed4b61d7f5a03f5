package co.mesa.adminpages;

import co.mesa.shared.Problem;
import co.mesa.tenantconfig.ConfigProblem;
import co.mesa.tenantconfig.InvalidTenantConfigException;
import co.mesa.web.page.PageShell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A form's problems in the page's language: one per field (by input id) plus general ones, for the summary. */
final class Errors {

    private final PageShell.Page page;
    private final Map<String, String> byField = new LinkedHashMap<>();
    private final List<Map<String, Object>> general = new ArrayList<>();
    private String currentVersion;

    Errors(PageShell.Page page) {
        this.page = page;
    }

    /** A message next to the input with this id (the first one wins). */
    void field(String id, String key, Object... args) {
        raw(id, page.t(key, args));
    }

    void raw(String id, String message) {
        byField.putIfAbsent(id, message);
    }

    /** The tenant-data checks refused the change; no input of the form is named (see the other overload). */
    void configProblems(InvalidTenantConfigException e) {
        configProblems(e, ProblemPlaces.NONE);
    }

    /**
     * The tenant-data checks refused the change (issue 21): each problem in the page's language, next to
     * the input {@code places} says it concerns (and, like every field error, in the summary with a link
     * to it), or in the summary alone.
     */
    void configProblems(InvalidTenantConfigException e, ProblemPlaces places) {
        for (ConfigProblem p : e.problems()) {
            ProblemPlaces.Placement at = places.place(p);
            String message = at != null && at.key() != null ? page.t(at.key(), at.args()) : words(p);
            if (at != null) {
                raw(at.id(), message);
            } else {
                general.add(Map.of("message", message));
            }
        }
        if (e.problems().isEmpty()) {
            general.add(Map.of("message", page.t("admin.error.config.generic")));
        }
    }

    /** A tenant-data problem in the page's language: by its code, else in general words naming the rule's own. */
    private String words(ConfigProblem p) {
        String key = "admin.config.problem." + p.code();
        String message = page.t(key, p.args().toArray());
        return message.equals(key) ? page.t("admin.config.problem.other", p.message()) : message;
    }

    /** A service's problem, already in the request's language. */
    void problem(Problem p) {
        general.add(Map.of("message", p.detail() == null ? p.title() : p.title() + ": " + p.detail()));
        if (p.invalidParams() != null) {
            p.invalidParams().forEach(ip -> general.add(Map.of("message", ip.name() + ": " + ip.reason())));
        }
    }

    /**
     * Someone saved this kind since the page was read (issue 21): nothing was written; the summary says
     * who changed what and when, and the form goes back with the version now live, so that saving again
     * applies the administrator's input on top of it.
     */
    @SuppressWarnings("unchecked")
    void stale(Object changesSince, Object current) {
        currentVersion = String.valueOf(current);
        List<String> lines = new ArrayList<>();
        if (changesSince instanceof List<?> since) {
            for (Object o : since) {
                if (o instanceof Map<?, ?> m) {
                    Object changes = m.get("changes");
                    String what = changes instanceof List<?> l ? String.join("; ", l.stream().map(String::valueOf).toList())
                            : String.valueOf(changes);
                    Object who = "?".equals(m.get("changedBy")) ? page.t("admin.stale.someone") : m.get("changedBy");
                    lines.add(page.t("admin.stale.entry", m.get("version"), who, m.get("changedAt"), what));
                }
            }
        }
        Map<String, Object> entry = new java.util.HashMap<>();
        entry.put("message", page.t("admin.stale.message"));
        entry.put("changes", lines);
        general.add(0, entry);
    }

    /** True when the save was refused because someone else saved first. */
    boolean isStale() {
        return currentVersion != null;
    }

    /** The version the re-shown form carries: the live one after a conflict, otherwise the one it was read at. */
    String versionFor(String submitted) {
        return currentVersion != null ? currentVersion : submitted;
    }

    boolean isEmpty() {
        return byField.isEmpty() && general.isEmpty();
    }

    Map<String, String> byField() {
        return byField;
    }

    /** For the error summary: field errors link to their input. */
    List<Map<String, Object>> list() {
        List<Map<String, Object>> out = new ArrayList<>();
        byField.forEach((id, message) -> out.add(Map.of("id", id, "message", message)));
        out.addAll(general);
        return out;
    }
}
