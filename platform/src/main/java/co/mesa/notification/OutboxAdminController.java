package co.mesa.notification;

import co.mesa.identity.Roles;
import co.mesa.notification.internal.OutboxStore;
import co.mesa.shared.Problem;
import co.mesa.shared.ProblemException;
import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.TenantContext;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;

/** The dead-letter list of the entity's notifications: what kept failing, why, and a retry. */
@Controller("/api/v1/admin/outbox")
@Tag(name = "Notifications")
@SecurityRequirement(name = "bearer")
@Secured(Roles.TENANT_ADMIN)
@ApiResponse(responseCode = "401", description = "No valid token of this host's tenant",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class OutboxAdminController {

    /** A notification that could not be delivered. */
    @Serdeable
    @Schema(name = "DeadLetter")
    public record DeadLetter(long id, String topic, @Nullable String caseId, int attempts, @Nullable String lastError,
                             Instant createdAt, Instant deadAt, @Nullable String recordId) {
    }

    private final TenantTransactions tx;
    private final OutboxStore store;

    public OutboxAdminController(TenantTransactions tx, OutboxStore store) {
        this.tx = tx;
        this.store = store;
    }

    @Get("/dead")
    @Operation(summary = "Notifications that kept failing (newest first, at most 200)")
    public List<DeadLetter> dead(@Parameter(hidden = true) TenantContext tenant) {
        return tx.read(tenant.id(), c -> store.dead(c, 200)).stream()
                .map(e -> new DeadLetter(e.id(), e.topic(), e.caseId() == null ? null : e.caseId().toString(), e.attempts(),
                        e.lastError(), e.createdAt(), e.deadAt(),
                        e.payload().get("recordId") == null ? null : String.valueOf(e.payload().get("recordId"))))
                .toList();
    }

    @Post("/{id}/retry")
    @Operation(summary = "Put a dead notification back in line; it is sent on the next round")
    @ApiResponse(responseCode = "404", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public DeadLetter retry(@Parameter(hidden = true) TenantContext tenant, @PathVariable long id) {
        Instant now = Instant.now();
        boolean done = tx.write(tenant.id(), c -> store.retry(c, id, now));
        if (!done) {
            throw new ProblemException(HttpStatus.NOT_FOUND, "outbox.not-found", "problem.not-found.title",
                    "problem.outbox.not-found.detail", id);
        }
        return new DeadLetter(id, "", "", 0, null, now, now, null);
    }
}
