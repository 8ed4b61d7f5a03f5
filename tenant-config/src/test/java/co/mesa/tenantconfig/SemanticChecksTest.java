package co.mesa.tenantconfig;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.aggregator.ArgumentsAccessor;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static co.mesa.tenantconfig.FixturesTest.MINIMAL;
import static co.mesa.tenantconfig.FixturesTest.overlay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * One mistake an entity could make in its data, each as an edit of the minimal fixture, and the
 * exact problems the validator reports for it (the fixtures/invalid folders cover the rest).
 */
class SemanticChecksTest {

    /** One validator for all cases: building its schemas is what takes time. */
    static final TenantConfigValidator VALIDATOR = new TenantConfigValidator();

    static final String MATRIX = """
            kind: Priorities
            schemaVersion: 1
            scheme: matrix
            levels:
              - key: alta
                name: {es-CO: "Alta"}
                rank: 1
              - key: media
                name: {es-CO: "Media"}
                rank: 2
            impacts:
              - key: alto
                name: {es-CO: "Alto"}
              - key: bajo
                name: {es-CO: "Bajo"}
            urgencies:
              - key: urgente
                name: {es-CO: "Urgente"}
            matrix:
              - impact: alto
                urgency: urgente
                priority: alta
              - impact: bajo
                urgency: urgente
                priority: media
            """;

