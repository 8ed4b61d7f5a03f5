package co.mesa.console;

import co.mesa.knowledge.Article;
import co.mesa.tenant.TenantContext;
import co.mesa.web.page.PageShell;
import io.micronaut.core.annotation.Nullable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The knowledge editor's form: the draft it posts, its version, and the life-cycle buttons a person may use. */
final class ConsoleKnowledgeForms {

    private ConsoleKnowledgeForms() {
    }

    static List<Map<String, Object>> transitions(PageShell.Page page, Article a, boolean reviewer) {
        List<Map<String, Object>> out = new ArrayList<>();
        switch (a.state()) {
            case DRAFT -> out.add(Map.of("to", "review", "label", page.t("console.kb.do.review")));
            case REVIEW -> {
                if (reviewer) {
                    out.add(Map.of("to", "published", "label", page.t("console.kb.do.publish")));
                    out.add(Map.of("to", "draft", "label", page.t("console.kb.do.return")));
                }
            }
            case PUBLISHED -> {
                if (reviewer) {
                    out.add(Map.of("to", "archived", "label", page.t("console.kb.do.archive")));
                    out.add(Map.of("to", "draft", "label", page.t("console.kb.do.withdraw")));
                }
            }
            case ARCHIVED -> out.add(Map.of("to", "draft", "label", page.t("console.kb.do.reopen")));
            default -> {
            }
        }
        return out;
    }

    /** The form as a draft; services are checkboxes named {@code service-<key>}, lists are comma-separated. */
    static Article.Draft draft(TenantContext tenant, Map<String, String> form) {
        List<String> services = new ArrayList<>();
        tenant.config().catalog().services().forEach(s -> {
            if (form.containsKey("service-" + s.key())) {
                services.add(s.key());
            }
        });
        Article.Audience audience = Article.Audience.of(form.get("audience")).orElse(null);
        return new Article.Draft(text(form, "title"), text(form, "summary"), form.getOrDefault("body", ""),
                split(form.get("keywords")), services, split(form.get("categories")), audience, split(form.get("groups")));
    }

    private static String text(Map<String, String> form, String name) {
        String v = form.get(name);
        return v == null ? "" : v;
    }

    static List<String> split(@Nullable String s) {
        if (s == null || s.isBlank()) {
            return List.of();
        }
        return Arrays.stream(s.split(",")).map(String::strip).filter(v -> !v.isEmpty()).toList();
    }

    static int version(Map<String, String> form) {
        try {
            return Integer.parseInt(form.getOrDefault("version", "0").strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

}
