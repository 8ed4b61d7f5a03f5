package co.mesa.adminpages;

import co.mesa.identity.DirectoryService;
import co.mesa.identity.Roles;
import co.mesa.tenant.TenantContext;
import co.mesa.web.page.PageShell;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Hidden;

import java.util.HashMap;
import java.util.Map;

/**
 * The entity's directory under {@code /admin/directorio}: whether sign-in goes through its AD/LDAP, Windows
 * integrated sign-in and local accounts, the last sync, users and groups imported, what is wrong (in the
 * page's language), and "sincronizar ahora". The bind password and keytab never appear: only whether the
 * secret holding each is set.
 */
@Controller("/admin")
@Hidden
@Secured(Roles.TENANT_ADMIN)
@Produces(MediaType.TEXT_HTML)
public class AdminDirectoryController {

    private final PageShell shell;
    private final DirectoryService directory;

    public AdminDirectoryController(PageShell shell, DirectoryService directory) {
        this.shell = shell;
        this.directory = directory;
    }

    @Get("/directorio")
    public HttpResponse<?> state(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                 @Nullable @QueryValue String sincronizado) {
        PageShell.Page page = shell.page(tenant, request, auth);
        DirectoryService.Status s = directory.status(tenant);
        Map<String, Object> model = new HashMap<>();
        model.put("configured", s.configured());
        model.put("enabled", s.enabled());
        model.put("kerberos", s.kerberos());
        model.put("localAccounts", s.localAccounts());
        model.put("connectionUrl", s.connectionUrl() == null ? "" : s.connectionUrl());
        model.put("usersDn", s.usersDn() == null ? "" : s.usersDn());
        model.put("secretName", s.secretName() == null ? "" : s.secretName());
        model.put("secretSet", s.secretSet());
        model.put("lastSync", s.lastSync());
        model.put("users", s.users());
        model.put("groups", s.groups());
        model.put("problem", s.problem() == null ? "" : page.t(s.problem().messageKey));
        DirectoryService.SyncResult last = s.lastResult();
        if (last != null) {
            model.put("lastResult", Map.of("at", last.at(), "added", last.added(), "updated", last.updated(),
                    "removed", last.removed(), "failed", last.failed()));
        }
        model.put("synced", sincronizado != null);
        return page.render("admin/directory", page.t("admin.directory.title"), model);
    }

    /** "Sincronizar ahora": a full sync, then back to the state (the outcome shows there). */
    @Post("/directorio/sincronizar")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> syncNow(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth) {
        PageShell.Page page = shell.page(tenant, request, auth);
        DirectoryService.Status s = directory.status(tenant);
        if (!s.enabled()) {
            return AdminEdits.notFound(page);
        }
        directory.syncNow(tenant);
        return PageShell.Page.redirect("/admin/directorio?sincronizado=1");
    }
}