    static Stream<Arguments> mistakes() {
        return Stream.of(
                // ---- tenant.yaml
                arguments("default locale not offered", "tenant.yaml",
                        "locale: es-CO\nlanguages: [es-CO, en]", "locale: en\nlanguages: [es-CO]",
                        List.of("minimal/tenant.yaml: /languages: must include the default locale 'en'")),
                arguments("Spanish not offered", "tenant.yaml",
                        "locale: es-CO\nlanguages: [es-CO, en]", "locale: en\nlanguages: [en]",
                        List.of("minimal/tenant.yaml: /languages: must include es-CO")),
                arguments("attention calendar misspelt", "tenant.yaml", "attentionCalendar: oficina", "attentionCalendar: ofcina",
                        List.of("minimal/tenant.yaml: /attentionCalendar: calendar 'ofcina' does not exist in calendars.yaml; known: [oficina]")),
                arguments("year placeholder in Spanish", "tenant.yaml", "{prefix}-{year}-{seq:5}", "{prefix}-{anio}-{seq:5}",
                        List.of("minimal/tenant.yaml: /caseCode/pattern: unknown placeholder in '{prefix}-{anio}-{seq:5}': use {prefix}, {year}, {seq:N}",
                                "minimal/tenant.yaml: /caseCode/pattern: a code that restarts every year must show {year}, or codes would repeat")),
                arguments("closing brace forgotten", "tenant.yaml", "{prefix}-{year}-{seq:5}", "{prefix}-{year-{seq:5}",
                        List.of("minimal/tenant.yaml: /caseCode/pattern: unknown placeholder in '{prefix}-{year-{seq:5}': use {prefix}, {year}, {seq:N}",
                                "minimal/tenant.yaml: /caseCode/pattern: a code that restarts every year must show {year}, or codes would repeat")),
                arguments("opening brace forgotten", "tenant.yaml", "{prefix}-{year}-{seq:5}", "{prefix}-year}-{seq:5}",
                        List.of("minimal/tenant.yaml: /caseCode/pattern: unknown placeholder in '{prefix}-year}-{seq:5}': use {prefix}, {year}, {seq:N}",
                                "minimal/tenant.yaml: /caseCode/pattern: a code that restarts every year must show {year}, or codes would repeat")),
                arguments("yearly code without the year", "tenant.yaml", "{prefix}-{year}-{seq:5}", "{prefix}-{seq:5}",
                        List.of("minimal/tenant.yaml: /caseCode/pattern: a code that restarts every year must show {year}, or codes would repeat")),
                arguments("channel listed twice", "tenant.yaml", "channels:\n", "channels:\n  - key: portal\n    name: {es-CO: \"Portal web\"}\n",
                        List.of("minimal/tenant.yaml: /channels: 'portal' is used more than once")),
                // ---- calendars.yaml
                arguments("calendar listed twice", "calendars.yaml", "calendars:\n",
                        "calendars:\n  - key: oficina\n    name: {es-CO: \"Otra\"}\n    timeZone: America/Bogota\n    hours:\n"
                                + "      - days: [SATURDAY]\n        from: \"08:00\"\n        to: \"12:00\"\n    holidays: colombia\n",
                        List.of("minimal/calendars.yaml: /calendars: 'oficina' is used more than once")),
                arguments("calendar zone with an accent", "calendars.yaml", "timeZone: America/Bogota", "timeZone: America/Bogotá",
                        List.of("minimal/calendars.yaml: /calendars/0/timeZone: 'America/Bogotá' is not a time zone (e.g. America/Bogota)")),
                arguments("night shift as one window", "calendars.yaml", "from: \"08:00\"\n        to: \"17:00\"",
                        "from: \"22:00\"\n        to: \"06:00\"",
                        List.of("minimal/calendars.yaml: /calendars/0/hours/0: 'from' 22:00 must be before 'to' 06:00")),
                arguments("overlapping Friday windows", "calendars.yaml", "    holidays: colombia",
                        "      - days: [FRIDAY, SATURDAY]\n        from: \"16:00\"\n        to: \"18:00\"\n    holidays: colombia",
                        List.of("minimal/calendars.yaml: /calendars/0/hours/1: overlaps another window on FRIDAY",
                                "minimal/settings.yaml: /autoClose/after: a target in business days needs working days of one length, but calendar 'oficina' has days of 3 different lengths",
                                "minimal/sla.yaml: /policies/0/targets/1/resolution: a target in business days needs working days of one length, but calendar 'oficina' has days of 3 different lengths")),
                arguments("windows that meet do not overlap", "calendars.yaml", "from: \"08:00\"\n        to: \"17:00\"",
                        "from: \"08:00\"\n        to: \"12:00\"\n      - days: [MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY]\n        from: \"12:00\"\n        to: \"17:00\"",
                        List.of()),
                // ---- sites.yaml
                arguments("site key used twice", "sites.yaml", "      - key: piso-1", "      - key: principal",
                        List.of("minimal/sites.yaml: /sites: site key 'principal' is used twice in the tree")),
                // ---- workflow.yaml
                arguments("case type twice", "workflow.yaml", "caseTypes:\n", "caseTypes:\n  - key: incidente\n    name: {es-CO: \"Falla\"}\n",
                        List.of("minimal/workflow.yaml: /caseTypes: 'incidente' is used more than once")),
                arguments("state twice", "workflow.yaml", "\nstates:\n", "\nstates:\n  - key: cerrado\n    name: {es-CO: \"Finalizado\"}\n    phase: CLOSED\n",
                        List.of("minimal/workflow.yaml: /states: 'cerrado' is used more than once")),
                arguments("substate twice", "workflow.yaml", "substates:\n",
                        "substates:\n  - key: esperando-usuario\n    name: {es-CO: \"Esperando\"}\n    states: [en-proceso]\n    stopsClock: true\n",
                        List.of("minimal/workflow.yaml: /substates: 'esperando-usuario' is used more than once")),
                arguments("transition twice", "workflow.yaml", "  - key: rechazar\n", "  - key: cerrar\n",
                        List.of("minimal/workflow.yaml: /transitions: 'cerrar' is used more than once")),
                arguments("initial state in progress", "workflow.yaml", "    name: {es-CO: \"Abierto\"}\n    phase: NEW",
                        "    name: {es-CO: \"Abierto\"}\n    phase: IN_PROGRESS",
                        List.of("minimal/workflow.yaml: /states: the initial state 'abierto' must be in phase NEW")),
                arguments("single from misspelt", "workflow.yaml", "  - key: tomar\n    from: abierto", "  - key: tomar\n    from: abiertto",
                        List.of("minimal/workflow.yaml: /transitions/0/from: state 'abiertto' does not exist in workflow.yaml; known: [abierto, cerrado, en-proceso]")),
                arguments("manual transition for nobody", "workflow.yaml",
                        "    requiresNote: true\n    actors: [agent]\n  - key: rechazar", "    requiresNote: true\n  - key: rechazar",
                        List.of("minimal/workflow.yaml: /transitions/1/actors: a manual transition must say who may take it")),
                arguments("rejection from any open state", "workflow.yaml", "  - key: rechazar\n    from: abierto", "  - key: rechazar\n    from: \"*\"",
                        List.of()),
                arguments("a closed state marked rejectable", "workflow.yaml",
                        "  - key: rechazar\n    from: abierto", "  - key: rechazar\n    from: \"*\"",
                        "workflow.yaml", "    phase: CLOSED", "    phase: CLOSED\n    rejectable: true",
                        List.of("minimal/workflow.yaml: /states/2/rejectable: state 'cerrado' is rejectable, but no transition with automaticOn: rejected leaves it")),
                // ---- catalog.yaml
                arguments("audience twice", "catalog.yaml", "audiences:\n", "audiences:\n  - key: jefes\n    name: {es-CO: \"Jefaturas\"}\n",
                        List.of("minimal/catalog.yaml: /audiences: 'jefes' is used more than once")),
                arguments("the IT line pasted again with its mail service", "catalog.yaml",
                        "                accept: [application/pdf]\n",
                        "                accept: [application/pdf]\n  - key: ti\n    name: {es-CO: \"TI\"}\n    services:\n"
                                + "      - key: correo\n        name: {es-CO: \"Correo\"}\n        categories:\n"
                                + "          - key: buzon\n            name: {es-CO: \"Buzón\"}\n        templates:\n"
                                + "          - key: buzon-lleno\n            name: {es-CO: \"Buzón lleno\"}\n"
                                + "            caseType: incidente\n            category: buzon\n",
                        List.of("minimal/catalog.yaml: /serviceLines: 'ti' is used more than once",
                                "minimal/catalog.yaml: /serviceLines/*/services: 'correo' is used more than once")),
                arguments("category twice", "catalog.yaml", "        categories:\n",
                        "        categories:\n          - key: buzon\n            name: {es-CO: \"Buzón lleno\"}\n",
                        List.of("minimal/catalog.yaml: /serviceLines/0/services/0/categories: 'buzon' is used more than once")),
                arguments("template twice", "catalog.yaml", "          - key: buzon-compartido", "          - key: falla-correo",
                        List.of("minimal/catalog.yaml: /serviceLines/*/services/*/templates: 'falla-correo' is used more than once")),
                arguments("field twice", "catalog.yaml", "            fields:\n",
                        "            fields:\n              - key: detalle\n                label: {es-CO: \"Más detalle\"}\n                type: text\n                required: false\n",
                        List.of("minimal/catalog.yaml: /serviceLines/0/services/0/templates/0/fields: 'detalle' is used more than once")),
                arguments("attachment twice", "catalog.yaml", "            attachments:\n",
                        "            attachments:\n              - key: autorizacion\n                label: {es-CO: \"Copia\"}\n                required: false\n",
                        List.of("minimal/catalog.yaml: /serviceLines/0/services/0/templates/1/attachments: 'autorizacion' is used more than once")),
                arguments("responsible group misspelt", "catalog.yaml", "responsibleGroup: mesa", "responsibleGroup: mesas",
                        List.of("minimal/catalog.yaml: /serviceLines/0/services/0/responsibleGroup: group 'mesas' does not exist in groups.yaml; known: [mesa]")),
                arguments("audience not declared", "catalog.yaml", "audiences: [jefes]", "audiences: [directivos]",
                        List.of("minimal/catalog.yaml: /serviceLines/0/services/0/templates/1/audiences/0: audience 'directivos' does not exist in catalog.yaml; known: [jefes]")),
                // ---- priorities.yaml
                arguments("priority twice, rank twice", "priorities.yaml", "    rank: 2", "    rank: 1",
                        List.of("minimal/priorities.yaml: /levels: '1' is used more than once")),
                arguments("level key twice", "priorities.yaml", "  - key: media\n", "  - key: alta\n",
                        List.of("minimal/priorities.yaml: /levels: 'alta' is used more than once",
                                "minimal/tenant.yaml: /defaultPriority: priority 'media' does not exist in priorities.yaml; known: [alta]")),
                arguments("matrix cell given twice", "priorities.yaml", null, MATRIX + "  - impact: alto\n    urgency: urgente\n    priority: media\n",
                        List.of("minimal/priorities.yaml: /matrix/2: impact 'alto' × urgency 'urgente' is given twice")),
                arguments("matrix naming unknown keys", "priorities.yaml", null,
                        MATRIX.replace("  - impact: bajo\n    urgency: urgente\n    priority: media",
                                "  - impact: medio\n    urgency: inmediata\n    priority: baja"),
                        List.of("minimal/priorities.yaml: /matrix/1/impact: impact 'medio' does not exist in priorities.yaml; known: [alto, bajo]",
                                "minimal/priorities.yaml: /matrix/1/urgency: urgency 'inmediata' does not exist in priorities.yaml; known: [urgente]",
                                "minimal/priorities.yaml: /matrix/1/priority: priority 'baja' does not exist in priorities.yaml; known: [alta, media]",
                                "minimal/priorities.yaml: /matrix: no priority for impact 'bajo' × urgency 'urgente'")),
                arguments("impact and urgency twice", "priorities.yaml", null,
                        MATRIX.replace("urgencies:\n", "urgencies:\n  - key: urgente\n    name: {es-CO: \"Muy urgente\"}\n")
                                .replace("impacts:\n", "impacts:\n  - key: alto\n    name: {es-CO: \"Muy alto\"}\n"),
                        List.of("minimal/priorities.yaml: /impacts: 'alto' is used more than once",
                                "minimal/priorities.yaml: /urgencies: 'urgente' is used more than once")),
                arguments("a complete matrix is valid", "priorities.yaml", null, MATRIX, List.of()),
                // ---- groups.yaml
                arguments("tier twice", "groups.yaml", "tiers:\n", "tiers:\n  - key: primer-nivel\n    name: {es-CO: \"Nivel 1\"}\n    level: 1\n",
                        List.of("minimal/groups.yaml: /tiers: 'primer-nivel' is used more than once")),
                arguments("group twice", "groups.yaml", "groups:\n", "groups:\n  - key: mesa\n    name: {es-CO: \"Mesa\"}\n    tier: primer-nivel\n",
                        List.of("minimal/groups.yaml: /groups: 'mesa' is used more than once")),
                arguments("group tier misspelt", "groups.yaml", "    tier: primer-nivel", "    tier: segundo-nivel",
                        List.of("minimal/groups.yaml: /groups/0/tier: tier 'segundo-nivel' does not exist in groups.yaml; known: [primer-nivel]")),
                // ---- routing.yaml
                arguments("default group misspelt", "routing.yaml", "defaultGroup: mesa", "defaultGroup: mesa-ti",
                        List.of("minimal/routing.yaml: /defaultGroup: group 'mesa-ti' does not exist in groups.yaml; known: [mesa]")),
                arguments("rule twice", "routing.yaml", "  - key: jefes", "  - key: correo",
                        List.of("minimal/routing.yaml: /rules: 'correo' is used more than once")),
                arguments("rule on an unknown service", "routing.yaml", "services: [correo]", "services: [correos]",
                        List.of("minimal/routing.yaml: /rules/0/when/services/0: service 'correos' does not exist in catalog.yaml; known: [correo]")),
                arguments("rule on unknown keys of every list", "routing.yaml", "services: [correo]",
                        "serviceLines: [tic]\n      categories: [buzones]\n      caseTypes: [peticion]\n      sites: [sede-norte]\n      priorities: [critica]",
                        List.of("minimal/routing.yaml: /rules/0/when/serviceLines/0: service line 'tic' does not exist in catalog.yaml; known: [ti]",
                                "minimal/routing.yaml: /rules/0/when/categories/0: category 'buzones' does not exist in catalog.yaml; known: [buzon]",
                                "minimal/routing.yaml: /rules/0/when/caseTypes/0: case type 'peticion' does not exist in workflow.yaml; known: [incidente]",
                                "minimal/routing.yaml: /rules/0/when/sites/0: site 'sede-norte' does not exist in sites.yaml; known: [piso-1, principal]",
                                "minimal/routing.yaml: /rules/0/when/priorities/0: priority 'critica' does not exist in priorities.yaml; known: [alta, media]")),
                // ---- sla.yaml
                arguments("policy twice", "sla.yaml", "policies:\n",
                        "policies:\n  - key: general\n    name: {es-CO: \"Otra\"}\n    calendar: oficina\n    appliesTo: {}\n"
                                + "    targets:\n      - response: PT2H\n        resolution: PT8H\n",
                        List.of("minimal/sla.yaml: /policies: 'general' is used more than once")),
                arguments("policy on an unknown case type", "sla.yaml", "appliesTo: {}", "appliesTo: {caseTypes: [requerimiento]}",
                        List.of("minimal/sla.yaml: /policies/0/appliesTo/caseTypes/0: case type 'requerimiento' does not exist in workflow.yaml; known: [incidente]")),
                arguments("two targets for one priority", "sla.yaml", "      - response: null", "      - priority: alta\n        response: null",
                        List.of("minimal/sla.yaml: /policies/0/targets: 'alta' is used more than once")),
                arguments("target for an unknown priority", "sla.yaml", "      - priority: alta", "      - priority: urgente",
                        List.of("minimal/sla.yaml: /policies/0/targets/0/priority: priority 'urgente' does not exist in priorities.yaml; known: [alta, media]")),
                arguments("a response in business days on uneven days", "sla.yaml", "      - response: null", "      - response: {businessDays: 1}",
                        "calendars.yaml", "    holidays: colombia",
                        "      - days: [SATURDAY]\n        from: \"08:00\"\n        to: \"12:00\"\n    holidays: colombia",
                        List.of("minimal/sla.yaml: /policies/0/targets/1/response: a target in business days needs working days of one length, but calendar 'oficina' has days of 2 different lengths",
                                "minimal/sla.yaml: /policies/0/targets/1/resolution: a target in business days needs working days of one length, but calendar 'oficina' has days of 2 different lengths",
                                "minimal/settings.yaml: /autoClose/after: a target in business days needs working days of one length, but calendar 'oficina' has days of 2 different lengths")),
                // ---- settings.yaml
                arguments("automatic closure on an unknown calendar", "settings.yaml", "  calendar: oficina", "  calendar: guardia",
                        List.of("minimal/settings.yaml: /autoClose/calendar: calendar 'guardia' does not exist in calendars.yaml; known: [oficina]")),
                arguments("automatic closure off: its calendar is not checked", "settings.yaml",
                        "  enabled: true\n  after: {businessDays: 3}\n  calendar: oficina", "  enabled: false\n  after: {businessDays: 3}\n  calendar: guardia",
                        List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void eachMistakeIsReportedExactly(ArgumentsAccessor arguments) throws IOException {
        String name = arguments.getString(0);
        Object[] edits = java.util.Arrays.copyOfRange(arguments.toArray(), 1, arguments.size());
        @SuppressWarnings("unchecked")
        List<String> expected = (List<String>) edits[edits.length - 1];
        Path folder = overlay(Files.createDirectories(tmp.resolve("none")), tmp.resolve("minimal"));
        for (int i = 0; i + 2 < edits.length; i += 3) {
            Path file = folder.resolve((String) edits[i]);
            String text = Files.readString(file);
            String search = (String) edits[i + 1];
            String replacement = (String) edits[i + 2];
            if (search == null) {
                text = replacement;
            } else {
                assertThat(text).as("the minimal fixture still has what %s edits", name).contains(search);
                text = text.replace(search, replacement);
            }
            Files.writeString(file, text);
        }
        assertThat(problemsOf(folder)).as(name).containsExactlyInAnyOrderElementsOf(expected);
    }

    @TempDir
    Path tmp;

    static List<String> problemsOf(Path folder) throws IOException {
        TenantFolders.ReadResult read = TenantFolders.read(folder);
        if (!read.problems().isEmpty()) {
            return read.problems().stream().map(ConfigProblem::toString).toList();
        }
        return VALIDATOR.check(read.bundle()).problems().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void validateRefusesDataWithProblemsAndNamesThem() throws IOException {
        Path folder = overlay(Files.createDirectories(tmp.resolve("none")), tmp.resolve("minimal"));
        Path groups = folder.resolve("groups.yaml");
        Files.writeString(groups, Files.readString(groups).replace("    tier: primer-nivel", "    tier: segundo-nivel"));
        TenantBundle bundle = TenantFolders.read(folder).bundle();
        assertThatThrownBy(() -> VALIDATOR.validate(bundle))
                .isInstanceOf(InvalidTenantConfigException.class).hasMessageContaining("segundo-nivel");
        assertThat(VALIDATOR.validate(TenantFolders.read(MINIMAL).bundle()).tenant().slug()).isEqualTo("minimal");
    }

    @Test
    void aDocumentMissingFromTheBundleOrWithoutItsKindIsReported() throws IOException {
        Map<ConfigKind, JsonNode> documents = new EnumMap<>(TenantFolders.read(MINIMAL).bundle().documents());
        documents.remove(ConfigKind.ROUTING);
        ((com.fasterxml.jackson.databind.node.ObjectNode) documents.get(ConfigKind.GROUPS)).remove("kind");
        TenantConfigValidator.Result result = VALIDATOR.check(new TenantBundle("minimal", documents));
        assertThat(result.config()).isNull();
        assertThat(result.problems()).extracting(ConfigProblem::toString).containsExactlyInAnyOrder(
                "minimal/routing.yaml: /: file is missing",
                "minimal/groups.yaml: /kind: must be 'Groups' in groups.yaml");
    }
}
