package co.mesa.tenantconfig;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Validates a tenant bundle in three steps — JSON Schema per file, binding to {@link TenantConfig},
 * then semantic checks across files — and reports every problem with file and path.
 */
public final class TenantConfigValidator {

    private static final String SCHEMA_BASE = "https://schemas.mesa.co/tenant-config/";

    static final ObjectMapper BINDER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final Map<ConfigKind, JsonSchema> schemas = new EnumMap<>(ConfigKind.class);

    public TenantConfigValidator() {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                builder -> builder.schemaMappers(m -> m.mapPrefix(SCHEMA_BASE, "classpath:co/mesa/tenantconfig/schema/")));
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                .pathType(PathType.JSON_POINTER)
                .formatAssertionsEnabled(true)
                .locale(Locale.ENGLISH)
                .build();
        for (ConfigKind kind : ConfigKind.values()) {
            schemas.put(kind, factory.getSchema(SchemaLocation.of(SCHEMA_BASE + kind.schemaResource()), config));
        }
    }

    /** The typed config, or an exception listing every problem. */
    public TenantConfig validate(TenantBundle bundle) {
        Result result = check(bundle);
        if (!result.problems().isEmpty()) {
            throw new InvalidTenantConfigException(bundle.slug(), result.problems());
        }
        return result.config();
    }

    /** Validation outcome: the config when there are no problems, else null and the problems sorted. */
    public record Result(TenantConfig config, List<ConfigProblem> problems) {
    }

    public Result check(TenantBundle bundle) {
        List<ConfigProblem> problems = new ArrayList<>();
        Map<ConfigKind, Object> bound = new EnumMap<>(ConfigKind.class);
        for (ConfigKind kind : ConfigKind.values()) {
            String file = bundle.slug() + "/" + kind.fileName();
            JsonNode node = bundle.documents().get(kind);
            if (node == null) {
                problems.add(new ConfigProblem(file, "", "file is missing"));
                continue;
            }
            List<ConfigProblem> schemaProblems = schemaProblems(file, kind, node);
            problems.addAll(schemaProblems);
            if (schemaProblems.isEmpty()) {
                try {
                    bound.put(kind, BINDER.treeToValue(node, recordType(kind)));
                } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
                    problems.add(unreadable(file, e));
                } catch (Exception e) {
                    problems.add(new ConfigProblem(file, "", "cannot be read: " + e.getMessage()));
                }
            }
        }
        if (!problems.isEmpty()) {
            return new Result(null, sorted(problems));
        }
        TenantConfig config = new TenantConfig(
                (TenantConfig.Tenant) bound.get(ConfigKind.TENANT),
                (TenantConfig.Calendars) bound.get(ConfigKind.CALENDARS),
                (TenantConfig.Sites) bound.get(ConfigKind.SITES),
                (TenantConfig.Workflow) bound.get(ConfigKind.WORKFLOW),
                (TenantConfig.Catalog) bound.get(ConfigKind.CATALOG),
                (TenantConfig.Priorities) bound.get(ConfigKind.PRIORITIES),
                (TenantConfig.Groups) bound.get(ConfigKind.GROUPS),
                (TenantConfig.Routing) bound.get(ConfigKind.ROUTING),
                (TenantConfig.SlaPolicies) bound.get(ConfigKind.SLA_POLICIES),
                (TenantConfig.Settings) bound.get(ConfigKind.SETTINGS));
        problems.addAll(new SemanticChecks(bundle.slug(), config, bundle.documents()).run());
        return problems.isEmpty() ? new Result(config, List.of()) : new Result(null, sorted(problems));
    }

    private List<ConfigProblem> schemaProblems(String file, ConfigKind kind, JsonNode node) {
        JsonNode declared = node.get("kind");
        if (declared == null || !kind.kindName().equals(declared.asText())) {
            return List.of(new ConfigProblem(file, "/kind",
                    "must be '" + kind.kindName() + "' in " + kind.fileName()
                            + (declared == null ? "" : ", found '" + declared.asText() + "'")));
        }
        List<ConfigProblem> found = new ArrayList<>();
        for (ValidationMessage message : schemas.get(kind).validate(node)) {
            List<String> args = new ArrayList<>();
            if (message.getArguments() != null) {
                for (Object a : message.getArguments()) {
                    args.add(String.valueOf(a));
                }
            }
            found.add(new ConfigProblem(file, message.getInstanceLocation().toString(), describe(message),
                    "schema." + message.getType(), args));
        }
        // A value fitting none of a oneOf's shapes yields one message per shape: keep each, once.
        return sorted(found);
    }

    /**
     * A value the schema lets through but the typed config cannot hold (a date {@code 2026-02-30}):
     * named by its path, so that a page can show it next to its input.
     */
    private static ConfigProblem unreadable(String file, com.fasterxml.jackson.databind.JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (com.fasterxml.jackson.databind.JsonMappingException.Reference r : e.getPath()) {
            path.append('/').append(r.getFieldName() != null ? r.getFieldName() : String.valueOf(r.getIndex()));
        }
        Object value = e instanceof com.fasterxml.jackson.databind.exc.InvalidFormatException f ? f.getValue() : null;
        return new ConfigProblem(file, path.toString(), "cannot be read: " + e.getOriginalMessage(), "unreadable",
                value == null ? List.of() : List.of(String.valueOf(value)));
    }

    /** networknt phrases errors as "{path}: {error}"; keep the error, the path goes separately. */
    private static String describe(ValidationMessage message) {
        String error = message.getError();
        return error != null ? error : message.getMessage();
    }

    private static List<ConfigProblem> sorted(List<ConfigProblem> problems) {
        return new ArrayList<>(new TreeSet<>(problems));
    }

    private static Class<?> recordType(ConfigKind kind) {
        return switch (kind) {
            case TENANT -> TenantConfig.Tenant.class;
            case CALENDARS -> TenantConfig.Calendars.class;
            case SITES -> TenantConfig.Sites.class;
            case WORKFLOW -> TenantConfig.Workflow.class;
            case CATALOG -> TenantConfig.Catalog.class;
            case PRIORITIES -> TenantConfig.Priorities.class;
            case GROUPS -> TenantConfig.Groups.class;
            case ROUTING -> TenantConfig.Routing.class;
            case SLA_POLICIES -> TenantConfig.SlaPolicies.class;
            case SETTINGS -> TenantConfig.Settings.class;
        };
    }
}
