package co.mesa.record;

import co.mesa.shared.Problem;
import co.mesa.tenant.TenantContext;
import co.mesa.ticket.CaseService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * Files on records of every kind (problems; changes next), by the record's id: the same upload shape and limits as
 * cases' attachments, read with the record's read scope. Staff only.
 */
@Controller("/api/v1")
@Tag(name = "Problems")
@SecurityRequirement(name = "bearer")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ApiResponse(responseCode = "401", description = "No valid token of this host's tenant",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "403", description = "Not an agent or supervisor of the entity",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "404", description = "Unknown record, another entity's, or not the caller's to see",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class RecordAttachmentController {

    private final RecordAttachments attachments;

    public RecordAttachmentController(RecordAttachments attachments) {
        this.attachments = attachments;
    }

    @Post(value = "/records/{id}/attachments", consumes = MediaType.ALL)
    @Operation(summary = "Attach a file to a record (a problem, a change)",
            description = "The raw file as the body, its media type as Content-Type and its name in ?name=. Size and "
                    + "types are the entity's limits for case attachments. Adds an event to the record's history and "
                    + "a new version. A closed or discarded record → 409.")
    @ApiResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = RecordAttachments.Attachment.class)))
    @ApiResponse(responseCode = "409", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "413", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "415", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public HttpResponse<RecordAttachments.Attachment> upload(@Parameter(hidden = true) TenantContext tenant,
                                                             HttpRequest<?> request, @PathVariable String id,
                                                             @Nullable @QueryValue String name, @Body byte[] content,
                                                             Authentication auth) {
        UUID rid = CaseService.uuid(id).orElseThrow(RecordProblems::notFound);
        String type = request.getContentType().map(MediaType::toString).orElse(null);
        return HttpResponse.status(HttpStatus.CREATED).body(attachments.upload(tenant, auth, rid, name, type, content));
    }

    @Get("/records/{id}/attachments")
    @Operation(summary = "The files on a record, oldest first")
    public List<RecordAttachments.Attachment> list(@Parameter(hidden = true) TenantContext tenant, @PathVariable String id,
                                                   Authentication auth) {
        UUID rid = CaseService.uuid(id).orElseThrow(RecordProblems::notFound);
        return attachments.list(tenant, auth, rid);
    }

    @Get("/records/{id}/attachments/{attachmentId}")
    @Operation(summary = "Download a file of a record the caller may see")
    public HttpResponse<byte[]> download(@Parameter(hidden = true) TenantContext tenant, @PathVariable String id,
                                         @PathVariable String attachmentId, Authentication auth) {
        UUID rid = CaseService.uuid(id).orElseThrow(RecordProblems::notFound);
        UUID aid = CaseService.uuid(attachmentId).orElseThrow(RecordProblems::notFound);
        RecordAttachments.Download d = attachments.download(tenant, auth, rid, aid).orElseThrow(RecordProblems::notFound);
        return HttpResponse.ok(d.content()).contentType(d.mediaType())
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename*=UTF-8''"
                        + URLEncoder.encode(d.fileName(), StandardCharsets.UTF_8).replace("+", "%20"))
                .header("X-Content-Type-Options", "nosniff");
    }
}
