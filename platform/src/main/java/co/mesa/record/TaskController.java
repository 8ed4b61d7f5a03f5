package co.mesa.record;

import co.mesa.shared.Problem;
import co.mesa.tenant.TenantContext;
import co.mesa.ticket.CaseController;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
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
 * Tasks ("actividades, hitos y tareas") of changes and problems, and "Mis tareas": the open work assigned to the
 * caller or their groups across cases, problems, changes and tasks (issue 27, 002 §11). Staff only.
 */
@Controller("/api/v1")
@Tag(name = "Tasks")
@SecurityRequirement(name = "bearer")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ApiResponse(responseCode = "401", description = "No valid token of this host's tenant",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "403", description = "Not an agent or supervisor of the entity",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "422", description = "Invalid fields (invalidParams)",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class TaskController {

    private final TaskService tasks;
    private final MyWork work;

    public TaskController(TaskService tasks, MyWork work) {
        this.tasks = tasks;
        this.work = work;
    }

    @Post(value = "/changes/{id}/tasks", consumes = MediaType.APPLICATION_JSON)
    @Operation(summary = "Add a task to a change", description = "Assigned to a technician, a group or both; due date YYYY-MM-DD.",
            requestBody = @RequestBody(required = true, content = @Content(schema = @Schema(implementation = TaskRequests.NewTask.class))))
    @ApiResponse(responseCode = "201", headers = @io.swagger.v3.oas.annotations.headers.Header(name = "ETag"),
            content = @Content(schema = @Schema(implementation = TaskView.class)))
    public HttpResponse<TaskView> onChange(@Parameter(hidden = true) TenantContext tenant, @PathVariable String id,
                                           @Body String body, Authentication auth) {
        return add(tenant, RecordService.CHANGE, id, body, auth);
    }

    @Post(value = "/problems/{id}/tasks", consumes = MediaType.APPLICATION_JSON)
    @Operation(summary = "Add a task to a problem", description = "Assigned to a technician, a group or both; due date YYYY-MM-DD.",
            requestBody = @RequestBody(required = true, content = @Content(schema = @Schema(implementation = TaskRequests.NewTask.class))))
    @ApiResponse(responseCode = "201", headers = @io.swagger.v3.oas.annotations.headers.Header(name = "ETag"),
            content = @Content(schema = @Schema(implementation = TaskView.class)))
    public HttpResponse<TaskView> onProblem(@Parameter(hidden = true) TenantContext tenant, @PathVariable String id,
                                            @Body String body, Authentication auth) {
        return add(tenant, RecordService.PROBLEM, id, body, auth);
    }

    @Get("/tasks/{id}")
    @Operation(summary = "A task, for its assignees and whoever may see its record")
    @ApiResponse(responseCode = "404", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public HttpResponse<TaskView> get(@Parameter(hidden = true) TenantContext tenant, @PathVariable String id, Authentication auth) {
        UUID tid = RecordHttp.id(id);
        TaskView t = tasks.get(tenant, auth, tid).orElseThrow(RecordProblems::notFound);
        return RecordHttp.ok(t, t.version());
    }

    @Post(value = "/tasks/{id}/edit", consumes = MediaType.APPLICATION_JSON)
    @Operation(summary = "Change a task's title, state, assignee or due date",
            description = "state: pendiente | en-curso | hecha | cancelada; a done or cancelled task stays so (409). "
                    + "If-Match required: missing → 428, stale → 412.",
            requestBody = @RequestBody(required = true, content = @Content(schema = @Schema(implementation = TaskRequests.Edit.class))))
    @Parameter(name = "If-Match", in = ParameterIn.HEADER, required = true, schema = @Schema(type = "string", example = "\"1\""))
    public HttpResponse<TaskView> edit(@Parameter(hidden = true) TenantContext tenant, @PathVariable String id,
                                       @Body String body, Authentication auth,
                                       @Parameter(hidden = true) @Nullable @Header(HttpHeaders.IF_MATCH) String ifMatch) {
        UUID tid = RecordHttp.id(id);
        TaskRequests.Edit e = RecordHttp.body(body, TaskRequests.Edit.class);
        TaskView t = tasks.edit(tenant, auth, tid, CaseController.ifMatchVersion(ifMatch), e);
        return RecordHttp.ok(t, t.version());
    }

    @Get("/me/work")
    @Operation(summary = "\"Mis tareas\" (002 §11): open cases, problems, changes and tasks assigned to me and to my groups",
            description = "Each counter names the list (/api/v1/me/work/{view}/{kind}) that shows exactly what it counts.")
    public MyWork.Work counters(@Parameter(hidden = true) TenantContext tenant, Authentication auth) {
        return work.counters(tenant, auth);
    }

    @Get("/me/work/{view}/{kind}")
    @Operation(summary = "The open work one \"Mis tareas\" counter counts",
            description = "view: mine | groups; kind: cases | problems | changes | tasks. At most 200, the most urgent first.")
    public List<MyWork.Item> list(@Parameter(hidden = true) TenantContext tenant, @PathVariable String view,
                                  @PathVariable String kind, Authentication auth) {
        return work.list(tenant, auth, view, kind);
    }

    private HttpResponse<TaskView> add(TenantContext tenant, String kind, String id, String body, Authentication auth) {
        UUID rid = RecordHttp.id(id);
        TaskRequests.NewTask t = RecordHttp.body(body, TaskRequests.NewTask.class);
        TaskView v = tasks.create(tenant, auth, kind, rid, t);
        return RecordHttp.created(v, v.version(), "/api/v1/tasks/" + v.id(), false);
    }
}
