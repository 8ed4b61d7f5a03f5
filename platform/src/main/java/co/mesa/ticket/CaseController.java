package co.mesa.ticket;

import co.mesa.shared.Problem;
import co.mesa.tenant.TenantContext;
import co.mesa.shared.Languages;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
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

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The case API: file a case, read it (by id or code), act on it with {@code If-Match}, the
 * requester's own list, and attachments.
 */
@Controller("/api/v1")
@Tag(name = "Cases")
@SecurityRequirement(name = "bearer")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ApiResponse(responseCode = "401", description = "No valid token of this host's tenant",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class CaseController {

    private static final ObjectMapper JSON = co.mesa.shared.StrictJson.strict(new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true));
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("^[\\x21-\\x7e]{1,200}$");
    private static final Pattern ETAG = Pattern.compile("^(?:W/)?\"(\\d{1,9})\"$");

    /** A page of cases (the code search answers zero or one). */
    @Serdeable
    @Schema(name = "CasePage")
    public record CasePage(List<CaseView> items, @Nullable String next) {
    }

    private final CaseService cases;
    private final CaseActions actions;
    private final AttachmentService attachments;

    public CaseController(CaseService cases, CaseActions actions, AttachmentService attachments) {
        this.cases = cases;
        this.actions = actions;
        this.attachments = attachments;
    }

    @Post(value = "/cases", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "File a case",
            description = "From the portal or the API by the requester, or by an agent on someone's behalf "
                    + "(requesterId, origin phone/email/pqrs). The code is taken last, consecutive per tenant and year. "
                    + "With an Idempotency-Key (kept 24 h, per tenant and caller) a retry gets the first answer again; "
                    + "the same key with another body → 422.",
            requestBody = @RequestBody(required = true, content = @Content(schema = @Schema(implementation = CaseRequests.NewCase.class))))
    @Parameter(name = "Idempotency-Key", in = ParameterIn.HEADER, schema = @Schema(type = "string", maxLength = 200))
    @ApiResponse(responseCode = "201", headers = @io.swagger.v3.oas.annotations.headers.Header(name = "ETag"),
            content = @Content(schema = @Schema(implementation = CaseView.class)))
    @ApiResponse(responseCode = "422", description = "Invalid fields (invalidParams), or an Idempotency-Key reused with another body",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "403", description = "The template is not for the caller, or a requester filed for someone else",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public HttpResponse<String> create(@Parameter(hidden = true) TenantContext tenant, HttpRequest<?> request,
                                       @Body String body, Authentication auth,
                                       @Parameter(hidden = true) @Nullable @Header("Idempotency-Key") String idempotencyKey) {
        if (idempotencyKey != null && !IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
            throw CaseProblems.invalid(List.of(new co.mesa.shared.ProblemException.ParamError("Idempotency-Key",
                    "case.param.idempotency-key")));
        }
        JsonNode tree = parse(body);
        CaseRequests.NewCase newCase = read(tree, CaseRequests.NewCase.class);
        CaseService.Created created = cases.create(tenant, auth, newCase, idempotencyKey, hash(tree),
                Languages.preferred(request));
        int version = created.version() > 0 ? created.version() : versionOf(created.json());
        MutableHttpResponse<String> response = HttpResponse.<String>status(HttpStatus.CREATED)
                .contentType(MediaType.APPLICATION_JSON_TYPE).body(created.json())
                .header(HttpHeaders.ETAG, etag(version))
                .header(HttpHeaders.LOCATION, "/api/v1/cases/" + created.id());
        if (created.replay()) {
            response.header("Idempotent-Replayed", "true");
        }
        return response;
    }

    @Get("/cases/{id}")
    @Operation(summary = "A case as the caller may see it",
            description = "Agents see every event; the requester sees the published ones and their own. Unknown, "
                    + "another tenant's, or not the caller's to see → 404.")
    @ApiResponse(responseCode = "200", headers = @io.swagger.v3.oas.annotations.headers.Header(name = "ETag"),
            content = @Content(schema = @Schema(implementation = CaseView.class)))
    @ApiResponse(responseCode = "404", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public HttpResponse<CaseView> get(@Parameter(hidden = true) TenantContext tenant, HttpRequest<?> request,
                                      @PathVariable String id, Authentication auth) {
        UUID caseId = CaseService.uuid(id).orElseThrow(CaseProblems::notFound);
        CaseView view = cases.get(tenant, auth, caseId, Languages.preferred(request)).orElseThrow(CaseProblems::notFound);
        return HttpResponse.ok(view).header(HttpHeaders.ETAG, etag(view.version()));
    }

    @Get("/cases{?code}")
    @Operation(summary = "Find a case by its code", description = "The usual page of results, with zero or one item.")
    public CasePage byCode(@Parameter(hidden = true) TenantContext tenant, HttpRequest<?> request,
                           @Nullable @QueryValue String code, Authentication auth) {
        if (code == null || code.isBlank()) {
            throw CaseProblems.invalid(List.of(new co.mesa.shared.ProblemException.ParamError("code", "case.param.required")));
        }
        return new CasePage(cases.byCode(tenant, auth, code, Languages.preferred(request)).map(List::of).orElse(List.of()),
                null);
    }

    @Post(value = "/cases/{id}/actions", consumes = MediaType.APPLICATION_JSON)
    @Operation(summary = "Act on a case",
            description = "One of the action kinds the tenant offers in the case's state (availableActions). "
                    + "If-Match with the case's ETag is required: missing → 428, stale → 412 with changesSince.",
            requestBody = @RequestBody(required = true, content = @Content(schema = @Schema(implementation = CaseRequests.Action.class))))
    @Parameter(name = "If-Match", in = ParameterIn.HEADER, required = true, schema = @Schema(type = "string", example = "\"3\""))
    @ApiResponse(responseCode = "200", headers = @io.swagger.v3.oas.annotations.headers.Header(name = "ETag"),
            content = @Content(schema = @Schema(implementation = CaseView.class)))
    @ApiResponse(responseCode = "409", description = "The action is not allowed in the case's state",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "412", description = "The case changed since the caller's version; changesSince says how",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "428", description = "If-Match is missing",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public HttpResponse<CaseView> act(@Parameter(hidden = true) TenantContext tenant, HttpRequest<?> request,
                                      @PathVariable String id, @Body String body, Authentication auth,
                                      @Parameter(hidden = true) @Nullable @Header(HttpHeaders.IF_MATCH) String ifMatch) {
        UUID caseId = CaseService.uuid(id).orElseThrow(CaseProblems::notFound);
        CaseRequests.Action action = read(parse(body), CaseRequests.Action.class);
        CaseView view = actions.act(tenant, auth, caseId, ifMatchVersion(ifMatch), action, Languages.preferred(request));
        return HttpResponse.ok(view).header(HttpHeaders.ETAG, etag(view.version()));
    }

    @Post(value = "/cases/{id}/notify", consumes = MediaType.APPLICATION_JSON)
    @Operation(summary = "Notificar: an ad-hoc email from the case, optionally with the PDF of its record",
            description = "Agents of the case; If-Match required. Logged as an event; delivered through the outbox.",
            requestBody = @RequestBody(required = true, content = @Content(schema = @Schema(implementation = CaseRequests.Notify.class))))
    @Parameter(name = "If-Match", in = ParameterIn.HEADER, required = true, schema = @Schema(type = "string"))
    public HttpResponse<CaseView> notify(@Parameter(hidden = true) TenantContext tenant, HttpRequest<?> request,
                                         @PathVariable String id, @Body String body, Authentication auth,
                                         @Parameter(hidden = true) @Nullable @Header(HttpHeaders.IF_MATCH) String ifMatch) {
        UUID caseId = CaseService.uuid(id).orElseThrow(CaseProblems::notFound);
        CaseView view = actions.notify(tenant, auth, caseId, ifMatchVersion(ifMatch), read(parse(body), CaseRequests.Notify.class),
                Languages.preferred(request));
        return HttpResponse.ok(view).header(HttpHeaders.ETAG, etag(view.version()));
    }

    @Post(value = "/attachments", consumes = MediaType.ALL)
    @Operation(summary = "Upload an attachment before filing the case",
            description = "The raw file as the body, its media type as Content-Type and its name in ?name=. "
                    + "Size and types are the tenant's limits. Link it with attachments[].id when filing; "
                    + "unfiled uploads are removed after a day.")
    @ApiResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = CaseView.AttachmentView.class)))
    @ApiResponse(responseCode = "413", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "415", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public HttpResponse<CaseView.AttachmentView> upload(@Parameter(hidden = true) TenantContext tenant, HttpRequest<?> request,
                                                         @Nullable @QueryValue String name, @Body byte[] content,
                                                         Authentication auth) {
        String type = request.getContentType().map(MediaType::toString).orElse(null);
        return HttpResponse.status(HttpStatus.CREATED).body(attachments.upload(tenant, auth, name, type, content));
    }

    @Get("/cases/{id}/attachments/{attachmentId}")
    @Operation(summary = "Download an attachment of a case the caller may see")
    public HttpResponse<byte[]> download(@Parameter(hidden = true) TenantContext tenant, @PathVariable String id,
                                         @PathVariable String attachmentId, Authentication auth) {
        UUID caseId = CaseService.uuid(id).orElseThrow(CaseProblems::notFound);
        UUID aid = CaseService.uuid(attachmentId).orElseThrow(CaseProblems::notFound);
        AttachmentService.Download d = attachments.download(tenant, auth, caseId, aid).orElseThrow(CaseProblems::notFound);
        return HttpResponse.ok(d.content()).contentType(d.mediaType())
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename*=UTF-8''"
                        + URLEncoder.encode(d.fileName(), StandardCharsets.UTF_8).replace("+", "%20"))
                .header("X-Content-Type-Options", "nosniff");
    }

    @Get(value = "/cases/{id}/record.pdf", produces = "application/pdf")
    @Operation(summary = "The case's record as PDF (the formal record: data, SLA outcome, history)",
            description = "What the caller may see: a requester or informed person gets what the portal shows them; "
                    + "the case's agents get the requester's record, or with internal=true the internal one "
                    + "(internal notes and files). In the request's language.")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/pdf"))
    @ApiResponse(responseCode = "403", description = "internal=true asked by someone who is not an agent of the case",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "No such case here, or not the caller's to see",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public HttpResponse<byte[]> record(@Parameter(hidden = true) TenantContext tenant, HttpRequest<?> request,
                                       @PathVariable String id, @Nullable @QueryValue Boolean internal,
                                       Authentication auth) {
        UUID caseId = CaseService.uuid(id).orElseThrow(CaseProblems::notFound);
        java.util.Locale language = Languages.preferred(request).stream().findFirst().orElse(co.mesa.shared.Messages.DEFAULT);
        CaseService.RecordFile file = cases.record(tenant, auth, caseId, Boolean.TRUE.equals(internal), language)
                .orElseThrow(CaseProblems::notFound);
        return recordResponse(file, Boolean.TRUE.equals(internal));
    }

    /** A record PDF as a download named by the case's code (and "interno" for the internal one). */
    public static HttpResponse<byte[]> recordResponse(CaseService.RecordFile file, boolean internal) {
        String name = "caso-" + file.code().replaceAll("[^A-Za-z0-9-]+", "-") + (internal ? "-interno" : "") + ".pdf";
        return HttpResponse.ok(file.pdf()).contentType("application/pdf")
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"")
                .header(HttpHeaders.CACHE_CONTROL, "private, no-store")
                .header("X-Content-Type-Options", "nosniff");
    }

    /** The version an If-Match names; null when absent; an unreadable one matches nothing (-1: stale by definition). */
    @Nullable
    public static Integer ifMatchVersion(@Nullable String ifMatch) {
        if (ifMatch == null) {
            return null;
        }
        var m = ETAG.matcher(ifMatch.trim());
        return m.matches() ? Integer.valueOf(m.group(1)) : Integer.valueOf(-1);
    }

    public static String etag(int version) {
        return "\"" + version + "\"";
    }

    public static JsonNode parse(String body) {
        try {
            JsonNode tree = JSON.readTree(body == null ? "" : body);
            if (tree == null || !tree.isObject()) {
                throw CaseProblems.unreadable("se esperaba un objeto JSON");
            }
            return tree;
        } catch (JsonProcessingException e) {
            throw CaseProblems.unreadable(e.getOriginalMessage());
        }
    }

    public static <T> T read(JsonNode tree, Class<T> type) {
        try {
            return JSON.treeToValue(tree, type);
        } catch (UnrecognizedPropertyException e) {
            throw CaseProblems.invalid(List.of(new co.mesa.shared.ProblemException.ParamError(e.getPropertyName(),
                    "case.param.field.not-allowed", e.getPropertyName())));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String path = e instanceof com.fasterxml.jackson.databind.JsonMappingException m
                    ? m.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : String.valueOf(r.getIndex()))
                    .reduce((a, b) -> a + "/" + b).orElse("") : "";
            throw CaseProblems.invalid(List.of(new co.mesa.shared.ProblemException.ParamError(path.isEmpty() ? "body" : path,
                    "case.param.type")));
        }
    }

    /** The same request written differently (key order, spacing) is the same request. */
    public static String hash(JsonNode tree) {
        try {
            Object canonical = JSON.treeToValue(tree, Object.class);
            byte[] bytes = JSON.writeValueAsBytes(canonical);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int versionOf(String json) {
        try {
            return JSON.readTree(json).path("version").asInt();
        } catch (JsonProcessingException e) {
            return 0;
        }
    }

}
