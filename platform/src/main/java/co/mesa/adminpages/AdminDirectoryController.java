package co.mesa.adminpages;

import co.mesa.identity.DirectoryService;
import co.mesa.identity.PeopleSync;
import co.mesa.identity.PeopleSyncController;
import co.mesa.identity.Roles;
import co.mesa.shared.ProblemException;
import co.mesa.tenant.TenantContext;
import co.mesa.web.page.PageRenderer;
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
 * The people directory under {@code /admin/directorio} (issue 20, decision 0027): when the entity's
 * realm was last read into the directory, what that did, and a button to read it now. Where the entity
 * federates its AD/LDAP (issue 28, decision 0032) the page also shows the federation's state from Keycloak
 * (last sync, users and groups imported, problems in the page's language; secrets only by name), and the
 * button first has Keycloak sync the directory, so the people directory follows within one press.
 */
@Controller("/admin/directorio")
@Hidden
@Secured(Roles.TENANT_ADMIN)
@Produces(MediaType.TEXT_HTML)
public class AdminDirectoryController {

    private final PageShell shell;
    private final PeopleSync sync;
    private final DirectoryService federation;

    public AdminDirectoryController(PageShell shell, PeopleSync sync, DirectoryService federation) {
        this.shell = shell;
        this.sync = sync;
        this.federation = federation;
    }

    @Get
    public HttpResponse<?> page(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                @Nullable @QueryValue String sincronizado) {
        PageShell.Page page = shell.page(tenant, request, auth);
        Map<String, Object> model = model(page, tenant);
        model.put("synced", sincronizado != null);
        return page.render("admin/directory", page.t("admin.directory.title"), model);
    }

    @Post("/sincronizar")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> syncNow(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth) {
        PageShell.Page page = shell.page(tenant, request, auth);
        try {
            if (federated(tenant)) {
                // Keycloak imports the directory's changes first; its outcome shows in the federation's state.
                federation.syncNow(tenant);
            }
            PeopleSyncController.runForPage(sync, tenant);
            return PageShell.Page.redirect("/admin/directorio?sincronizado=1");
        } catch (ProblemException e) {
            Map<String, Object> model = model(page, tenant);
            model.put("failure", page.problemDetail(e));
            return page.render("admin/directory", page.t("admin.directory.title"), model).status(e.status());
        }
    }

    private Map<String, Object> model(PageShell.Page page, TenantContext tenant) {
        Map<String, Object> model = new HashMap<>();
        sync.last(tenant).ifPresent(last -> {
            model.put("last", Map.of(
                    "at", PageRenderer.formatDateTime(last.at(), tenant.zone().getId(), page.locale()),
                    "seen", last.counts().seen(), "added", last.counts().added(),
                    "deactivated", last.counts().deactivated()));
        });
        model.put("federation", federation(page, tenant));
        return model;
    }

    private static boolean federated(TenantContext tenant) {
        var d = tenant.config().tenant().identity().directory();
        return d != null && d.isEnabled();
    }

    /** The federation's state for the page (issue 28); never a secret's value. */
    private Map<String, Object> federation(PageShell.Page page, TenantContext tenant) {
        DirectoryService.Status s = federation.status(tenant);
        Map<String, Object> model = new HashMap<>();
        model.put("enabled", s.enabled());
        model.put("kerberos", s.kerberos());
        model.put("localAccounts", s.localAccounts());
        model.put("connectionUrl", s.connectionUrl() == null ? "" : s.connectionUrl());
        model.put("usersDn", s.usersDn() == null ? "" : s.usersDn());
        model.put("secretName", s.secretName() == null ? "" : s.secretName());
        model.put("secretSet", s.secretSet());
        model.put("lastSync", s.lastSync() == null ? "" : PageRenderer.formatDateTime(s.lastSync(), tenant.zone().getId(), page.locale()));
        model.put("users", s.users());
        model.put("groups", s.groups());
        model.put("problem", s.problem() == null ? "" : page.t(s.problem().messageKey));
        DirectoryService.SyncResult last = s.lastResult();
        if (last != null) {
            model.put("lastResult", page.t("admin.federation.last-result",
                    PageRenderer.formatDateTime(last.at(), tenant.zone().getId(), page.locale()),
                    last.added(), last.updated(), last.removed(), last.failed()));
        }
        return model;
    }
}
