package co.mesa.adminpages;

import java.util.Optional;
import java.util.List;
import java.util.ArrayList;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.shared.ProblemException;
import co.mesa.tenant.TenantConfigService;
import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.ConfigKind;
import co.mesa.tenantconfig.InvalidTenantConfigException;
import co.mesa.web.ProblemResponses;
import co.mesa.web.page.PageShell;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.security.authentication.Authentication;

/** What every admin page that edits the tenant's live data shares. */
final class AdminEdits {

    private AdminEdits() {
    }

    /** A copy of the tenant's live document of this kind, to edit and hand to {@code editLive}. */
    static ObjectNode liveCopy(TenantConfigService configs, TenantContext tenant, ConfigKind kind) {
        return (ObjectNode) configs.live(tenant.id(), tenant.slug()).documents().get(kind).deepCopy();
    }

    static HttpResponse<?> notFound(PageShell.Page page) {
        return page.error(HttpStatus.NOT_FOUND, "admin.error.not-found.title", "admin.error.not-found.detail");
    }

    /** The hidden input every writing admin form carries: the live version of the kind it edits. */
    static final String VERSION = "version";

    /**
     * The live version of a kind, for a page's forms to carry: read before the content the page shows, and
     * with the tenant's revision in one statement, so that a form never carries a version newer than what
     * it shows ({@link TenantConfigService#liveVersionShownBy}; -1, i.e. stale, when it might).
     */
    static String version(TenantConfigService configs, TenantContext tenant, ConfigKind kind) {
        return String.valueOf(configs.liveVersionShownBy(tenant, kind));
    }

    /**
     * Saves an edited live document on condition that the kind is still at the version the form
     * carried ({@code submitted}, the form's {@value #VERSION} input). True when saved; otherwise the
     * tenant-data checks' or the service's refusal goes to {@code errors} (a stale version: what changed
     * since, see {@link Errors#stale}), for the page to show again with what was typed. Nothing is
     * written unless saved.
     */
    static boolean save(TenantConfigService configs, ProblemResponses problems, HttpRequest<?> request,
                        TenantContext tenant, ConfigKind kind, JsonNode doc, @Nullable Authentication auth, Errors errors,
                        @Nullable String submitted) {
        return save(configs, problems, request, tenant, kind, doc, auth, errors, submitted, ProblemPlaces.NONE);
    }

    /** As above; {@code places} puts each of the tenant-data checks' problems next to the input it concerns. */
    static boolean save(TenantConfigService configs, ProblemResponses problems, HttpRequest<?> request,
                        TenantContext tenant, ConfigKind kind, JsonNode doc, @Nullable Authentication auth, Errors errors,
                        @Nullable String submitted, ProblemPlaces places) {
        Integer expected = parseVersion(submitted);
        if (expected == null) {
            // A form without its version (an old tab, a hand-made post): treated as stale, never as "write anyway".
            expected = -1;
        }
        try {
            configs.editLive(tenant, kind, doc, actor(auth), expected);
            return true;
        } catch (InvalidTenantConfigException e) {
            errors.configProblems(e, places);
        } catch (ProblemException e) {
            if (e.status() == HttpStatus.PRECONDITION_FAILED) {
                errors.stale(e.changesSince(), configs.liveVersion(tenant.id(), kind));
            } else {
                errors.problem(problems.problem(request, e));
            }
        }
        return false;
    }

    @Nullable
    static Integer parseVersion(@Nullable String raw) {
        if (raw == null || !raw.strip().matches("\\d{1,9}")) {
            return null;
        }
        return Integer.valueOf(raw.strip());
    }

    /** Who made a change, for the tenant data's history: username and subject. */
    static String actor(@Nullable Authentication auth) {
        if (auth == null) {
            return "?";
        }
        Object username = auth.getAttributes().getOrDefault("preferred_username", auth.getName());
        return username + " (" + auth.getName() + ")";
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
}
