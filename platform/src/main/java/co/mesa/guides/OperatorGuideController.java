package co.mesa.guides;

import co.mesa.identity.Roles;
import co.mesa.web.page.PageShell;
import co.mesa.web.page.PlatformHostOnly;
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

/** The platform operators' guide (issue 22), on the platform's own host, for operators. */
@Controller("/ayuda/operador")
@Hidden
@Secured(Roles.OPERATOR)
@PlatformHostOnly
@Produces(MediaType.TEXT_HTML)
public class OperatorGuideController {

    private final PageShell shell;
    private final Guides guides;

    public OperatorGuideController(PageShell shell, Guides guides) {
        this.shell = shell;
        this.guides = guides;
    }

    @Get
    public HttpResponse<?> guide(HttpRequest<?> request, @Nullable Authentication auth) {
        PageShell.Page page = shell.platformPage(request, auth);
        return page.render("guides/guide", page.t("guide.name." + Guide.OPERADOR.id()),
                GuidePagesController.model(guides.document(Guide.OPERADOR, page.locale()), section -> null, ""));
    }
}
