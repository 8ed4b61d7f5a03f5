package co.mesa.ticket;

import co.mesa.shared.Languages;
import co.mesa.shared.Problem;
import co.mesa.tenant.TenantContext;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.UUID;

/** Marking a case as a major incident, or unmarking it (003 §4.9.2, issue 20). */
@Controller("/api/v1")
@Tag(name = "Cases")
@SecurityRequirement(name = "bearer")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ApiResponse(responseCode = "401", description = "No valid token of this host's tenant",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class CaseMajorController {

    /** Mark ({@code major: true}) or unmark the case, and why. */
    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = false)
    @Schema(name = "MajorMark")
    public record MajorMark(@Schema(description = "true to mark, false to unmark") @Nullable Boolean major, @Schema(description = "Why; required, kept in the case's history") @Nullable String reason) {
    }

    private final CaseMajor major;

    public CaseMajorController(CaseMajor major) {
        this.major = major;
    }

    @Post(value = "/cases/{id}/major", consumes = MediaType.APPLICATION_JSON)
    @Operation(summary = "Mark a case as a major incident, or unmark it",
            description = "Agents and supervisors of the case; If-Match required; a reason required. Written in the "
                    + "case's history; the entity's process managers (groups.yaml processManagers) are mailed through "
                    + "the outbox. 409 when the case is closed or already as asked.",
            requestBody = @RequestBody(required = true, content = @Content(schema = @Schema(implementation = MajorMark.class))))
    @Parameter(name = "If-Match", in = ParameterIn.HEADER, required = true, schema = @Schema(type = "string"))
    public HttpResponse<CaseView> mark(@Parameter(hidden = true) TenantContext tenant, HttpRequest<?> request,
                                       @PathVariable String id, @Body String body, Authentication auth,
                                       @Parameter(hidden = true) @Nullable @Header(HttpHeaders.IF_MATCH) String ifMatch) {
        UUID caseId = CaseService.uuid(id).orElseThrow(CaseProblems::notFound);
        MajorMark mark = CaseController.read(CaseController.parse(body), MajorMark.class);
        if (mark.major() == null) {
            throw CaseProblems.invalid(java.util.List.of(new co.mesa.shared.ProblemException.ParamError("major",
                    "case.param.required")));
        }
        CaseView view = major.mark(tenant, auth, caseId, CaseController.ifMatchVersion(ifMatch), mark.major(),
                mark.reason(), Languages.preferred(request));
        return HttpResponse.ok(view).header(HttpHeaders.ETAG, CaseController.etag(view.version()));
    }
}
