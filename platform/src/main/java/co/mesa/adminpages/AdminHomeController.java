package co.mesa.adminpages;

import co.mesa.identity.Roles;
import co.mesa.tenant.TenantContext;
import co.mesa.web.page.PageShell;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Hidden;

import java.util.Map;

/**
 * The tenant administrator's start page under {@code /admin}, linking to each area.
 */
@Controller("/admin")
@Hidden
@Secured(Roles.TENANT_ADMIN)
@Produces(MediaType.TEXT_HTML)
public class AdminHomeController {

    private final PageShell shell;

    public AdminHomeController(PageShell shell) {
        this.shell = shell;
    }

    @Get
    public HttpResponse<?> index(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth) {
        PageShell.Page page = shell.page(tenant, request, auth);
        return page.render("admin/index", page.t("admin.index.title"), Map.of());
    }
}
