package co.mesa.ticket;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import co.mesa.identity.PeopleService;
import co.mesa.identity.PersonView;
import co.mesa.identity.Roles;
import co.mesa.shared.ProblemException;
import co.mesa.shared.ProblemException.ParamError;
import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.TenantConfig;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The agent list and the requester's "Mis casos": filters, a whitelist of sorts, keyset
 * pagination; always within the caller's read scope (their groups' cases and theirs; for
 * requesters, the cases filed by or for them). And the agent home counters, in one query.
 */
@Singleton
public class QueueService {

    public static final int DEFAULT_SIZE = 50;
    public static final int MAX_SIZE = 200;
    /** Sort keys the list accepts, to their column; "-" in front sorts descending. */
    static final Map<String, String> SORTS = Map.of(
            "createdAt", "c.created_at",
            "updatedAt", "c.updated_at",
            "resolutionDueAt", "coalesce(c.resolution_due_at, 'infinity'::timestamptz)",
            "code", "c.code");

    /** The list's parameters as given; every one optional. */
    public record Query(List<String> state, @Nullable String substate, @Nullable String group, @Nullable String tier,
                        @Nullable String agent, @Nullable String category, @Nullable String site,
                        @Nullable String requester, @Nullable String expired, @Nullable String status,
                        @Nullable String from, @Nullable String to, @Nullable String q, @Nullable String sort,
                        @Nullable String size, @Nullable String after, @Nullable String rated, @Nullable String major) {

        /** Without the major-incident filter (issue 20). */
        public Query(List<String> state, @Nullable String substate, @Nullable String group, @Nullable String tier,
                     @Nullable String agent, @Nullable String category, @Nullable String site,
                     @Nullable String requester, @Nullable String expired, @Nullable String status,
                     @Nullable String from, @Nullable String to, @Nullable String q, @Nullable String sort,
                     @Nullable String size, @Nullable String after, @Nullable String rated) {
            this(state, substate, group, tier, agent, category, site, requester, expired, status, from, to, q, sort, size,
                    after, rated, null);
        }

        /** Without the "Calificada" filter. */
        public Query(List<String> state, @Nullable String substate, @Nullable String group, @Nullable String tier,
                     @Nullable String agent, @Nullable String category, @Nullable String site,
                     @Nullable String requester, @Nullable String expired, @Nullable String status,
                     @Nullable String from, @Nullable String to, @Nullable String q, @Nullable String sort,
                     @Nullable String size, @Nullable String after) {
            this(state, substate, group, tier, agent, category, site, requester, expired, status, from, to, q, sort, size,
                    after, null);
        }
    }

    private final TenantTransactions tx;
    private final PeopleService people;
    private final AutoCloseTime autoClose;
    private final CaseCounters counters;

    public QueueService(TenantTransactions tx, PeopleService people, AutoCloseTime autoClose, CaseCounters counters) {
        this.tx = tx;
        this.people = people;
        this.autoClose = autoClose;
        this.counters = counters;
    }

    /** The agent list: the caller's groups' cases and theirs, filtered and sorted. */
    public QueueView.Page agentList(TenantContext tenant, Authentication auth, Query query, List<Locale> languages) {
        Paging everyday = everyday(query);
        if (everyday != null) {
            // The everyday list: one round trip (see TenantTransactions) once the caller is known, which a
            // caller seen in the last minute is without any database work.
            Caller caller = Caller.of(people.cachedCaller(tenant, auth)
                    .orElseGet(() -> tx.write(tenant.id(), c -> people.caller(c, tenant, auth))), auth.getName(),
                    tenant.config());
            QueueView.Page page = tx.readInOneTrip(tenant.id(), GENERIC_PLAN, mergedText(everyday),
                    (c, ps, first) -> bindMerged(c, ps, first, caller, everyday),
                    rs -> rows(rs, tenant, everyday, languages));
            return named(page, people.names(tenant, people(page)));
        }
        return tx.write(tenant.id(), c -> {
            Caller caller = Caller.of(people.caller(c, tenant, auth), auth.getName(), tenant.config());
            Sql sql = new Sql();
            sql.where("(c.assigned_group = ANY (?) OR c.assigned_agent_id = ?)", textArray(c, caller.caseGroups()),
                    caller.personId());
            return page(c, tenant, caller, query, sql, languages);
        });
    }

