package co.mesa.portal;

import co.mesa.tenant.TenantContext;
import co.mesa.ticket.CaseController;
import co.mesa.ticket.CaseService;
import co.mesa.web.page.PageShell;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;

import java.util.Optional;

/**
 * The case's record as PDF from the portal: exactly what the portal shows the signed-in person (their
 * published and own events, files not internal), in the page's language — evidence they can keep.
 */
@Controller
@Hidden
@Secured(SecurityRule.IS_AUTHENTICATED) // anyone signed in on this entity's host (decision 0016)
public class PortalRecordController {

    private final PageShell shell;
    private final CaseService cases;

    public PortalRecordController(PageShell shell, CaseService cases) {
        this.shell = shell;
        this.cases = cases;
    }

    @Get("/casos/{id}/registro.pdf")
    public HttpResponse<?> record(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                  @PathVariable String id) {
        PageShell.Page page = shell.page(tenant, request, auth);
        Optional<CaseService.RecordFile> file = CaseService.uuid(id).flatMap(x -> cases.record(tenant, auth, x, false,
                page.languages().get(0)));
        if (file.isEmpty()) {
            return page.error(HttpStatus.NOT_FOUND, "shell.error.notfound.title", "shell.error.notfound.detail");
        }
        return CaseController.recordResponse(file.get(), false);
    }
}
