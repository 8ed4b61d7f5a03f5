package co.mesa.adminpages;

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

    /**
     * Saves an edited live document. True when saved; otherwise the tenant-data checks' or the
     * service's refusal goes to {@code errors}, for the page to show again with what was typed.
     */
    static boolean save(TenantConfigService configs, ProblemResponses problems, HttpRequest<?> request,
                        TenantContext tenant, ConfigKind kind, JsonNode doc, @Nullable Authentication auth, Errors errors) {
        try {
            configs.editLive(tenant, kind, doc, actor(auth));
            return true;
        } catch (InvalidTenantConfigException e) {
            errors.configProblems(e);
        } catch (ProblemException e) {
            errors.problem(problems.problem(request, e));
        }
        return false;
    }

    /** Who made a change, for the tenant data's history: username and subject. */
    static String actor(@Nullable Authentication auth) {
        if (auth == null) {
            return "?";
        }
        Object username = auth.getAttributes().getOrDefault("preferred_username", auth.getName());
        return username + " (" + auth.getName() + ")";
    }
}