    /**
     * The everyday list (no filter, newest first) without waiting, for the server's event loop: only when
     * the caller and every name on the page are in memory and a pooled connection is free this instant
     * ({@link TenantTransactions#readInOneTripNow}). Empty otherwise, having changed nothing: then
     * {@link #agentList} gives the same page on a blocking thread (decision 0015).
     */
    public Optional<QueueView.Page> agentListNow(TenantContext tenant, Authentication auth, Query query,
                                                 List<Locale> languages) {
        Paging everyday = everyday(query);
        Optional<PersonView> known = everyday == null ? Optional.empty() : people.cachedCaller(tenant, auth);
        if (known.isEmpty()) {
            return Optional.empty();
        }
        Caller caller = Caller.of(known.get(), auth.getName(), tenant.config());
        return tx.readInOneTripNow(tenant.id(), GENERIC_PLAN, mergedText(everyday),
                        (c, ps, first) -> bindMerged(c, ps, first, caller, everyday),
                        rs -> rows(rs, tenant, everyday, languages))
                .flatMap(page -> {
                    Set<UUID> wanted = people(page);
                    Map<UUID, String> names = people.cachedNames(tenant, wanted);
                    return names.size() == wanted.size() ? Optional.of(named(page, names)) : Optional.empty();
                });
    }

    /** The paging of the everyday list when {@code query} asks for it, with valid paging; null otherwise. */
    private static @Nullable Paging everyday(Query query) {
        if (!unfiltered(query)) {
            return null;
        }
        List<ParamError> errors = new ArrayList<>();
        Paging paging = paging(query, errors);
        return errors.isEmpty() && paging.byCreatedAt() ? paging : null;
    }

    /** "Mis casos": the cases filed by or for the caller, newest first by default, open and closed. */
    public QueueView.Page requesterList(TenantContext tenant, Authentication auth, Query query, List<Locale> languages) {
        return tx.write(tenant.id(), c -> {
            Caller caller = Caller.of(people.caller(c, tenant, auth), auth.getName(), tenant.config());
            Sql sql = new Sql();
            sql.where("(c.requester_id = ? OR c.registered_by_id = ?)", caller.personId(), caller.personId());
            Query all = query.status() == null ? new Query(query.state(), query.substate(), query.group(), query.tier(),
                    query.agent(), query.category(), query.site(), query.requester(), query.expired(), "all",
                    query.from(), query.to(), query.q(), query.sort(), query.size(), query.after(), query.rated(),
                    query.major()) : query;
            // The major mark is the agents' business (issue 20): not shown on the requester's side.
            QueueView.Page page = page(c, tenant, caller, all, sql, languages);
            return new QueueView.Page(page.items().stream().map(r -> new QueueView.Row(r.id(), r.code(), r.state(),
                    r.substate(), r.createdAt(), r.resolutionDueAt(), r.expired(), r.paused(), r.title(), r.category(),
                    r.description(), r.technician(), r.notifiedBy(), r.group(), r.rated(), r.solution(), r.updatedAt(),
                    r.autoClosesAt(), null)).toList(), page.next());
        });
    }

