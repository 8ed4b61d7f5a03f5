package co.mesa.tenant;

import co.mesa.shared.Problem;
import co.mesa.shared.ProblemException;
import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.internal.ConfigHistoryStore;
import co.mesa.tenantconfig.ConfigKind;
import co.mesa.tenantconfig.InvalidTenantConfigException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Put;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tenant administrators edit their entity's live data — calendars (windows, closures), SLA
 * policies, catalog, routing… — one kind at a time, with the same validation as
 * {@code tenant-config/}; each edit is a new version recording who and when, and from then on a
 * folder import will not overwrite it (decision 0003). The tenant profile (hosts, realm) stays
 * with operators.
 */
@Controller("/api/v1/admin/config")
@Secured("tenant-admin")
@Tag(name = "Administration")
@SecurityRequirement(name = "bearer")
@ApiResponse(responseCode = "403", description = "Not a tenant administrator, or the tenant profile",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class TenantAdminConfigController {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ETAG = Pattern.compile("(?:W/)?\"(\\d{1,9})\"");

    private final TenantConfigService service;
    private final TenantTransactions tx;
    private final ConfigHistoryStore history;

    public TenantAdminConfigController(TenantConfigService service, TenantTransactions tx, ConfigHistoryStore history) {
        this.service = service;
        this.tx = tx;
        this.history = history;
    }

    /** A kind's live document and its version. */
    @Serdeable
    @Schema(name = "ConfigDocument")
    public record ConfigDocument(String kind, int version, Map<String, Object> content) {
    }

    /** One version in a kind's history. */
    @Serdeable
    @Schema(name = "ConfigVersion")
    public record ConfigVersion(int version, String source, String changedBy, Instant changedAt, List<String> changes) {
    }

    @Get("/{kind}")
    @Operation(summary = "The live version of one kind of the tenant's data (calendars, sla, catalog, …)",
            description = "The ETag names the live version; send it back as If-Match to change the kind.")
    @ApiResponse(responseCode = "200", headers = @io.swagger.v3.oas.annotations.headers.Header(name = "ETag"),
            content = @Content(schema = @Schema(implementation = ConfigDocument.class)))
    public HttpResponse<ConfigDocument> get(@Parameter(hidden = true) TenantContext tenant, @PathVariable String kind) {
        ConfigKind k = editable(kind);
        JsonNode live = service.live(tenant.id(), tenant.slug()).documents().get(k);
        int version = latestVersion(tenant, k);
        return HttpResponse.ok(new ConfigDocument(kind, version, plain(live))).header(HttpHeaders.ETAG, etag(version));
    }

    /** The ETag of a kind's version: {@code "<version>"}. */
    static String etag(int version) {
        return "\"" + version + "\"";
    }

    /**
     * The version an If-Match names: null when absent or {@code *} (an administrator must say which version
     * they edited); an unreadable one matches nothing (-1: stale by definition).
     */
    @io.micronaut.core.annotation.Nullable
    static Integer ifMatchVersion(@io.micronaut.core.annotation.Nullable String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return null;
        }
        Matcher m = ETAG.matcher(ifMatch.trim());
        return m.matches() ? Integer.valueOf(m.group(1)) : Integer.valueOf(-1);
    }

    @Get(value = "/{kind}/export", produces = "application/yaml")
    @Operation(summary = "The live version of one kind as YAML, the shape of its tenant-config/ file",
            description = "Save it as tenant-config/<slug>/<kind>.yaml to carry live edits back into the folder.")
    public io.micronaut.http.HttpResponse<String> export(@Parameter(hidden = true) TenantContext tenant,
                                                         @PathVariable String kind) {
        ConfigKind k = editable(kind);
        JsonNode live = service.live(tenant.id(), tenant.slug()).documents().get(k);
        try {
            String yaml = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()
                    .disable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature.MINIMIZE_QUOTES))
                    .writeValueAsString(live);
            return io.micronaut.http.HttpResponse.ok("# " + tenant.slug() + " " + k.fileName() + ", live version "
                    + latestVersion(tenant, k) + "\n" + yaml)
                    .contentType("application/yaml")
                    .header("Content-Disposition", "attachment; filename=\"" + k.fileName() + "\"");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Put("/{kind}")
    @Operation(summary = "Replace one kind of the tenant's live data; validated like tenant-config/",
            description = "The body is the kind's document as JSON (the same shape as its YAML file, with kind "
                    + "and schemaVersion). Invalid → 422 with invalidParams naming file, path and reason.")
    @ApiResponse(responseCode = "422", description = "The document (or the tenant's data with it) is invalid",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "428", description = "If-Match is missing",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "412", description = "Someone saved the kind since the version sent; changesSince lists "
            + "each version since (who, when, what)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Parameter(name = "If-Match", in = io.swagger.v3.oas.annotations.enums.ParameterIn.HEADER, required = true,
            schema = @Schema(type = "string", example = "\"3\""))
    public HttpResponse<ConfigDocument> put(@Parameter(hidden = true) TenantContext tenant, @PathVariable String kind,
                                            @Body Map<String, Object> body,
                                            @Parameter(hidden = true) @io.micronaut.core.annotation.Nullable
                                            @Header(HttpHeaders.IF_MATCH) String ifMatch,
                                            Authentication auth) {
        ConfigKind k = writable(kind);
        Integer expected = ifMatchVersion(ifMatch);
        if (expected == null) {
            throw new ProblemException(HttpStatus.PRECONDITION_REQUIRED, "tenant-data.if-match-required",
                    "problem.tenant-data.if-match-required.title", "problem.tenant-data.if-match-required.detail");
        }
        JsonNode content = JSON.valueToTree(body);
        String actor = String.valueOf(auth.getAttributes().getOrDefault("preferred_username", auth.getName()));
        int version;
        try {
            version = service.editLive(tenant, k, content, actor + " (" + auth.getName() + ")", expected);
        } catch (InvalidTenantConfigException e) {
            throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, "invalid-tenant-data",
                    "problem.tenant-data.invalid.title", "problem.tenant-data.invalid.detail",
                    e.problems().stream().map(p -> new Problem.InvalidParam(p.file() + "#" + p.path(), p.message())).toList());
        }
        return HttpResponse.ok(new ConfigDocument(kind, version, plain(content))).header(HttpHeaders.ETAG, etag(version));
    }

    @Get("/{kind}/versions")
    @Operation(summary = "The history of one kind: who changed it, when, from where, and what")
    public List<ConfigVersion> versions(@Parameter(hidden = true) TenantContext tenant, @PathVariable String kind) {
        ConfigKind k = editable(kind);
        return tx.read(tenant.id(), c -> history.history(c, k.name(), 100)).stream()
                .map(e -> new ConfigVersion(e.version(), e.source(), e.changedBy(), e.changedAt(),
                        JSON.convertValue(e.changes(), JSON.getTypeFactory().constructCollectionType(List.class, String.class))))
                .toList();
    }

    private int latestVersion(@Parameter(hidden = true) TenantContext tenant, ConfigKind kind) {
        return tx.read(tenant.id(), c -> history.history(c, kind.name(), 1)).stream()
                .findFirst().map(ConfigHistoryStore.Entry::version).orElse(0);
    }

    /** The kinds an administrator may edit: all but the tenant profile (hosts and realm are the operators'). */
    private static ConfigKind editable(String name) {
        ConfigKind kind = ConfigKind.byFileName(name + ".yaml").orElseThrow(() -> new ProblemException(
                HttpStatus.NOT_FOUND, "unknown-kind", "problem.not-found.title", "problem.tenant-data.unknown-kind.detail",
                name, Arrays.stream(ConfigKind.values()).filter(k -> k != ConfigKind.TENANT)
                        .map(k -> k.fileName().replace(".yaml", "")).toList().toString()));
        if (kind == ConfigKind.TENANT) {
            throw new ProblemException(HttpStatus.FORBIDDEN, "operator-only", "problem.forbidden.title",
                    "problem.tenant-data.operator-only.detail");
        }
        return kind;
    }

    /** A kind administrators may change live: not the workflow, which changes only by a guarded import. */
    private static ConfigKind writable(String name) {
        ConfigKind kind = editable(name);
        if (kind == ConfigKind.WORKFLOW) {
            throw new ProblemException(HttpStatus.FORBIDDEN, "workflow-import-only", "problem.forbidden.title",
                    "problem.tenant-data.workflow-import-only.detail");
        }
        return kind;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> plain(JsonNode node) {
        return JSON.convertValue(node, Map.class);
    }
}
