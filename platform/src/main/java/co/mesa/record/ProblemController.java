package co.mesa.record;

import co.mesa.shared.Problem;
import co.mesa.tenant.TenantContext;
import co.mesa.ticket.CaseController;
import co.mesa.ticket.CaseService;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

/**
 * The problem API (issue 26): open a problem (optionally from cases), read it, edit its facts, take its
 * workflow's transitions and link cases — with the rules of the case API: ETag/If-Match on every change,
 * Idempotency-Key on create, problem+json errors, keyset pages. Staff only.
 */
@Controller("/api/v1")
@Tag(name = "Problems")
@SecurityRequirement(name = "bearer")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ApiResponse(responseCode = "401", description = "No valid token of this host's tenant",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "403", description = "Not an agent or supervisor of the entity",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "422", description = "Invalid fields (invalidParams)",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class ProblemController {

    private final RecordService records;

    public ProblemController(RecordService records) {
        this.records = records;
    }

    @Post(value = "/problems", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Open a problem, optionally from one or several cases",
            description = "The code is the entity's problem code (its own prefix and yearly sequence). With an "
                    + "Idempotency-Key a retry gets the same problem; the same key with another body → 422.",
            requestBody = @RequestBody(required = true, content = @Content(schema = @Schema(implementation = RecordRequests.NewProblem.class))))
    @Parameter(name = "Idempotency-Key", in = ParameterIn.HEADER, schema = @Schema(type = "string", maxLength = 200))
    @ApiResponse(responseCode = "201", headers = @io.swagger.v3.oas.annotations.headers.Header(name = "ETag"),
            content = @Content(schema = @Schema(implementation = RecordView.class)))
    public HttpResponse<RecordView> create(@Parameter(hidden = true) TenantContext tenant, HttpRequest<?> request,
                                           @Body String body, Authentication auth,
                                           @Parameter(hidden = true) @Nullable @Header("Idempotency-Key") String idempotencyKey) {
        RecordHttp.checkIdempotencyKey(idempotencyKey);
        JsonNode tree = CaseController.parse(body);
        RecordRequests.NewProblem r = CaseController.read(tree, RecordRequests.NewProblem.class);
        RecordService.Created created = records.create(tenant, auth, r, idempotencyKey, CaseController.hash(tree), RecordHttp.lang(request));
        return RecordHttp.created(created.view(), created.view().version(), "/api/v1/problems/" + created.view().id(),
                created.replay());
    }

    @Get("/problems{?view,state,after}")
    @Operation(summary = "A page of problems the caller may see",
            description = "view: all (default) | mine (assigned to me) | groups (assigned to my groups); state: one "
                    + "state of the entity's problem workflow; after: the previous page's next. Newest first.")
    public RecordView.Page list(@Parameter(hidden = true) TenantContext tenant, HttpRequest<?> request, Authentication auth,
                                @Nullable @QueryValue String view, @Nullable @QueryValue String state,
                                @Nullable @QueryValue String after) {
        return records.list(tenant, auth, RecordService.PROBLEM, view, state, after, RecordHttp.lang(request));
    }

    @Get("/problems/counters")
    @Operation(summary = "Problems and known errors by state: overall, assigned to me, to my groups (002 §11)",
            description = "Each counter names the list that shows exactly what it counts.")
    public RecordView.Counters counters(@Parameter(hidden = true) TenantContext tenant, HttpRequest<?> request,
                                        Authentication auth) {
        return records.counters(tenant, auth, RecordService.PROBLEM, RecordHttp.lang(request));
    }

    @Get("/problems/{id}")
    @Operation(summary = "A problem with its linked cases, available transitions and history",
            description = "Unknown, another entity's, or not the caller's to see → 404.")
    @ApiResponse(responseCode = "404", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public HttpResponse<RecordView> get(@Parameter(hidden = true) TenantContext tenant, HttpRequest<?> request,
                                        @PathVariable String id, Authentication auth) {
        UUID rid = RecordHttp.id(id);
        RecordView v = records.get(tenant, auth, RecordService.PROBLEM, rid, RecordHttp.lang(request)).orElseThrow(RecordProblems::notFound);
        return RecordHttp.ok(v, v.version());
    }

    @Post(value = "/problems/{id}/edit", consumes = MediaType.APPLICATION_JSON)
    @Operation(summary = "Change a problem's facts or assignment",
            description = "Impact, root cause, workaround, known error, title, description, group, agent; absent fields "
                    + "stay. Marking it a known error (a workaround is required) publishes an agents-only knowledge "
                    + "article with the workaround. If-Match required: missing → 428, stale → 412.",
            requestBody = @RequestBody(required = true, content = @Content(schema = @Schema(implementation = RecordRequests.ProblemEdit.class))))
    @Parameter(name = "If-Match", in = ParameterIn.HEADER, required = true, schema = @Schema(type = "string", example = "\"3\""))
    public HttpResponse<RecordView> edit(@Parameter(hidden = true) TenantContext tenant, HttpRequest<?> request,
                                         @PathVariable String id, @Body String body, Authentication auth,
                                         @Parameter(hidden = true) @Nullable @Header(HttpHeaders.IF_MATCH) String ifMatch) {
        UUID rid = RecordHttp.id(id);
        RecordRequests.ProblemEdit e = RecordHttp.body(body, RecordRequests.ProblemEdit.class);
        RecordView v = records.edit(tenant, auth, rid, CaseController.ifMatchVersion(ifMatch), e, RecordHttp.lang(request));
        return RecordHttp.ok(v, v.version());
    }

    @Post(value = "/problems/{id}/transitions", consumes = MediaType.APPLICATION_JSON)
    @Operation(summary = "Take a transition of the entity's problem workflow",
            description = "One of transitions[] in the problem. Closing with notifyLinkedCases publishes message on each "
                    + "linked open case. If-Match required: missing → 428, stale → 412.",
            requestBody = @RequestBody(required = true, content = @Content(schema = @Schema(implementation = RecordRequests.Transition.class))))
    @Parameter(name = "If-Match", in = ParameterIn.HEADER, required = true, schema = @Schema(type = "string", example = "\"3\""))
    public HttpResponse<RecordView> transition(@Parameter(hidden = true) TenantContext tenant, HttpRequest<?> request,
                                               @PathVariable String id, @Body String body, Authentication auth,
                                               @Parameter(hidden = true) @Nullable @Header(HttpHeaders.IF_MATCH) String ifMatch) {
        UUID rid = RecordHttp.id(id);
        RecordRequests.Transition t = RecordHttp.body(body, RecordRequests.Transition.class);
        RecordView v = records.transition(tenant, auth, RecordService.PROBLEM, rid, CaseController.ifMatchVersion(ifMatch), t,
                RecordHttp.lang(request));
        return RecordHttp.ok(v, v.version());
    }

    @Post(value = "/problems/{id}/cases", consumes = MediaType.APPLICATION_JSON)
    @Operation(summary = "Link a case to the problem (\"vincular a problema\")",
            description = "Linking a case already linked changes nothing. If-Match required: missing → 428, stale → 412.",
            requestBody = @RequestBody(required = true, content = @Content(schema = @Schema(implementation = RecordRequests.CaseLink.class))))
    @Parameter(name = "If-Match", in = ParameterIn.HEADER, required = true, schema = @Schema(type = "string", example = "\"3\""))
    public HttpResponse<RecordView> link(@Parameter(hidden = true) TenantContext tenant, HttpRequest<?> request,
                                         @PathVariable String id, @Body String body, Authentication auth,
                                         @Parameter(hidden = true) @Nullable @Header(HttpHeaders.IF_MATCH) String ifMatch) {
        UUID rid = RecordHttp.id(id);
        RecordRequests.CaseLink l = RecordHttp.body(body, RecordRequests.CaseLink.class);
        UUID caseId = CaseService.uuid(l.caseId()).orElseThrow(() -> RecordProblems.invalid("caseId", "case.param.type"));
        RecordView v = records.linkCase(tenant, auth, RecordService.PROBLEM, rid, CaseController.ifMatchVersion(ifMatch), caseId,
                RecordHttp.lang(request));
        return RecordHttp.ok(v, v.version());
    }

    @Get("/cases/{id}/problems")
    @Operation(summary = "The problems a case is linked to (with known-error flags), for the case's agents")
    public List<RecordView.Summary> forCase(@Parameter(hidden = true) TenantContext tenant, HttpRequest<?> request,
                                            @PathVariable String id, Authentication auth) {
        UUID caseId = RecordHttp.id(id);
        return records.forCase(tenant, auth, RecordService.PROBLEM, caseId, RecordHttp.lang(request));
    }
}
