package co.mesa.adminpages;

import co.mesa.tenant.TenantConfigService;
import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.ConfigKind;
import co.mesa.web.page.PageShell;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;
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

    /** Who made a change, for the tenant data's history: username and subject. */
    static String actor(@Nullable Authentication auth) {
        if (auth == null) {
            return "?";
        }
        Object username = auth.getAttributes().getOrDefault("preferred_username", auth.getName());
        return username + " (" + auth.getName() + ")";
    }
}
