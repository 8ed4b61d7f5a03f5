package co.mesa.bench;

import co.mesa.routing.Assignment;
import co.mesa.shared.CaseFacts;
import co.mesa.sla.BusinessCalendar;
import co.mesa.sla.SlaTargets;
import co.mesa.tenantconfig.ConfigKind;
import co.mesa.tenantconfig.TenantBundle;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.tenantconfig.TenantConfig.Phase;
import co.mesa.tenantconfig.TenantConfigValidator;
import co.mesa.ticket.CaseCodeFormat;
import co.mesa.workflow.WorkflowEngine;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The benchmark dataset of issue 7, loaded straight through {@code COPY} (never through the API):
 * {@code --cases} cases (default 1,000,000) over {@code --tenants} tenants (default 20): the two launch
 * tenants, as the platform imported them, plus synthetic ones (rows of {@code tenant} and
 * {@code tenant_host} only, shaped like one of the two; without tenant data the registry does not serve
 * them, so they add rows, not realms — unless the spread mode of {@code .ci/bench-cases} imported a copy
 * of the shape's folder under their slug first, whose tenant row is then used). Función Pública gets 5 %
 * of the cases (~50,000 of a million).
 *
 * <p>Per tenant: requesters and agents in {@code person} (agents with the {@code agent} role and a
 * group of the shape's groups.yaml, supervisors in two), then the cases in filing order, so codes are
 * consecutive per tenant and year exactly as {@code CaseCodes} hands them out, one {@code created} event
 * each and an {@code assigned} event for every routed case (group by the tenant's routing rules, agent
 * from the group). Distributions: filing instants over the last two years, skewed to recent (age =
 * 730 d × u²); open with a probability falling with age (~30 % open overall); closed ones closed or
 * rejected; open ones spread over the workflow's reachable open states and substates; SLA due dates
 * from the tenant's own policies and business calendars; old open cases mostly parked in a clock-stopping
 * substate, the rest expired ("caduca"); closed ones late in a few percent.
 *
 * <p>Runs as a role with BYPASSRLS ({@code .ci/bench-cases} creates {@code mesa_bench_loader} for it):
 * PostgreSQL refuses {@code COPY FROM} into a table whose row level security policies apply to the role.
 * Cases and events stream through two connections at once; the event's foreign key to the case is
 * deferred, so each tenant's events commit after its cases.
 *
 * <p>Arguments ({@code --name=value}): url, user, password, cases, tenants, seed, largest-share (see plan).
 */
public final class CaseDataset {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] ORIGINS = {"portal", "email", "phone", "pqrs", "api"};
    private static final double[] ORIGIN_WEIGHTS = {0.70, 0.12, 0.10, 0.05, 0.03};
    private static final String[] SOLUTIONS = {
        "Se restableció la contraseña y el usuario confirmó el acceso.",
        "Se reinstaló el cliente VPN y se validó la conexión con el usuario.",
        "Se actualizó el controlador y el equipo quedó funcionando.",
        "Se otorgaron los permisos solicitados sobre la carpeta compartida.",
        "Se escaló al proveedor, que aplicó el parche correspondiente.",
        "Se reemplazó el periférico por uno del inventario de la mesa.",
        "Se orientó al usuario telefónicamente y se cerró la solicitud.",
        "Se corrigió el registro en la base de datos del aplicativo."
    };

    /** One tenant's typed data, what the generator derives from it, and the people it made. */
    private static final class Shape {
        final TenantConfig config;
        final WorkflowEngine engine;
        final ZoneId zone;
        final List<String[]> services = new ArrayList<>(); // {line, service}
        final Map<String, TenantConfig.Service> serviceByKey = new HashMap<>();
        final List<TenantConfig.State> closedStates = new ArrayList<>();
        final List<TenantConfig.State> openStates = new ArrayList<>();
        final String routedState;
        final Map<String, BusinessCalendar> calendars = new HashMap<>();
        final List<String> sites = new ArrayList<>();
        /** Open, not resolved positions where the SLA clock stops: where old open cases wait on someone else. */
        final List<WorkflowEngine.Position> stopping = new ArrayList<>();

        Shape(TenantConfig config) {
            this.config = config;
            this.engine = WorkflowEngine.of(config);
            this.zone = ZoneId.of(config.tenant().timeZone());
            for (TenantConfig.ServiceLine l : config.catalog().serviceLines()) {
                for (TenantConfig.Service s : l.services()) {
                    services.add(new String[] {l.key(), s.key()});
                    serviceByKey.put(s.key(), s);
                }
            }
            boolean surveys = config.settings().survey() != null && config.settings().survey().enabled();
            Set<String> reachable = new java.util.HashSet<>();
            reachable.add(engine.initial().state());
            for (TenantConfig.Transition t : config.workflow().transitions()) {
                if (t.when() == null || "surveysEnabled".equals(t.when()) == surveys) {
                    reachable.add(t.to());
                }
            }
            WorkflowEngine.Position initial = engine.initial();
            routedState = engine.on(initial, "assignment").map(s -> s.to().state()).orElse(initial.state());
            for (TenantConfig.State s : config.workflow().states()) {
                if (!reachable.contains(s.key())) {
                    continue;
                }
                if (s.phase() == Phase.CLOSED || s.phase() == Phase.REJECTED) {
                    closedStates.add(s);
                } else if (!s.key().equals(initial.state()) || s.key().equals(routedState)) {
                    openStates.add(s); // the initial state only where routing leaves cases in it
                }
            }
            config.sites().all().forEach(s -> sites.add(s.key()));
            for (TenantConfig.State s : openStates) {
                if (s.phase() == Phase.RESOLVED) {
                    continue;
                }
                if (s.stopsClock()) {
                    stopping.add(new WorkflowEngine.Position(s.key(), null));
                }
                for (TenantConfig.Substate sub : config.workflow().substates()) {
                    if (sub.states().contains(s.key()) && (sub.stopsClock() || s.stopsClock())) {
                        stopping.add(new WorkflowEngine.Position(s.key(), sub.key()));
                    }
                }
            }
        }

        BusinessCalendar calendar(String key) {
            return calendars.computeIfAbsent(key, k -> BusinessCalendar.of(config.calendars().find(k).orElseThrow()));
        }
    }

    /** A tenant to fill: its id, slug, shape and number of cases. */
    private record Plan(UUID id, String slug, Shape shape, int cases, boolean synthetic) {
    }

    /** The people of one tenant. */
    private static final class People {
        final List<UUID> requesters = new ArrayList<>();
        final Map<String, List<UUID>> agentsByGroup = new LinkedHashMap<>();
        final List<UUID> registrars = new ArrayList<>();
    }

    private final Map<String, String> args;
    private final SplittableRandom random;
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    private final SlaTargets slaTargets = new SlaTargets();
    private boolean hasSolution;
    /** --dry-run=true: generate and count, write nothing (to tune the distributions quickly). */
    private final boolean dryRun;
    private long events;
    private long expired;
    private long open;
    private long expiredOpen;
    private final Map<String, Long> phases = new TreeMap<>();

    private CaseDataset(Map<String, String> args) {
        this.args = args;
        this.random = new SplittableRandom(Long.parseLong(args.getOrDefault("seed", "7")));
        this.dryRun = Boolean.parseBoolean(args.getOrDefault("dry-run", "false"));
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new HashMap<>();
        for (String a : argv) {
            int eq = a.indexOf('=');
            if (!a.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException("arguments are --name=value: " + a);
            }
            args.put(a.substring(2, eq), a.substring(eq + 1));
        }
        new CaseDataset(args).run();
    }

    private Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection(args.get("url"), args.get("user"), args.get("password"));
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            // A bulk load: losing the last commits in a crash only means loading again.
            s.execute("SET synchronous_commit = off");
        }
        return c;
    }

    private void run() throws Exception {
        int total = Integer.parseInt(args.getOrDefault("cases", "1000000"));
        int tenants = Math.max(2, Integer.parseInt(args.getOrDefault("tenants", "20")));
        long started = System.nanoTime();
        try (Connection cases = connect(); Connection eventsConn = connect()) {
            try (Statement s = cases.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM service_case")) {
                rs.next();
                if (rs.getLong(1) > 0 && !dryRun) {
                    throw new IllegalStateException("service_case already holds " + rs.getLong(1)
                            + " rows: the dataset goes into a fresh database (.ci/bench-cases recreates it)");
                }
            }
            try (Statement s = cases.createStatement();
                 ResultSet rs = s.executeQuery("SELECT 1 FROM information_schema.columns WHERE table_name = "
                         + "'service_case' AND column_name = 'solution'")) {
                hasSolution = rs.next();
            }
            Map<String, UUID> launch = new HashMap<>();
            Map<String, Shape> shapes = new HashMap<>();
            for (String slug : List.of("funcion-publica", "prosperidad-social")) {
                UUID id = tenantId(cases, slug);
                launch.put(slug, id);
                shapes.put(slug, new Shape(config(cases, id, slug)));
            }
            List<Plan> plans = plan(cases, total, tenants, launch, shapes);
            cases.commit();
            long peopleCount = 0;
            long casesDone = 0;
            for (Plan p : plans) {
                long t0 = System.nanoTime();
                People people = people(cases, p);
                cases.commit();
                peopleCount += people.requesters.size() + people.agentsByGroup.values().stream().mapToInt(List::size).sum();
                Map<String, Long> sequences = cases(cases, eventsConn, p, people);
                codes(cases, p, sequences);
                cases.commit();
                eventsConn.commit();
                casesDone += p.cases();
                System.out.printf("[dataset] %-20s %8d cases  %6d people  %5.1f s  (%d of %d cases)%n", p.slug(), p.cases(),
                        people.requesters.size() + people.agentsByGroup.values().stream().mapToInt(List::size).sum(),
                        (System.nanoTime() - t0) / 1e9, casesDone, total);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("[dataset] loaded %d cases, %d events, %d people over %d tenants in %.1f s "
                            + "(%.0f cases/s); open %.1f %%, expired %.1f %%%n", casesDone, events, peopleCount,
                    plans.size(), seconds, casesDone / seconds, 100.0 * open / casesDone, 100.0 * expired / casesDone);
            long done = casesDone;
            System.out.printf("[dataset] expired: %.1f %% of all cases are open and expired; by phase: %s%n",
                    100.0 * expiredOpen / done, phases.entrySet().stream()
                            .map(e -> e.getKey() + " " + String.format("%.1f %%", 100.0 * e.getValue() / done)).toList());
        }
    }

    // ---- tenants ---------------------------------------------------------------------------------

    private static UUID tenantId(Connection c, String slug) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM tenant WHERE slug = ?")) {
            ps.setString(1, slug);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("tenant " + slug + " is missing: start the platform on this database first");
                }
                return rs.getObject(1, UUID.class);
            }
        }
    }

    /** The tenant's live data as the registry reads it (newest version of each kind), validated. */
    private static TenantConfig config(Connection c, UUID tenant, String slug) throws Exception {
        Map<ConfigKind, JsonNode> docs = new EnumMap<>(ConfigKind.class);
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT ON (kind) kind, content::text "
                + "FROM tenant_config_version WHERE tenant_id = ? ORDER BY kind, version DESC")) {
            ps.setObject(1, tenant);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    docs.put(ConfigKind.valueOf(rs.getString(1)), JSON.readTree(rs.getString(2)));
                }
            }
        }
        TenantConfigValidator.Result result = new TenantConfigValidator().check(new TenantBundle(slug, docs));
        if (result.config() == null) {
            throw new IllegalStateException("tenant data of " + slug + " is not valid: " + result.problems());
        }
        return result.config();
    }

    /**
     * Función Pública 5 %; the rest by weight 1/√rank, Prosperidad Social first (the largest). Synthetic
     * tenants alternate between the two shapes and are inserted here. {@code --largest-share=0.25} gives
     * Prosperidad Social that share of all cases instead (and the others share the rest by the same
     * weights): one entity with ~67 k open cases at 1 M, the size issue 32's SLA recompute is about.
     */
    private List<Plan> plan(Connection c, int total, int tenants, Map<String, UUID> launch, Map<String, Shape> shapes)
            throws SQLException {
        int fp = (int) Math.round(total * 0.05);
        double largest = Double.parseDouble(args.getOrDefault("largest-share", "0"));
        if (largest < 0 || largest > 0.9) {
            throw new IllegalArgumentException("--largest-share is a fraction of all cases, at most 0.9: " + largest);
        }
        double[] w = new double[tenants - 1];
        double sum = 0;
        for (int i = 0; i < w.length; i++) {
            w[i] = 1 / Math.sqrt(i + 1);
            sum += w[i];
        }
        if (largest > 0 && w.length > 1) {
            // w[0] so that Prosperidad Social's part of the rest (total - fp) is the share asked of the total.
            double part = Math.min(0.99, largest * total / (total - fp));
            w[0] = part / (1 - part) * (sum - w[0]);
            sum = 0;
            for (double x : w) {
                sum += x;
            }
        }
        List<Plan> plans = new ArrayList<>();
        plans.add(new Plan(launch.get("funcion-publica"), "funcion-publica", shapes.get("funcion-publica"), fp, false));
        int left = total - fp;
        for (int i = 0; i < w.length; i++) {
            int n = i == w.length - 1 ? left : (int) Math.round((total - fp) * w[i] / sum);
            left -= n;
            if (i == 0) {
                plans.add(new Plan(launch.get("prosperidad-social"), "prosperidad-social", shapes.get("prosperidad-social"),
                        n, false));
                continue;
            }
            String slug = String.format("bench-entidad-%02d", i);
            Shape shape = shapes.get(shapeOf(i));
            UUID id = uuid();
            Optional<UUID> imported = dryRun ? Optional.empty() : existingTenant(c, slug);
            plans.add(new Plan(imported.orElse(id), slug, shape, n, true));
            if (dryRun || imported.isPresent()) {
                continue; // the spread mode's copy of the shape's folder was imported already (same data)
            }
            // source 'folder': the spread mode (.ci/bench/spread.sh) gives it a folder later, and the folder
            // import only adopts a tenant row of that source.
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO tenant (id, slug, realm, source) VALUES (?, ?, ?, 'folder')")) {
                ps.setObject(1, id);
                ps.setString(2, slug);
                ps.setString(3, slug);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO tenant_host (host, tenant_id) VALUES (?, ?)")) {
                ps.setString(1, slug + ".localhost");
                ps.setObject(2, id);
                ps.executeUpdate();
            }
        }
        return plans;
    }

    /** The launch tenant whose data synthetic tenant {@code i} copies (.ci/bench/spread.sh copies the same folder). */
    static String shapeOf(int i) {
        return i % 2 == 1 ? "funcion-publica" : "prosperidad-social";
    }

    private static Optional<UUID> existingTenant(Connection c, String slug) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM tenant WHERE slug = ?")) {
            ps.setString(1, slug);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getObject(1, UUID.class)) : Optional.empty();
            }
        }
    }

    // ---- people ----------------------------------------------------------------------------------

    private People people(Connection c, Plan p) throws SQLException, IOException {
        People people = new People();
        TenantConfig config = p.shape().config;
        Map<String, Integer> tierLevel = new HashMap<>();
        config.groups().tiers().forEach(t -> tierLevel.put(t.key(), t.level()));
        String domain = p.slug() + ".example.invalid";
        try (Writer out = copy(c, "COPY person (tenant_id, id, subject, username, name, email, groups, roles, first_seen, "
                + "last_seen) FROM STDIN")) {
            int requesters = Math.max(100, p.cases() / 8);
            for (int i = 1; i <= requesters; i++) {
                UUID id = uuid();
                people.requesters.add(id);
                // 5 % are heads of area or secretaries: the catalog's restricted templates name such audiences.
                String roles = random.nextInt(20) == 0 && !config.catalog().audiences().isEmpty()
                        ? "{requester," + config.catalog().audiences().get(0).key() + "}" : "{requester}";
                person(out, p, id, String.format("bench-usuario-%06d", i), domain, "{}", roles);
            }
            int n = 0;
            List<String> supervised = new ArrayList<>();
            for (TenantConfig.Group g : config.groups().groups()) {
                int level = tierLevel.getOrDefault(g.tier(), 2);
                int count = g.vendor() ? 2 : level <= 1 ? Math.max(4, p.cases() / 4000) : Math.max(2, p.cases() / 12000);
                List<UUID> agents = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    UUID id = uuid();
                    agents.add(id);
                    person(out, p, id, String.format("bench-agente-%04d", ++n), domain, "{" + g.key() + "}",
                            "{requester,agent}");
                    if (level <= 1) {
                        people.registrars.add(id);
                    }
                }
                people.agentsByGroup.put(g.key(), agents);
                if (!g.vendor()) {
                    supervised.add(g.key());
                }
            }
            for (int i = 0; i < supervised.size(); i += 2) {
                String groups = "{" + String.join(",", supervised.subList(i, Math.min(i + 2, supervised.size()))) + "}";
                person(out, p, uuid(), String.format("bench-supervisor-%02d", i / 2 + 1), domain, groups,
                        "{requester,agent,supervisor}");
            }
            if (people.registrars.isEmpty()) {
                people.registrars.addAll(people.agentsByGroup.values().iterator().next());
            }
        }
        return people;
    }

    private void person(Writer out, Plan p, UUID id, String username, String domain, String groups, String roles)
            throws IOException {
        Instant firstSeen = now.minus(Duration.ofMinutes(60L * 24 * 30 + random.nextInt(60 * 24 * 700)));
        Instant lastSeen = now.minus(Duration.ofMinutes(90 + random.nextInt(60 * 24 * 30)));
        row(out, p.id().toString(), id.toString(), "bench:" + id, username, SpanishText.fullName(random),
                username + "@" + domain, groups, roles, firstSeen.toString(), lastSeen.toString());
    }

    // ---- cases -----------------------------------------------------------------------------------

    private Map<String, Long> cases(Connection casesConn, Connection eventsConn, Plan p, People people)
            throws SQLException, IOException {
        Shape s = p.shape();
        long twoYears = Duration.ofDays(730).toSeconds();
        long[] filed = new long[p.cases()];
        for (int i = 0; i < filed.length; i++) {
            double u = random.nextDouble();
            filed[i] = now.getEpochSecond() * 1_000_000L - (long) (twoYears * u * u * 1_000_000L) - random.nextInt(1_000_000);
        }
        Arrays.sort(filed);
        Map<String, Long> sequences = new TreeMap<>();
        String columns = "tenant_id, id, code, code_year, code_sequence, case_type, origin, service_line, service, "
                + "category, template, site, title, description, impact, urgency, priority, requester_id, registered_by_id, "
                + "contact, fields, informed, state, substate, assigned_group, assigned_agent_id, first_response_at, "
                + "resolved_at, closed_at, created_at, updated_at, version, response_due_at, resolution_due_at, sla_paused, "
                + "expired, sla_check_at, sla_final" + (hasSolution ? ", solution" : "");
        try (Writer caseOut = copy(casesConn, "COPY service_case (" + columns + ") FROM STDIN");
             Writer eventOut = copy(eventsConn, "COPY case_event (tenant_id, case_id, version, at, actor_id, actor_kind, "
                     + "kind, published, note, changes, data) FROM STDIN")) {
            for (long micros : filed) {
                oneCase(caseOut, eventOut, p, s, people, Instant.ofEpochSecond(micros / 1_000_000L, (micros % 1_000_000L) * 1000),
                        sequences);
            }
        }
        return sequences;
    }

    private void oneCase(Writer caseOut, Writer eventOut, Plan p, Shape s, People people, Instant created,
                         Map<String, Long> sequences) throws IOException {
        TenantConfig config = s.config;
        UUID id = uuid();
        int year = created.atZone(s.zone).getYear();
        String scope = "year".equals(config.tenant().caseCode().resetsEvery()) ? String.valueOf(year) : "all";
        long seq = sequences.merge(scope, 1L, Long::sum);
        String code = CaseCodeFormat.format(config.tenant().caseCode(), year, seq);

        // What is asked: a service (Zipf-like over the catalog), maybe a template, a category.
        String[] ls = s.services.get(zipf(s.services.size(), 1.1));
        TenantConfig.Service service = s.serviceByKey.get(ls[1]);
        TenantConfig.Template template = !service.templates().isEmpty() && random.nextInt(10) < 8
                ? service.templates().get(random.nextInt(service.templates().size())) : null;
        String category = template != null && template.category() != null ? template.category()
                : service.categories() == null || service.categories().isEmpty() || random.nextInt(5) == 0 ? null
                : service.categories().get(random.nextInt(service.categories().size())).key();
        List<TenantConfig.CaseType> types = config.workflow().caseTypes();
        String caseType = template != null ? template.caseType()
                : random.nextInt(10) < 6 ? types.get(0).key() : types.get(random.nextInt(types.size())).key();
        String site = !s.sites.isEmpty() && random.nextInt(10) < 3 ? s.sites.get(random.nextInt(s.sites.size())) : null;
        List<TenantConfig.Level> levels = config.priorities().levels();
        String priority = random.nextInt(10) < 6 ? config.tenant().defaultPriority()
                : levels.get(random.nextInt(levels.size())).key();
        String origin = ORIGINS[weighted(ORIGIN_WEIGHTS)];
        UUID requester = people.requesters.get(zipf(people.requesters.size(), 0.8));
        UUID registeredBy = "email".equals(origin) || "phone".equals(origin)
                ? people.registrars.get(random.nextInt(people.registrars.size())) : requester;
        String title = SpanishText.title(random);
        String description = SpanishText.description(random, title);

        // Where it stands. Open with a probability falling with age (~30 % overall).
        double ageDays = Duration.between(created, now).toSeconds() / 86400.0;
        boolean isOpen = random.nextDouble() < 0.85 * Math.exp(-ageDays / 60) + 0.06;
        boolean routed = !isOpen || random.nextInt(100) >= 3; // 3 % of open cases still wait in the initial state
        CaseFacts facts = new CaseFacts(ls[0], ls[1], category, caseType, site, priority);
        Optional<TenantConfig.Rule> rule = config.routing().rules().stream()
                .filter(r -> facts.matches(r.when(), config.sites())).findFirst();
        String group = rule.map(r -> r.assignTo().group()).orElse(config.routing().defaultGroup());
        String strategy = rule.map(r -> r.assignTo().strategy()).filter(x -> x != null)
                .orElse(Assignment.strategyOf(config, group));
        List<UUID> groupAgents = people.agentsByGroup.getOrDefault(group, List.of());
        UUID agent = groupAgents.isEmpty() ? null : groupAgents.get(random.nextInt(groupAgents.size()));
        WorkflowEngine.Position initial = s.engine.initial();
        Optional<WorkflowEngine.Step> onAssignment = s.engine.on(initial, "assignment");
        WorkflowEngine.Position afterRouting = onAssignment.map(WorkflowEngine.Step::to).orElse(initial);

        Optional<SlaTargets.Targets> targets = slaTargets.targetsFor(config, facts);
        BusinessCalendar calendar = targets.map(t -> s.calendar(t.calendar())).orElse(null);
        Instant responseDue = targets.isPresent() && targets.get().response() != null
                ? calendar.addBusinessTime(created, targets.get().response(), List.of()) : null;
        Instant resolutionDue = targets.isPresent() && targets.get().resolution() != null
                ? calendar.addBusinessTime(created, targets.get().resolution(), List.of()) : null;

        WorkflowEngine.Position at;
        Instant firstResponse = null;
        Instant resolved = null;
        Instant closed = null;
        boolean paused = false;
        boolean late = false;
        Instant checkAt = null;
        long ageMicros = Math.max(1, ChronoUnit.MICROS.between(created, now));
        if (!isOpen) {
            TenantConfig.State end = pickClosed(s);
            at = new WorkflowEngine.Position(end.key(), null);
            if (end.phase() == Phase.REJECTED) {
                closed = plusMicros(created, Math.min(ageMicros, (long) (3_600e6 * (0.5 + random.nextDouble() * 48))));
            } else {
                // A quarter of the target's span (20 h without one) as the median, long tail; never in the future.
                double span = resolutionDue == null ? 80 * 3_600e6 : ChronoUnit.MICROS.between(created, resolutionDue);
                long toSolution = (long) (span * Math.exp(Math.log(0.25) + 0.75 * random.nextGaussian()));
                resolved = plusMicros(created, Math.min(toSolution, (long) (ageMicros * random.nextDouble())));
                closed = plusMicros(resolved, Math.min(ChronoUnit.MICROS.between(resolved, now),
                        (long) (86_400e6 * random.nextDouble() * 5)));
                late = resolutionDue != null && resolved.isAfter(resolutionDue);
            }
            firstResponse = plusMicros(created, Math.min(ChronoUnit.MICROS.between(created, closed),
                    (long) (3_600e6 * Math.exp(Math.log(2) + random.nextGaussian()))));
        } else if (!routed) {
            at = initial;
            group = null;
            agent = null;
        } else {
            TenantConfig.State state = pickOpen(s);
            at = new WorkflowEngine.Position(state.key(), pickSubstate(s, state.key()));
            if ("group-queue".equals(strategy) && random.nextBoolean()) {
                agent = null;
            }
            if (state.phase() == Phase.RESOLVED) {
                resolved = plusMicros(created, (long) (ageMicros * random.nextDouble()));
                late = resolutionDue != null && resolved.isAfter(resolutionDue);
            } else if (resolutionDue != null && resolutionDue.isBefore(now) && !s.engine.clockStopped(at)
                    && !s.stopping.isEmpty() && random.nextInt(100) < 85) {
                // Overdue open cases mostly wait on someone else, with the clock stopped; the rest are expired.
                at = s.stopping.get(random.nextInt(s.stopping.size()));
            }
            if (state.phase() != Phase.NEW || agent != null) {
                firstResponse = plusMicros(created, Math.min(ageMicros,
                        (long) (3_600e6 * Math.exp(Math.log(2) + random.nextGaussian()))));
            }
            paused = s.engine.clockStopped(at);
            if (paused) {
                responseDue = null;
                resolutionDue = null;
            } else if (resolved == null) {
                late = resolutionDue != null && resolutionDue.isBefore(now);
                checkAt = resolutionDue != null && resolutionDue.isAfter(now) ? resolutionDue : null;
            }
        }
        Instant updated = max(created, firstResponse, resolved, closed);
        int version = routed ? 2 : 1;
        if (isOpen) {
            open++;
        }
        if (late) {
            expired++;
            expiredOpen += isOpen ? 1 : 0;
        }
        phases.merge(s.engine.phase(at) + (paused ? " (clock stopped)" : ""), 1L, Long::sum);
        String fields = fields(template);
        String contact = random.nextInt(10) < 3 ? "{\"phone\":\"" + phone() + "\"}" : "{}";
        String solution = resolved != null ? SOLUTIONS[random.nextInt(SOLUTIONS.length)] : null;

        List<String> caseRow = new ArrayList<>(List.of(p.id().toString(), id.toString(), code, String.valueOf(year),
                String.valueOf(seq), caseType, origin, ls[0], ls[1]));
        caseRow.addAll(Arrays.asList(category, template == null ? null : template.key(), site, title, description, null, null,
                priority, requester.toString(), registeredBy.toString(), contact, fields, "[]", at.state(), at.substate(),
                group, str(agent), str(firstResponse), str(resolved), str(closed), created.toString(), updated.toString(),
                String.valueOf(version), str(responseDue), str(resolutionDue), paused ? "t" : "f", late ? "t" : "f",
                str(checkAt), null));
        if (hasSolution) {
            caseRow.add(solution);
        }
        row(caseOut, caseRow.toArray(new String[0]));

        // The history, as CaseService.create and CaseRecorder.routeNew write it.
        boolean byAgent = !registeredBy.equals(requester);
        StringBuilder data = new StringBuilder("{\"origin\":").append(q(origin));
        if (byAgent) {
            data.append(",\"onBehalfOf\":").append(q(requester.toString()));
        }
        data.append('}');
        row(eventOut, p.id().toString(), id.toString(), "1", created.toString(), registeredBy.toString(),
                byAgent ? "agent" : "requester", "created", "t", null, "{\"state\":{\"to\":" + q(initial.state()) + "}}",
                data.toString());
        events++;
        if (routed) {
            StringBuilder changes = new StringBuilder("{");
            if (!afterRouting.state().equals(initial.state())) {
                changes.append("\"state\":{\"from\":").append(q(initial.state())).append(",\"to\":")
                        .append(q(afterRouting.state())).append("},");
            }
            if (afterRouting.substate() != null) {
                changes.append("\"substate\":{\"from\":null,\"to\":").append(q(afterRouting.substate())).append("},");
            }
            changes.append("\"assignedGroup\":{\"from\":null,\"to\":").append(q(group)).append('}');
            if (agent != null) {
                changes.append(",\"assignedAgent\":{\"from\":null,\"to\":").append(q(agent.toString())).append('}');
            }
            changes.append('}');
            StringBuilder assignedData = new StringBuilder("{\"rule\":").append(q(rule.map(TenantConfig.Rule::key)
                    .orElse("default")));
            if (onAssignment.isPresent() && onAssignment.get().transition() != null) {
                assignedData.append(",\"transition\":").append(q(onAssignment.get().transition()));
            }
            assignedData.append('}');
            row(eventOut, p.id().toString(), id.toString(), "2", created.toString(), null, "system", "assigned", "f", null,
                    changes.toString(), assignedData.toString());
            events++;
        }
    }

    private TenantConfig.State pickClosed(Shape s) {
        List<TenantConfig.State> closedPhase = s.closedStates.stream().filter(x -> x.phase() == Phase.CLOSED).toList();
        List<TenantConfig.State> rejected = s.closedStates.stream().filter(x -> x.phase() == Phase.REJECTED).toList();
        if (!rejected.isEmpty() && (closedPhase.isEmpty() || random.nextInt(100) < 7)) {
            return rejected.get(random.nextInt(rejected.size()));
        }
        return closedPhase.get(random.nextInt(closedPhase.size()));
    }

    /** Open states by phase: new 25, assigned 50, in progress 35, on hold 15, resolved 10 (relative). */
    private TenantConfig.State pickOpen(Shape s) {
        double[] w = new double[s.openStates.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = switch (s.openStates.get(i).phase()) {
                case NEW -> 25;
                case ASSIGNED -> 50;
                case IN_PROGRESS -> 35;
                case ON_HOLD -> 15;
                case RESOLVED -> 10;
                default -> 0;
            };
        }
        return s.openStates.get(weighted(w));
    }

    /** A substate allowed in the state, or none (55 %). */
    private String pickSubstate(Shape s, String state) {
        List<TenantConfig.Substate> allowed = s.config.workflow().substates().stream()
                .filter(x -> x.states().contains(state)).toList();
        if (allowed.isEmpty() || random.nextInt(100) < 55) {
            return null;
        }
        return allowed.get(random.nextInt(allowed.size())).key();
    }

    private String fields(TenantConfig.Template template) {
        if (template == null) {
            return "{}";
        }
        StringBuilder b = new StringBuilder("{");
        for (TenantConfig.Field f : template.fields()) {
            if ("phone".equals(f.type())) {
                b.append(b.length() > 1 ? "," : "").append(q(f.key())).append(':').append(q(phone()));
            }
        }
        return b.append('}').toString();
    }

    private String phone() {
        return String.format("601 555 %04d", random.nextInt(10_000));
    }

    private void codes(Connection c, Plan p, Map<String, Long> sequences) throws SQLException {
        if (dryRun) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO case_code_sequence (tenant_id, scope, last_value) "
                + "VALUES (?, ?, ?) ON CONFLICT (tenant_id, scope) DO UPDATE SET last_value = "
                + "greatest(case_code_sequence.last_value, excluded.last_value)")) {
            for (Map.Entry<String, Long> e : sequences.entrySet()) {
                ps.setObject(1, p.id());
                ps.setString(2, e.getKey());
                ps.setLong(3, e.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /** Index in [0, n) with probability ∝ 1/(rank+1)^s, by inverse transform on the continuous approximation. */
    private int zipf(int n, double s) {
        if (n <= 1) {
            return 0;
        }
        double u = random.nextDouble();
        double x;
        if (Math.abs(s - 1) < 1e-9) {
            x = Math.exp(u * Math.log(n + 1)) - 1;
        } else {
            double a = 1 - s;
            x = Math.pow(u * (Math.pow(n + 1, a) - 1) + 1, 1 / a) - 1;
        }
        return (int) Math.min(n - 1, Math.max(0, Math.floor(x)));
    }

    private int weighted(double[] w) {
        double sum = 0;
        for (double x : w) {
            sum += x;
        }
        double u = random.nextDouble() * sum;
        for (int i = 0; i < w.length; i++) {
            u -= w[i];
            if (u < 0) {
                return i;
            }
        }
        return w.length - 1;
    }

    private UUID uuid() {
        long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    private static Instant plusMicros(Instant i, long micros) {
        return i.plus(Math.max(0, micros), ChronoUnit.MICROS);
    }

    private static Instant max(Instant... all) {
        Instant m = null;
        for (Instant i : all) {
            if (i != null && (m == null || i.isAfter(m))) {
                m = i;
            }
        }
        return m;
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    /** A JSON string literal. */
    private static String q(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (ch < 0x20) {
                        b.append(String.format("\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private Writer copy(Connection c, String sql) throws SQLException {
        if (dryRun) {
            return Writer.nullWriter();
        }
        PGConnection pg = c.unwrap(PGConnection.class);
        return new BufferedWriter(new OutputStreamWriter(new PGCopyOutputStream(pg, sql, 1 << 16), StandardCharsets.UTF_8),
                1 << 16);
    }

    /** One row of COPY's text format: tab-separated, \N for null, backslash escapes. */
    private static void row(Writer out, String... values) throws IOException {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.write('\t');
            }
            String v = values[i];
            if (v == null) {
                out.write("\\N");
                continue;
            }
            for (int j = 0; j < v.length(); j++) {
                char ch = v.charAt(j);
                switch (ch) {
                    case '\\' -> out.write("\\\\");
                    case '\t' -> out.write("\\t");
                    case '\n' -> out.write("\\n");
                    case '\r' -> out.write("\\r");
                    default -> out.write(ch);
                }
            }
        }
        out.write('\n');
    }
}
