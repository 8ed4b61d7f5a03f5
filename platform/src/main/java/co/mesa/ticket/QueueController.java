package co.mesa.ticket;

import co.mesa.identity.Roles;
import co.mesa.shared.Problem;
import co.mesa.tenant.TenantContext;
import co.mesa.shared.Languages;
import io.micronaut.core.propagation.PropagatedContext;
import io.micronaut.http.HttpParameters;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.inject.Named;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/** The agent list, the agent home counters and the requester's "Mis casos". */
@Controller("/api/v1")
@Tag(name = "Queues")
@SecurityRequirement(name = "bearer")
@ApiResponse(responseCode = "401", description = "No valid token of this host's tenant",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "400", description = "A filter, sort, size or cursor is invalid (invalidParams)",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class QueueController {

    private final QueueService queues;
    private final ExecutorService blocking;

    public QueueController(QueueService queues, @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.queues = queues;
        this.blocking = blocking;
    }

    @Get("/queue")
    @Secured({Roles.AGENT, Roles.SUPERVISOR})
    @Operation(summary = "The agent list: cases of my groups and mine",
            description = "Filters: state (repeatable), substate, group (key or 'mine'), tier, agent (person id, 'me' "
                    + "or 'none'), category, site (and below), requester, expired, status (open | closed | all; "
                    + "default open), from / to (date in the tenant's zone or instant; registration), q (Spanish full "
                    + "text in title and description). sort: createdAt, updatedAt, resolutionDueAt, code, '-' for "
                    + "descending (default -createdAt). size 1–200 (default 50); after = the previous page's next.")
    @Parameter(name = "state", in = ParameterIn.QUERY)
    @Parameter(name = "sort", in = ParameterIn.QUERY, example = "-createdAt")
    @Parameter(name = "after", in = ParameterIn.QUERY)
    public CompletableFuture<QueueView.Page> agentList(@Parameter(hidden = true) TenantContext tenant,
                                                       HttpRequest<?> request, Authentication auth) {
        // Runs on the event loop (a future, under thread-selection AUTO): the everyday list is answered here
        // when that needs no waiting; anything else goes to the blocking pool like every other endpoint.
        QueueService.Query query = query(request.getParameters());
        List<Locale> languages = Languages.preferred(request);
        Optional<QueueView.Page> now = queues.agentListNow(tenant, auth, query, languages);
        if (now.isPresent()) {
            return CompletableFuture.completedFuture(now.get());
        }
        Supplier<QueueView.Page> later = () -> queues.agentList(tenant, auth, query, languages);
        return CompletableFuture.supplyAsync(PropagatedContext.wrapCurrent(later), blocking);
    }

    @Get("/queue/counters")
    @Secured({Roles.AGENT, Roles.SUPERVISOR})
    @Operation(summary = "The agent home counters (Función Pública's guide §11)",
            description = "Each counter carries the /api/v1/queue query that lists exactly the cases it counts.")
    public QueueView.Counters counters(@Parameter(hidden = true) TenantContext tenant, HttpRequest<?> request,
                                       Authentication auth) {
        return queues.counters(tenant, auth, Languages.preferred(request));
    }

    @Get("/me/cases")
    @Secured(SecurityRule.IS_AUTHENTICATED)
    @Operation(summary = "My cases (\"Mis casos\")",
            description = "Cases filed by or for the caller, with their states; open and closed by default "
                    + "(status=open|closed|all); the same sorts, size and cursor as the agent list.")
    public QueueView.Page mine(@Parameter(hidden = true) TenantContext tenant, HttpRequest<?> request,
                               Authentication auth) {
        return queues.requesterList(tenant, auth, query(request.getParameters()), Languages.preferred(request));
    }

    static QueueService.Query query(HttpParameters p) {
        return new QueueService.Query(p.getAll("state"), p.get("substate"), p.get("group"), p.get("tier"),
                p.get("agent"), p.get("category"), p.get("site"), p.get("requester"), p.get("expired"), p.get("status"),
                p.get("from"), p.get("to"), p.get("q"), p.get("sort"), p.get("size"), p.get("after"), p.get("rated"),
                p.get("major"));
    }
}