    private QueueView.Page page(Connection c, TenantContext tenant, Caller caller, Query query, Sql sql,
                                List<Locale> languages) throws SQLException {
        List<ParamError> errors = new ArrayList<>();
        filters(c, tenant, caller, query, sql, errors);
        Paging paging = paging(query, errors);
        if (!errors.isEmpty()) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "queue.invalid", "problem.bad-request.title",
                    "problem.queue.invalid.detail").withParamErrors(errors);
        }
        String sortKey = paging.sortKey();
        boolean desc = paging.desc();
        Cursor after = paging.after();
        int size = paging.size();
        String column = SORTS.get(desc ? sortKey.substring(1) : sortKey);
        String sortExpr = column;
        if (after != null) {
            sql.where("(" + sortExpr + ", c.id) " + (desc ? "<" : ">") + " (" + castFor(sortKey) + ", ?)",
                    after.raw(), after.id());
        }
        String order = sortExpr + (desc ? " DESC" : " ASC") + ", c.id" + (desc ? " DESC" : " ASC");
        // "LIMIT ?" on purpose: PostgreSQL cannot cost a generic plan without the limit, so it plans each call
        // for its own values. A filter may be rare in one group and common in another; one plan for all is
        // what makes a generic plan walk a whole tenant (see mergedText).
        String text = COLUMNS + "FROM service_case c WHERE " + sql.conditions() + " ORDER BY " + order
                + " LIMIT ?";
        sql.args.add(size + 1);
        try (PreparedStatement ps = c.prepareStatement(text)) {
            sql.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                QueueView.Page page = rows(rs, tenant, paging, languages);
                return named(page, people.names(c, tenant, people(page)));
            }
        }
    }

    /** Sort, page size and cursor as checked; an unknown sort, a size out of range or a forged cursor adds an error. */
    private record Paging(String sortKey, boolean desc, int size, @Nullable Cursor after) {

        boolean byCreatedAt() {
            return sortKey.equals("createdAt") || sortKey.equals("-createdAt");
        }
    }

    private static Paging paging(Query query, List<ParamError> errors) {
        String sortKey = query.sort() == null || query.sort().isBlank() ? "-createdAt" : query.sort().strip();
        boolean desc = sortKey.startsWith("-");
        if (!SORTS.containsKey(desc ? sortKey.substring(1) : sortKey)) {
            errors.add(new ParamError("sort", "queue.param.sort", sortKey, String.join(", ", SORTS.keySet().stream().sorted().toList())));
        }
        int size = DEFAULT_SIZE;
        if (query.size() != null) {
            try {
                size = Integer.parseInt(query.size().strip());
            } catch (NumberFormatException e) {
                size = -1;
            }
            if (size < 1 || size > MAX_SIZE) {
                errors.add(new ParamError("size", "queue.param.size", MAX_SIZE));
            }
        }
        Cursor after = null;
        if (query.after() != null && !query.after().isBlank()) {
            after = Cursor.parse(query.after());
            if (after == null || !after.sort().equals(sortKey)) {
                errors.add(new ParamError("after", "queue.param.after"));
            }
        }
        return new Paging(sortKey, desc, size, after);
    }

    /**
     * The list's columns, in the order {@link #row} and {@link #cursorValue} read them. People's names are
     * not joined here: {@link #named} takes them from {@link PeopleService#names} (decision 0015).
     */
    private static final String COLUMNS = "SELECT c.id, c.code, c.state, c.substate, c.created_at, c.resolution_due_at, "
            + "c.expired, c.sla_paused AND c.closed_at IS NULL, c.title, c.category, left(c.description, 300), c.assigned_agent_id, "
            + "c.requester_id, c.assigned_group, c.solution, c.updated_at, "
            + "coalesce(c.resolution_due_at, 'infinity'::timestamptz), c.rated, c.resolved_at, c.closed_at, "
            + "c.major_at IS NOT NULL ";

    /** No filter but the default status (open) and the paging parameters: the agent's everyday list. */
    private static boolean unfiltered(Query q) {
        return (q.state() == null || q.state().isEmpty()) && q.substate() == null && q.group() == null
                && q.tier() == null && q.agent() == null && q.category() == null && q.site() == null
                && q.requester() == null && q.expired() == null && q.rated() == null && q.major() == null
                && (q.status() == null || "open".equals(q.status()))
                && (q.from() == null || q.from().isBlank()) && (q.to() == null || q.to().isBlank())
                && (q.q() == null || q.q().isBlank());
    }

    /**
     * The unfiltered agent list by registration date, as a merge: the newest {@code size + 1} open cases of
     * each of the caller's groups and of the caller (each read in order from V9's open-by-group and
     * open-by-agent indexes, so it stops after {@code size + 1} entries whatever the group's size), then
     * the newest {@code size + 1} of those. One plan fits every caller, so it is planned once per
     * connection ({@code force_generic_plan} for this transaction): "group = ANY (?) OR agent = ?" has no
     * such plan. PostgreSQL either re-plans it on every call (1-2 ms) or keeps a generic plan that walks
     * the whole tenant for a caller whose groups are small (2 s on the benchmark's data).
     */
    private static String mergedText(Paging paging) {
        String dir = paging.desc() ? " DESC" : " ASC";
        String keyset = paging.after() == null ? ""
                : " AND (s.created_at, s.id) " + (paging.desc() ? "<" : ">") + " (?::timestamptz, ?)";
        String newest = " ORDER BY s.created_at" + dir + ", s.id" + dir + " LIMIT " + (paging.size() + 1);
        return COLUMNS + "FROM (SELECT k.tenant_id, k.id FROM ("
                + "SELECT g.tenant_id, g.id, g.created_at FROM unnest(?::text[]) AS mine(grp) CROSS JOIN LATERAL ("
                + "SELECT s.tenant_id, s.id, s.created_at FROM service_case s "
                + "WHERE s.closed_at IS NULL AND s.assigned_group = mine.grp" + keyset + newest + ") g "
                + "UNION (SELECT s.tenant_id, s.id, s.created_at FROM service_case s "
                + "WHERE s.closed_at IS NULL AND s.assigned_agent_id = ?" + keyset + newest + ")) k "
                + "ORDER BY k.created_at" + dir + ", k.id" + dir + " LIMIT " + (paging.size() + 1) + ") top "
                + "JOIN service_case c ON c.tenant_id = top.tenant_id AND c.id = top.id "
                + "ORDER BY c.created_at" + dir + ", c.id" + dir;
    }

    /** The plan mode {@link #mergedText} is run with. */
    private static final Map<String, String> GENERIC_PLAN = Map.of("plan_cache_mode", "force_generic_plan");

    private static void bindMerged(Connection c, PreparedStatement ps, int first, Caller caller, Paging paging)
            throws SQLException {
        int i = first;
        ps.setArray(i++, textArray(c, caller.caseGroups()));
        if (paging.after() != null) {
            ps.setString(i++, paging.after().raw());
            ps.setObject(i++, paging.after().id());
        }
        ps.setObject(i++, caller.personId());
        if (paging.after() != null) {
            ps.setString(i++, paging.after().raw());
            ps.setObject(i, paging.after().id());
        }
    }

    /** Reads one page from the list's query: {@code size} rows and the cursor of the next, if any. */
    private QueueView.Page rows(ResultSet rs, TenantContext tenant, Paging paging, List<Locale> languages)
            throws SQLException {
        List<QueueView.Row> rows = new ArrayList<>();
        String next = null;
        Labels rowLabels = labels(tenant, languages);
        Optional<AutoCloseTime.Rule> closing = autoClose.rule(tenant);
        Object[] last = null;
        while (rs.next()) {
            if (rows.size() == paging.size()) {
                next = new Cursor(paging.sortKey(), String.valueOf(last[0]), (UUID) last[1]).encode();
                break;
            }
            rows.add(row(rs, rowLabels, closing));
            last = new Object[] {cursorValue(rs, paging.sortKey()), rs.getObject(1, UUID.class)};
        }
        return new QueueView.Page(rows, next);
    }

    /** The agent home counters, all in one pass over the caller's open cases, kept briefly ({@link CaseCounters}). */
    public QueueView.Counters counters(TenantContext tenant, Authentication auth, List<Locale> languages) {
        return tx.write(tenant.id(), c -> {
            Caller caller = Caller.of(people.caller(c, tenant, auth), auth.getName(), tenant.config());
            TenantConfig config = tenant.config();
            List<String> firstLineGroups = groupsOfTier(config, firstLineTier(config));
            Map<String, QueueView.Counter> overview = new LinkedHashMap<>();
            CaseCounters.Counts counts = counters.count(c, tenant.id(), caller, Set.copyOf(firstLineGroups));
            counts.byState().forEach((state, n) -> overview.put(state, new QueueView.Counter(n, "state=" + state)));
            for (TenantConfig.State s : config.workflow().states()) {
                TenantConfig.Phase p = s.phase();
                if (p != TenantConfig.Phase.CLOSED && p != TenantConfig.Phase.REJECTED) {
                    overview.putIfAbsent(s.key(), new QueueView.Counter(0, "state=" + s.key()));
                }
            }
            boolean supervisor = caller.roles().contains(Roles.SUPERVISOR);
            String tier = firstLineTier(config);
            return new QueueView.Counters(overview,
                    new QueueView.Counter(counts.firstLine(), tier == null ? "tier=" : "tier=" + tier),
                    new QueueView.Counter(counts.mine(), "agent=me"),
                    new QueueView.Counter(counts.groups(), "group=mine"),
                    supervisor ? new QueueView.Counter(counts.supervised(), "group=supervised") : null,
                    new QueueView.Counter(counts.expired(), "expired=true"));
        });
    }

    // ---- filters ---------------------------------------------------------------------------------

    private void filters(Connection c, TenantContext tenant, Caller caller, Query q, Sql sql, List<ParamError> errors)
            throws SQLException {
        TenantConfig config = tenant.config();
        String status = q.status() == null ? "open" : q.status();
        switch (status) {
            case "open" -> sql.where("c.closed_at IS NULL");
            case "closed" -> sql.where("c.closed_at IS NOT NULL");
            case "all" -> { }
            default -> errors.add(new ParamError("status", "queue.param.status", status));
        }
        if (q.state() != null && !q.state().isEmpty()) {
            for (String s : q.state()) {
                if (config.workflow().states().stream().noneMatch(x -> x.key().equals(s))) {
                    errors.add(new ParamError("state", "case.param.unknown", s));
                }
            }
            sql.where("c.state = ANY (?)", textArray(c, Set.copyOf(q.state())));
        }
        if (q.substate() != null) {
            sql.where("c.substate = ?", q.substate());
        }
        if (q.group() != null) {
            if ("mine".equals(q.group())) {
                sql.where("c.assigned_group = ANY (?)", textArray(c, caller.groups()));
            } else if ("supervised".equals(q.group())) {
                // "Bajo mi supervisión": exactly what its counter counts.
                sql.where("c.assigned_group = ANY (?)", textArray(c, caller.supervised()));
            } else {
                sql.where("c.assigned_group = ?", q.group());
            }
        }
        if (q.tier() != null) {
            if (config.groups().tiers().stream().noneMatch(t -> t.key().equals(q.tier()))) {
                errors.add(new ParamError("tier", "case.param.unknown", q.tier()));
            }
            sql.where("c.assigned_group = ANY (?)", textArray(c, Set.copyOf(groupsOfTier(config, q.tier()))));
        }
        if (q.agent() != null) {
            if ("me".equals(q.agent())) {
                sql.where("c.assigned_agent_id = ?", caller.personId());
            } else if ("none".equals(q.agent())) {
                sql.where("c.assigned_agent_id IS NULL");
            } else {
                UUID id = CaseService.uuid(q.agent()).orElse(null);
                if (id == null) {
                    errors.add(new ParamError("agent", "queue.param.agent", q.agent()));
                } else {
                    sql.where("c.assigned_agent_id = ?", id);
                }
            }
        }
        if (q.category() != null) {
            sql.where("c.category = ?", q.category());
        }
        if (q.site() != null) {
            // A site and everything under it.
            List<String> within = config.sites().sites().stream().flatMap(TenantConfig.Site::selfAndDescendants)
                    .filter(s -> s.key().equals(q.site())).flatMap(TenantConfig.Site::selfAndDescendants)
                    .map(TenantConfig.Site::key).toList();
            if (within.isEmpty()) {
                errors.add(new ParamError("site", "case.param.unknown", q.site()));
            }
            sql.where("c.site = ANY (?)", textArray(c, Set.copyOf(within)));
        }
        if (q.requester() != null) {
            UUID id = CaseService.uuid(q.requester()).orElse(null);
            if (id == null) {
                errors.add(new ParamError("requester", "queue.param.agent", q.requester()));
            } else {
                sql.where("c.requester_id = ?", id);
            }
        }
        if (q.rated() != null) {
            // "Calificada": whether the requester answered the case's survey.
            if (!q.rated().equals("true") && !q.rated().equals("false")) {
                errors.add(new ParamError("rated", "queue.param.boolean", q.rated()));
            } else {
                sql.where("c.rated = ?", Boolean.parseBoolean(q.rated()));
            }
        }
        if (q.major() != null) {
            // Major incidents (issue 20): exactly the cases marked major now.
            if (!q.major().equals("true") && !q.major().equals("false")) {
                errors.add(new ParamError("major", "queue.param.boolean", q.major()));
            } else {
                sql.where(Boolean.parseBoolean(q.major()) ? "c.major_at IS NOT NULL" : "c.major_at IS NULL");
            }
        }
        if (q.expired() != null) {
            if (!q.expired().equals("true") && !q.expired().equals("false")) {
                errors.add(new ParamError("expired", "queue.param.boolean", q.expired()));
            } else {
                sql.where("c.expired = ?", Boolean.parseBoolean(q.expired()));
            }
        }
        Instant from = instant(q.from(), "from", tenant, false, errors);
        Instant to = instant(q.to(), "to", tenant, true, errors);
        if (from != null) {
            sql.where("c.created_at >= ?", OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
        }
        if (to != null) {
            sql.where("c.created_at < ?", OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
        }
        if (q.q() != null && !q.q().isBlank()) {
            sql.where("c.search @@ websearch_to_tsquery('spanish', ?)", q.q().strip());
        }
    }

    /** A date (a whole day in the tenant's zone: from its start, or to the next day's start) or an instant. */
    private static Instant instant(@Nullable String s, String name, TenantContext tenant, boolean end,
                                   List<ParamError> errors) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            if (s.length() == 10) {
                LocalDate d = LocalDate.parse(s);
                return (end ? d.plusDays(1) : d).atStartOfDay(tenant.zone()).toInstant();
            }
            return OffsetDateTime.parse(s.replace(' ', '+')).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(new ParamError(name, "queue.param.date", s));
            return null;
        }
    }

    static String firstLineTier(TenantConfig config) {
        return config.groups().tiers().stream().min(java.util.Comparator.comparingInt(TenantConfig.Tier::level))
                .map(TenantConfig.Tier::key).orElse(null);
    }

    static List<String> groupsOfTier(TenantConfig config, @Nullable String tier) {
        return config.groups().groups().stream().filter(g -> g.tier().equals(tier)).map(TenantConfig.Group::key).toList();
    }

    // ---- rows and cursors ------------------------------------------------------------------------

    /** Names of states, substates, categories and groups in one language, built once per tenant revision. */
    private record Labels(Map<String, String> states, Map<String, String> substates, Map<String, String> categories,
                          Map<String, String> groups) {

        static Labels of(TenantConfig config, List<Locale> languages) {
            Map<String, String> states = new java.util.HashMap<>();
            config.workflow().states().forEach(s -> states.putIfAbsent(s.key(), s.name().resolve(languages)));
            Map<String, String> substates = new java.util.HashMap<>();
            config.workflow().substates().forEach(s -> substates.putIfAbsent(s.key(), s.name().resolve(languages)));
            Map<String, String> categories = new java.util.HashMap<>();
            config.catalog().services().flatMap(s -> s.categories().stream())
                    .forEach(x -> categories.putIfAbsent(x.key(), x.name().resolve(languages)));
            Map<String, String> groups = new java.util.HashMap<>();
            config.groups().groups().forEach(g -> groups.putIfAbsent(g.key(), g.name().resolve(languages)));
            return new Labels(states, substates, categories, groups);
        }
    }

    /** Labels per tenant revision and languages, resolved once for every row of every list; old revisions age out. */
    private final Cache<String, Labels> labels = Caffeine.newBuilder()
            .maximumSize(1_000).expireAfterAccess(java.time.Duration.ofHours(1)).build();

    private Labels labels(TenantContext tenant, List<Locale> languages) {
        String key = tenant.id().value() + "|" + tenant.revision() + "|" + languages;
        return labels.get(key, k -> Labels.of(tenant.config(), languages));
    }

    private static QueueView.Row row(ResultSet rs, Labels labels, Optional<AutoCloseTime.Rule> closing)
            throws SQLException {
        String state = rs.getString(3);
        String substate = rs.getString(4);
        String category = rs.getString(10);
        String group = rs.getString(14);
        UUID agent = rs.getObject(12, UUID.class);
        Timestamp due = rs.getTimestamp(6);
        Instant resolved = instant(rs.getTimestamp(19));
        Instant closed = instant(rs.getTimestamp(20));
        return new QueueView.Row(rs.getObject(1, UUID.class).toString(), rs.getString(2),
                new CaseView.Ref(state, labels.states().getOrDefault(state, state)),
                substate == null ? null : new CaseView.Ref(substate, labels.substates().getOrDefault(substate, substate)),
                rs.getTimestamp(5).toInstant(), due == null ? null : due.toInstant(), rs.getBoolean(7), rs.getBoolean(8),
                rs.getString(9),
                category == null ? null : new CaseView.Ref(category, labels.categories().getOrDefault(category, category)),
                rs.getString(11), agent == null ? null : new CaseView.PersonRef(agent.toString(), null),
                new CaseView.PersonRef(rs.getObject(13, UUID.class).toString(), null),
                group == null ? null : new CaseView.Ref(group, labels.groups().getOrDefault(group, group)),
                rs.getBoolean(18), rs.getString(15), rs.getTimestamp(16).toInstant(),
                closing.flatMap(r -> r.at(state, resolved, closed)).orElse(null), rs.getBoolean(21));
    }

    @Nullable
    private static Instant instant(@Nullable Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    /** The people a page names: each row's technician and whoever notified it. */
    private static Set<UUID> people(QueueView.Page page) {
        Set<UUID> ids = new HashSet<>();
        for (QueueView.Row r : page.items()) {
            ids.add(UUID.fromString(r.notifiedBy().id()));
            if (r.technician() != null) {
                ids.add(UUID.fromString(r.technician().id()));
            }
        }
        return ids;
    }

    /** The page with its people's names ({@link #row} leaves them out: they are not in the list's query). */
    private static QueueView.Page named(QueueView.Page page, Map<UUID, String> names) {
        List<QueueView.Row> rows = new ArrayList<>(page.items().size());
        for (QueueView.Row r : page.items()) {
            rows.add(new QueueView.Row(r.id(), r.code(), r.state(), r.substate(), r.createdAt(), r.resolutionDueAt(),
                    r.expired(), r.paused(), r.title(), r.category(), r.description(), named(r.technician(), names),
                    named(r.notifiedBy(), names), r.group(), r.rated(), r.solution(), r.updatedAt(), r.autoClosesAt(),
                    r.major()));
        }
        return new QueueView.Page(rows, page.next());
    }

    private static CaseView.PersonRef named(@Nullable CaseView.PersonRef person, Map<UUID, String> names) {
        return person == null ? null
                : new CaseView.PersonRef(person.id(), names.getOrDefault(UUID.fromString(person.id()), ""));
    }

    private static Object cursorValue(ResultSet rs, String sortKey) throws SQLException {
        String key = sortKey.startsWith("-") ? sortKey.substring(1) : sortKey;
        return switch (key) {
            case "createdAt" -> rs.getTimestamp(5).toInstant();
            case "updatedAt" -> rs.getTimestamp(16).toInstant();
            case "resolutionDueAt" -> rs.getTimestamp(6) == null ? "infinity" : rs.getTimestamp(6).toInstant();
            default -> rs.getString(2);
        };
    }

    private static String castFor(String sortKey) {
        String key = sortKey.startsWith("-") ? sortKey.substring(1) : sortKey;
        return "code".equals(key) ? "?" : "?::timestamptz";
    }

    /** Where the previous page ended: the sort it was for, the sort value and the id. */
    record Cursor(String sort, String raw, UUID id) {

        String encode() {
            return Base64.getUrlEncoder().withoutPadding().encodeToString((sort + "\n" + raw + "\n" + id)
                    .getBytes(StandardCharsets.UTF_8));
        }

        static Cursor parse(String s) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(s), StandardCharsets.UTF_8).split("\n", -1);
                if (parts.length != 3) {
                    return null;
                }
                return new Cursor(parts[0], parts[1], UUID.fromString(parts[2]));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }

    private static Array textArray(Connection c, Set<String> values) throws SQLException {
        return c.createArrayOf("text", values.toArray());
    }

    /** Conditions and their arguments, in order. */
    private static final class Sql {
        private final List<String> conditions = new ArrayList<>();
        private final List<Object> args = new ArrayList<>();

        void where(String condition, Object... values) {
            conditions.add(condition);
            args.addAll(List.of(values));
        }

        String conditions() {
            return conditions.isEmpty() ? "true" : String.join(" AND ", conditions);
        }

        void bind(PreparedStatement ps) throws SQLException {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
        }
    }
}
