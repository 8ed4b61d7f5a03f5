package co.mesa.web.page;

import co.mesa.tenant.TenantContext;
import co.mesa.shared.Languages;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/** Pages of the shell itself: the language switch and the institutional policies. */
@Controller
@Hidden
@Secured(SecurityRule.IS_ANONYMOUS)
@Produces(MediaType.TEXT_HTML)
public class ShellPagesController {

    private final PageShell shell;

    public ShellPagesController(PageShell shell) {
        this.shell = shell;
    }

    /** Sets the language (es or en) for a year and goes back where the person was. */
    @Get("/idioma")
    public HttpResponse<?> language(@Nullable @QueryValue String lang, @Nullable @QueryValue String volver) {
        String chosen = "en".equals(lang) ? "en" : "es";
        String back = volver != null && volver.startsWith("/") && !volver.startsWith("//") ? volver : "/";
        return HttpResponse.seeOther(URI.create(back)).cookie(Cookie.of(Languages.COOKIE, chosen).path("/")
                .maxAge(Duration.ofDays(365)).sameSite(SameSite.Lax).httpOnly(true));
    }

    @Get("/politicas/tratamiento-de-datos")
    public HttpResponse<?> dataPolicy(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth) {
        PageShell.Page page = shell.page(tenant, request, auth);
        return page.render("shell/data-policy", page.t("shell.policy.data.title"), Map.of());
    }

    @Get("/politicas/accesibilidad")
    public HttpResponse<?> accessibility(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth) {
        PageShell.Page page = shell.page(tenant, request, auth);
        return page.render("shell/accessibility", page.t("shell.policy.a11y.title"), Map.of());
    }
}
