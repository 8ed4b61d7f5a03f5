package co.mesa.identity;

import co.mesa.shared.Problem;
import co.mesa.shared.ProblemException;
import co.mesa.tenant.TenantContext;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
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

/** The entity's directory sync from its realm (decision 0027), on demand for tenant administrators. */
@Controller("/api/v1/admin/people/sync")
@Tag(name = "People")
@SecurityRequirement(name = "bearer")
@Secured(Roles.TENANT_ADMIN)
@ApiResponse(responseCode = "401", description = "No valid token of this host's tenant",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "403", description = "The caller is not a tenant administrator",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class PeopleSyncController {

    /** A sync's outcome: people the realm listed, added, changed and no longer there (marked inactive). */
    @Serdeable
    @Schema(name = "PeopleSync")
    public record SyncView(@Nullable Instant finishedAt, boolean skipped, int seen, int added, int updated,
                           int deactivated) {
    }

    private final PeopleSync sync;

    public PeopleSyncController(PeopleSync sync) {
        this.sync = sync;
    }

    @Post
    @Operation(summary = "Sync the entity's people from its realm now (also runs on a schedule)")
    @ApiResponse(responseCode = "503", description = "The identity service does not answer; nothing was changed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public SyncView run(@Parameter(hidden = true) TenantContext tenant) {
        PeopleSync.Outcome o = runOrUnavailable(sync, tenant);
        return new SyncView(o.skipped() ? null : Instant.now(), o.skipped(), o.seen(), o.added(), o.updated(),
                o.deactivated());
    }

    @Get
    @Operation(summary = "The last sync of the entity's people (404 before the first)")
    @ApiResponse(responseCode = "404", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public SyncView last(@Parameter(hidden = true) TenantContext tenant) {
        PeopleSync.LastSync last = sync.last(tenant).orElseThrow(() -> new ProblemException(HttpStatus.NOT_FOUND,
                "people-sync.never", "problem.not-found.title", "problem.people-sync.never.detail"));
        return new SyncView(last.at(), false, last.counts().seen(), last.counts().added(), last.counts().updated(),
                last.counts().deactivated());
    }

    /** Runs the sync; Keycloak's failures become the identity service's 503 (nothing was written). */
    static PeopleSync.Outcome runOrUnavailable(PeopleSync sync, TenantContext tenant) {
        try {
            return sync.sync(tenant);
        } catch (ProblemException e) {
            throw e;
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(PeopleSyncController.class)
                    .warn("People sync of {} failed: {}", tenant.slug(), e.toString());
            throw IdentityProblems.unavailable();
        }
    }

    /** For the administrator's page (another package). */
    public static PeopleSync.Outcome runForPage(PeopleSync sync, TenantContext tenant) {
        return runOrUnavailable(sync, tenant);
    }
}
