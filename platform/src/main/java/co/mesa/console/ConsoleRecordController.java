package co.mesa.console;

import co.mesa.identity.Roles;
import co.mesa.shared.ProblemException;
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
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Hidden;

import java.util.Optional;
import java.util.UUID;

/**
 * The case's record as PDF from the console: what "Notificar" would attach, for the agent to see
 * before sending — the requester's record by default, the internal one with {@code ?interno=true}.
 * Agents and supervisors of the case only; in the page's language.
 */
@Controller
@Hidden
@Secured({Roles.AGENT, Roles.SUPERVISOR}) // decision 0016
public class ConsoleRecordController {

    private final PageShell shell;
    private final CaseService cases;

    public ConsoleRecordController(PageShell shell, CaseService cases) {
        this.shell = shell;
        this.cases = cases;
    }

    @Get("/consola/casos/{id}/registro.pdf")
    public HttpResponse<?> record(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                  @PathVariable String id, @Nullable @QueryValue String interno) {
        PageShell.Page page = shell.page(tenant, request, auth);
        Optional<UUID> caseId = CaseService.uuid(id);
        boolean internal = "true".equals(interno);
        try {
            Optional<CaseService.RecordFile> file = caseId.flatMap(x -> cases.record(tenant, auth, x, internal,
                    page.languages().get(0)));
            if (file.isEmpty()) {
                return page.error(HttpStatus.NOT_FOUND, "shell.error.notfound.title", "shell.error.notfound.detail");
            }
            return CaseController.recordResponse(file.get(), internal);
        } catch (ProblemException e) {
            return page.error(HttpStatus.FORBIDDEN, "shell.error.forbidden.title", "shell.error.forbidden.detail");
        }
    }
}
