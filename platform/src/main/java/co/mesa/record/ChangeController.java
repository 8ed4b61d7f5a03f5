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
 * The change (RFC) API (issue 27): open a change (optionally from cases and problems), read it, edit it, send it
 * through its workflow, vote as a member of the change committee, link cases — with the rules of the case API:
 * ETag/If-Match on every change of the record, Idempotency-Key on create, problem+json errors, keyset pages. Staff only.
 */
@Controller("/api/v1")
@Tag(name = "Changes")
@SecurityRequirement(name = "bearer")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ApiResponse(responseCode = "401", description = "No valid token of this host's tenant",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "403", description = "Not an agent or supervisor of the entity (or, to vote, not a committee member)",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "422", description = "Invalid fields (invalidParams)",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class ChangeController {

    private final ChangeService changes;
    private final RecordService records;

    public ChangeController(ChangeService changes, RecordService records) {
        this.changes = changes;
        this.records = records;
    }

    @Post(value = "/changes", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Open a change (RFC), optionally from cases and problems (\"Nuevo cambio\")",
            description = "The code is the entity's change code. type: estandar | normal | emergencia; risk, impact: bajo | "
                    + "medio | alto; the planned window's end must follow its start. With an Idempotency-Key a retry gets the "
                    + "same change; the same key with another body → 422.",
            requestBody = @RequestBody(required = true, content = @Content(schema = @Schema(implementation = ChangeRequests.NewChange.class))))
    @Parameter(name = "Idempotency-Key", in = ParameterIn.HEADER, schema = @Schema(type = "string", maxLength = 200))
    @ApiResponse(responseCode = "201", headers = @io.swagger.v3.oas.annotations.headers.Header(name = "ETag"),
            content = @Content(schema = @Schema(implementation = ChangeView.class)))
    public HttpResponse<ChangeView> create(@Parameter(hidden = true) TenantContext tenant, HttpRequest<?> request,
                                           @Body String body, Authentication auth,
                                           @Parameter(hidden = true) @Nullable @Header("Idempotency-Key") String idempotencyKey) {
        RecordHttp.checkIdempotencyKey(idempotencyKey);
        JsonNode tree = CaseController.parse(body);
        ChangeRequests.NewChange r = CaseController.read(tree, ChangeRequests.NewChange.class);
        ChangeService.Created created = changes.create(tenant, auth, r, idempotencyKey, CaseController.hash(tree), RecordHttp.lang(request));
        RecordView v = created.view().record();
        return RecordHttp.created(created.view(), v.version(), "/api/v1/changes/" + v.id(), created.replay());
    }

    @Get("/changes{?view,state,after}")
    @Operation(summary = "A page of changes the caller may see",
            description = "view: all (default) | mine | groups | team (the caller is in the work team) | teamGroups (one of "
                    + "the caller's groups is); the team views leave out new changes and those that are over. state: one state "
                    + "of the entity's change workflow; after: the previous page's next. Newest first.")
    public RecordView.Page list(@Parameter(hidden = true) TenantContext tenant, HttpRequest<?> request, Authentication auth,
                                @Nullable @QueryValue String view, @Nullable @QueryValue String state,
                                @Nullable @QueryValue String after) {
        return records.list(tenant, auth, RecordService.CHANGE, view, state, after, RecordHttp.lang(request));
    }

    @Get("/changes/counters")
    @Operation(summary = "\"Cambios y entregas\" (002 §11): by state overall, assigned to me, to my groups, in my work team, "
            + "in my groups' work team", description = "Each counter names the list that shows exactly what it counts.")
    public ChangeView.Counters counters(@Parameter(hidden = true) TenantContext tenant, HttpRequest<?> request,
                                        Authentication auth) {
        return changes.counters(tenant, auth, RecordHttp.lang(request));
    }

    @Get("/changes/{id}")
    @Operation(summary = "A change with its facts, committee votes, tasks, cases, transitions and history",
            description = "Unknown, another entity's, or not the caller's to see → 404.")
    @ApiResponse(responseCode = "404", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public HttpResponse<ChangeView> get(@Parameter(hidden = true) TenantContext tenant, HttpRequest<?> request,
                                        @PathVariable String id, Authentication auth) {
        UUID rid = RecordHttp.id(id);
        ChangeView v = changes.get(tenant, auth, rid, RecordHttp.lang(request)).orElseThrow(RecordProblems::notFound);
        return RecordHttp.ok(v, v.record().version());
    }

    @Post(value = "/changes/{id}/edit", consumes = MediaType.APPLICATION_JSON)
    @Operation(summary = "Change a change's facts, work team or assignment",
            description = "The facts the committee judges change only while the change is new (409 after); the team and the "
                    + "assignment until it is over. If-Match required: missing → 428, stale → 412.",
            requestBody = @RequestBody(required = true, content = @Content(schema = @Schema(implementation = ChangeRequests.Edit.class))))
    @Parameter(name = "If-Match", in = ParameterIn.HEADER, required = true, schema = @Schema(type = "string", example = "\"3\""))
    public HttpResponse<ChangeView> edit(@Parameter(hidden = true) TenantContext tenant, HttpRequest<?> request,
                                         @PathVariable String id, @Body String body, Authentication auth,
                                         @Parameter(hidden = true) @Nullable @Header(HttpHeaders.IF_MATCH) String ifMatch) {
        UUID rid = RecordHttp.id(id);
        ChangeRequests.Edit e = RecordHttp.body(body, ChangeRequests.Edit.class);
        ChangeView v = changes.edit(tenant, auth, rid, CaseController.ifMatchVersion(ifMatch), e, RecordHttp.lang(request));
        return RecordHttp.ok(v, v.record().version());
    }

    @Post(value = "/changes/{id}/transitions", consumes = MediaType.APPLICATION_JSON)
    @Operation(summary = "Take an agent's transition of the entity's change workflow",
            description = "One of record.transitions[]. The committee's approval and rejection are taken by its votes, not "
                    + "here. If-Match required: missing → 428, stale → 412.",
            requestBody = @RequestBody(required = true, content = @Content(schema = @Schema(implementation = RecordRequests.Transition.class))))
    @Parameter(name = "If-Match", in = ParameterIn.HEADER, required = true, schema = @Schema(type = "string", example = "\"3\""))
    public HttpResponse<ChangeView> transition(@Parameter(hidden = true) TenantContext tenant, HttpRequest<?> request,
                                               @PathVariable String id, @Body String body, Authentication auth,
                                               @Parameter(hidden = true) @Nullable @Header(HttpHeaders.IF_MATCH) String ifMatch) {
        UUID rid = RecordHttp.id(id);
        RecordRequests.Transition t = RecordHttp.body(body, RecordRequests.Transition.class);
        records.transition(tenant, auth, RecordService.CHANGE, rid, CaseController.ifMatchVersion(ifMatch), t, RecordHttp.lang(request));
        return current(tenant, request, auth, rid);
    }

    @Post(value = "/changes/{id}/votes", consumes = MediaType.APPLICATION_JSON)
    @Operation(summary = "Approve or reject the change as a member of the change committee, once, with a reason",
            description = "Only while the change is with the committee (409 otherwise, or when the member already voted). When "
                    + "the entity's rule is met (all, majority or any of the members; the emergency rule for an emergency "
                    + "change) the change moves on at once and its requester is told.",
            requestBody = @RequestBody(required = true, content = @Content(schema = @Schema(implementation = ChangeRequests.Vote.class))))
    public HttpResponse<ChangeView> vote(@Parameter(hidden = true) TenantContext tenant, HttpRequest<?> request,
                                         @PathVariable String id, @Body String body, Authentication auth) {
        UUID rid = RecordHttp.id(id);
        ChangeRequests.Vote v = RecordHttp.body(body, ChangeRequests.Vote.class);
        ChangeView view = changes.vote(tenant, auth, rid, v, RecordHttp.lang(request));
        return RecordHttp.ok(view, view.record().version());
    }

    @Post(value = "/changes/{id}/cases", consumes = MediaType.APPLICATION_JSON)
    @Operation(summary = "Link a case to the change", description = "Linking twice changes nothing. If-Match required.",
            requestBody = @RequestBody(required = true, content = @Content(schema = @Schema(implementation = RecordRequests.CaseLink.class))))
    @Parameter(name = "If-Match", in = ParameterIn.HEADER, required = true, schema = @Schema(type = "string", example = "\"3\""))
    public HttpResponse<ChangeView> link(@Parameter(hidden = true) TenantContext tenant, HttpRequest<?> request,
                                         @PathVariable String id, @Body String body, Authentication auth,
                                         @Parameter(hidden = true) @Nullable @Header(HttpHeaders.IF_MATCH) String ifMatch) {
        UUID rid = RecordHttp.id(id);
        RecordRequests.CaseLink l = RecordHttp.body(body, RecordRequests.CaseLink.class);
        UUID caseId = CaseService.uuid(l.caseId()).orElseThrow(() -> RecordProblems.invalid("caseId", "case.param.type"));
        records.linkCase(tenant, auth, RecordService.CHANGE, rid, CaseController.ifMatchVersion(ifMatch), caseId, RecordHttp.lang(request));
        return current(tenant, request, auth, rid);
    }

    @Get("/cases/{id}/changes")
    @Operation(summary = "The changes a case is linked to, for the case's agents")
    public List<RecordView.Summary> forCase(@Parameter(hidden = true) TenantContext tenant, HttpRequest<?> request,
                                            @PathVariable String id, Authentication auth) {
        UUID caseId = RecordHttp.id(id);
        return records.forCase(tenant, auth, RecordService.CHANGE, caseId, RecordHttp.lang(request));
    }

    private HttpResponse<ChangeView> current(TenantContext tenant, HttpRequest<?> request, Authentication auth, UUID id) {
        ChangeView v = changes.get(tenant, auth, id, RecordHttp.lang(request)).orElseThrow(RecordProblems::notFound);
        return RecordHttp.ok(v, v.record().version());
    }
}
