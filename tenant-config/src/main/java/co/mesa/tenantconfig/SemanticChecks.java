package co.mesa.tenantconfig;

import co.mesa.tenantconfig.TenantConfig.Calendar;
import co.mesa.tenantconfig.TenantConfig.Match;
import co.mesa.tenantconfig.TenantConfig.Phase;
import co.mesa.tenantconfig.TenantConfig.Service;
import co.mesa.tenantconfig.TenantConfig.ServiceLine;
import co.mesa.tenantconfig.TenantConfig.Template;
import co.mesa.tenantconfig.TenantConfig.Window;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The checks a schema cannot express: references across files, uniqueness, exactly one initial state. */
final class SemanticChecks {

    private final String slug;
    private final TenantConfig c;
    /** The documents as written, to point at a value the way the file gives it (one value or a list). */
    private final Map<ConfigKind, JsonNode> documents;
    private final List<ConfigProblem> problems = new ArrayList<>();

    SemanticChecks(String slug, TenantConfig config, Map<ConfigKind, JsonNode> documents) {
        this.slug = slug;
        this.c = config;
        this.documents = documents;
    }

    List<ConfigProblem> run() {
        Set<String> calendars = keys(c.calendars().calendars(), Calendar::key);
        Set<String> priorities = keys(c.priorities().levels(), TenantConfig.Level::key);
        Set<String> groups = keys(c.groups().groups(), TenantConfig.Group::key);
        Set<String> caseTypes = keys(c.workflow().caseTypes(), TenantConfig.CaseType::key);

        checkTenant(calendars, priorities);
        checkCalendars();
        checkSites();
        checkWorkflow();
        checkCatalog(caseTypes, groups);
        checkPriorities(priorities);
        checkGroups();
        checkRouting(groups, caseTypes, priorities);
        checkSla(calendars, caseTypes, priorities);
        checkSettings(calendars);
        checkDirectory(groups);
        return problems;
    }

    /**
     * Action kinds whose note is the action itself (a question, an answer, a note, a solution) or its reason
     * (a rejection, an escalation, a refused solution): the tenant's data must require it, and the platform
     * reads only that flag.
     */
    static final Set<String> NOTE_KINDS = Set.of("question", "answer", "technicianResponse", "publishedAction",
            "internalNote", "signSolution", "firstLineSolution", "reject", "escalate", "refuseSolution");

    // ---- per kind ----------------------------------------------------------------------------

    private void checkTenant(Set<String> calendars, Set<String> priorities) {
        String f = file(ConfigKind.TENANT);
        var t = c.tenant();
        if (!t.slug().equals(slug)) {
            add(f, "/slug", "'" + t.slug() + "' must equal the folder name '" + slug + "'");
        }
        if (!t.languages().contains(t.locale())) {
            add(f, "/languages", "must include the default locale '" + t.locale() + "'");
        }
        if (!t.languages().contains(I18n.DEFAULT_LANGUAGE)) {
            add(f, "/languages", "must include " + I18n.DEFAULT_LANGUAGE);
        }
        zone(f, "/timeZone", t.timeZone());
        ref(f, "/attentionCalendar", "calendar", t.attentionCalendar(), calendars, ConfigKind.CALENDARS);
        ref(f, "/defaultPriority", "priority", t.defaultPriority(), priorities, ConfigKind.PRIORITIES);
        String pattern = t.caseCode().pattern();
        String unknown = pattern.replaceAll("\\{prefix}|\\{year}|\\{seq:\\d+}", "");
        if (unknown.contains("{") || unknown.contains("}")) {
            add(f, "/caseCode/pattern", "unknown placeholder in '" + pattern + "': use {prefix}, {year}, {seq:N}");
        }
        if ("year".equals(t.caseCode().resetsEvery()) && !pattern.contains("{year}")) {
            add(f, "/caseCode/pattern", "a code that restarts every year must show {year}, or codes would repeat");
        }
        unique(f, "/channels", t.channels(), TenantConfig.Channel::key);
    }

    /** Roles the realm has: the platform's permission roles and the catalog's audiences. */
    static final Set<String> TENANT_ROLES = Set.of("requester", "agent", "supervisor", "tenant-admin");

    /** Directory group mappings name roles the realm has and groups groups.yaml declares. */
    private void checkDirectory(Set<String> groups) {
        var directory = c.tenant().identity().directory();
        if (directory == null) {
            return;
        }
        String f = file(ConfigKind.TENANT);
        Set<String> roles = new java.util.HashSet<>(TENANT_ROLES);
        c.catalog().audiences().forEach(a -> roles.add(a.key()));
        var mappings = directory.groupMappings();
        unique(f, "/identity/directory/groupMappings", mappings, TenantConfig.GroupMapping::directoryGroup);
        for (int i = 0; i < mappings.size(); i++) {
            var m = mappings.get(i);
            for (int j = 0; j < m.roles().size(); j++) {
                if (!roles.contains(m.roles().get(j))) {
                    add(f, "/identity/directory/groupMappings/" + i + "/roles/" + j, "unknown role '" + m.roles().get(j)
                            + "': use " + String.join(", ", new java.util.TreeSet<>(roles)));
                }
            }
            for (int j = 0; j < m.groups().size(); j++) {
                ref(f, "/identity/directory/groupMappings/" + i + "/groups/" + j, "group", m.groups().get(j), groups,
                        ConfigKind.GROUPS);
            }
        }
    }

    private void checkCalendars() {
        String f = file(ConfigKind.CALENDARS);
        var list = c.calendars().calendars();
        unique(f, "/calendars", list, Calendar::key);
        for (int i = 0; i < list.size(); i++) {
            Calendar cal = list.get(i);
            String at = "/calendars/" + i;
            zone(f, at + "/timeZone", cal.timeZone());
            Map<DayOfWeek, List<Window>> byDay = new EnumMap<>(DayOfWeek.class);
            for (int w = 0; w < cal.hours().size(); w++) {
                Window window = cal.hours().get(w);
                if (!window.from().isBefore(window.toTime())) {
                    add(f, at + "/hours/" + w, "'from' " + window.from() + " must be before 'to' " + window.to());
                    continue;
                }
                for (DayOfWeek day : window.days()) {
                    for (Window other : byDay.computeIfAbsent(day, d -> new ArrayList<>())) {
                        if (window.from().isBefore(other.toTime()) && other.from().isBefore(window.toTime())) {
                            add(f, at + "/hours/" + w, "overlaps another window on " + day);
                        }
                    }
                    byDay.get(day).add(window);
                }
            }
        }
    }

    private void checkSites() {
        String f = file(ConfigKind.SITES);
        Set<String> seen = new HashSet<>();
        c.sites().all().forEach(site -> {
            if (!seen.add(site.key())) {
                add(f, "/sites", "site key '" + site.key() + "' is used twice in the tree");
            }
        });
    }

    private void checkWorkflow() {
        String f = file(ConfigKind.WORKFLOW);
        var w = c.workflow();
        unique(f, "/caseTypes", w.caseTypes(), TenantConfig.CaseType::key);
        unique(f, "/states", w.states(), TenantConfig.State::key);
        unique(f, "/substates", w.substates(), TenantConfig.Substate::key);
        unique(f, "/transitions", w.transitions(), TenantConfig.Transition::key);
        Set<String> states = keys(w.states(), TenantConfig.State::key);
        List<String> initial = w.states().stream().filter(TenantConfig.State::initial)
                .map(TenantConfig.State::key).toList();
        if (initial.size() != 1) {
            add(f, "/states", "exactly one state must be initial, found " + initial.size()
                    + (initial.isEmpty() ? "" : " " + initial));
        } else {
            w.states().stream().filter(TenantConfig.State::initial).filter(s -> s.phase() != Phase.NEW)
                    .forEach(s -> add(f, "/states", "the initial state '" + s.key() + "' must be in phase NEW"));
        }
        for (int i = 0; i < w.substates().size(); i++) {
            var sub = w.substates().get(i);
            for (int j = 0; j < sub.states().size(); j++) {
                ref(f, "/substates/" + i + "/states/" + j, "state", sub.states().get(j), states, ConfigKind.WORKFLOW);
            }
        }
        for (int i = 0; i < w.transitions().size(); i++) {
            var t = w.transitions().get(i);
            if (!anyOpenState(t)) {
                // A list entry is reported at /from/j, a single value (no list in the file) at /from.
                String from = "/transitions/" + i + "/from";
                JsonNode written = documents.get(ConfigKind.WORKFLOW);
                boolean list = written == null || written.at(from).isArray();
                for (int j = 0; j < t.from().size(); j++) {
                    ref(f, list ? from + "/" + j : from, "state", t.from().get(j), states, ConfigKind.WORKFLOW);
                }
            }
            ref(f, "/transitions/" + i + "/to", "state", t.to(), states, ConfigKind.WORKFLOW);
            if (t.automaticOn() == null && t.actors().isEmpty()) {
                add(f, "/transitions/" + i + "/actors", "a manual transition must say who may take it");
            }
        }
        // A rejectable state needs a transition taken on the rejected event that leaves it.
        for (int i = 0; i < w.states().size(); i++) {
            var s = w.states().get(i);
            if (s.rejectable() && w.transitions().stream()
                    .noneMatch(t -> "rejected".equals(t.automaticOn()) && leaves(t, s))) {
                add(f, "/states/" + i + "/rejectable", "state '" + s.key()
                        + "' is rejectable, but no transition with automaticOn: rejected leaves it");
            }
        }
        Set<String> kinds = new HashSet<>();
        for (int i = 0; i < w.actions().size(); i++) {
            var a = w.actions().get(i);
            if (!kinds.add(a.kind())) {
                add(f, "/actions/" + i + "/kind", "action kind '" + a.kind() + "' is used more than once");
            }
            if (NOTE_KINDS.contains(a.kind()) && !a.requiresNote()) {
                add(f, "/actions/" + i + "/requiresNote", "action kind '" + a.kind()
                        + "' needs requiresNote: true (its note is what it says or why it is done)");
            }
            for (int j = 0; j < a.states().size(); j++) {
                ref(f, "/actions/" + i + "/states/" + j, "state", a.states().get(j), states, ConfigKind.WORKFLOW);
            }
        }
        // Every state other than the initial one must be reachable, or cases could never get there.
        Set<String> reachable = w.transitions().stream().map(TenantConfig.Transition::to).collect(Collectors.toSet());
        for (int i = 0; i < w.states().size(); i++) {
            var s = w.states().get(i);
            if (!s.initial() && !reachable.contains(s.key())) {
                add(f, "/states/" + i, "no transition leads to state '" + s.key() + "'");
            }
        }
        checkRecordKinds(f, w);
    }

    /**
     * Record kinds (problems, changes): the same rules as the case workflow over their own states, a code
     * prefix of their own, and a known calendar for the optional target.
     */
    private void checkRecordKinds(String f, TenantConfig.Workflow w) {
        unique(f, "/records", w.records(), TenantConfig.RecordKind::key);
        Set<String> calendars = keys(c.calendars().calendars(), Calendar::key);
        for (int r = 0; r < w.records().size(); r++) {
            var kind = w.records().get(r);
            String at = "/records/" + r;
            unique(f, at + "/states", kind.states(), TenantConfig.State::key);
            unique(f, at + "/transitions", kind.transitions(), TenantConfig.Transition::key);
            Set<String> states = keys(kind.states(), TenantConfig.State::key);
            long initial = kind.states().stream().filter(TenantConfig.State::initial).count();
            if (initial != 1) {
                add(f, at + "/states", "exactly one state must be initial, found " + initial);
            }
            for (int i = 0; i < kind.substates().size(); i++) {
                var sub = kind.substates().get(i);
                for (int j = 0; j < sub.states().size(); j++) {
                    ref(f, at + "/substates/" + i + "/states/" + j, "state", sub.states().get(j), states, ConfigKind.WORKFLOW);
                }
            }
            for (int i = 0; i < kind.transitions().size(); i++) {
                var t = kind.transitions().get(i);
                if (!anyOpenState(t)) {
                    for (int j = 0; j < t.from().size(); j++) {
                        ref(f, at + "/transitions/" + i + "/from", "state", t.from().get(j), states, ConfigKind.WORKFLOW);
                    }
                }
                ref(f, at + "/transitions/" + i + "/to", "state", t.to(), states, ConfigKind.WORKFLOW);
                if (t.automaticOn() == null && t.actors().isEmpty()) {
                    add(f, at + "/transitions/" + i + "/actors", "a manual transition must say who may take it");
                }
            }
            String pattern = kind.code().pattern();
            if (!pattern.contains("{seq:") || pattern.replaceAll("\\{prefix}|\\{year}|\\{seq:\\d+}", "").contains("{")) {
                add(f, at + "/code/pattern", "use {prefix}, {year} and one {seq:N} in '" + pattern + "'");
            }
            if ("year".equals(kind.code().resetsEvery()) && !pattern.contains("{year}")) {
                add(f, at + "/code/pattern", "a code that restarts every year must show {year}, or codes would repeat");
            }
            if (kind.code().prefix().equals(c.tenant().caseCode().prefix())) {
                add(f, at + "/code/prefix", "'" + kind.code().prefix() + "' is the case prefix: a record's code must not look like a case's");
            }
            if (kind.sla() != null) {
                ref(f, at + "/sla/calendar", "calendar", kind.sla().calendar(), calendars, ConfigKind.CALENDARS);
            }
            checkCommittee(f, at, kind, states);
        }
    }

    /** A change committee votes in a known state, and its decisions are system transitions out of that state. */
    private void checkCommittee(String f, String at, TenantConfig.RecordKind kind, Set<String> states) {
        var committee = kind.committee();
        if (committee == null) {
            return;
        }
        if (!"cambio".equals(kind.key())) {
            add(f, at + "/committee", "only changes (key cambio) have a committee");
        }
        ref(f, at + "/committee/voting", "state", committee.voting(), states, ConfigKind.WORKFLOW);
        for (String which : List.of("approved", "rejected")) {
            String key = "approved".equals(which) ? committee.approved() : committee.rejected();
            var t = kind.transitions().stream().filter(x -> x.key().equals(key)).findFirst();
            if (t.isEmpty()) {
                add(f, at + "/committee/" + which, "unknown transition '" + key + "'");
            } else if (!t.get().actors().contains("system") || !t.get().from().contains(committee.voting())) {
                add(f, at + "/committee/" + which, "transition '" + key + "' must leave '" + committee.voting()
                        + "' and name the actor system");
            }
        }
    }

    private void checkCatalog(Set<String> caseTypes, Set<String> groups) {
        String f = file(ConfigKind.CATALOG);
        var cat = c.catalog();
        Set<String> audiences = keys(cat.audiences(), TenantConfig.Audience::key);
        unique(f, "/audiences", cat.audiences(), TenantConfig.Audience::key);
        unique(f, "/serviceLines", cat.serviceLines(), ServiceLine::key);
        unique(f, "/serviceLines/*/services", cat.services().toList(), Service::key);
        unique(f, "/serviceLines/*/services/*/templates",
                cat.services().flatMap(s -> s.templates().stream()).toList(), Template::key);
        for (int l = 0; l < cat.serviceLines().size(); l++) {
            var line = cat.serviceLines().get(l);
            for (int s = 0; s < line.services().size(); s++) {
                Service service = line.services().get(s);
                String at = "/serviceLines/" + l + "/services/" + s;
                unique(f, at + "/categories", service.categories(), TenantConfig.Category::key);
                if (service.responsibleGroup() != null) {
                    ref(f, at + "/responsibleGroup", "group", service.responsibleGroup(), groups, ConfigKind.GROUPS);
                }
                Set<String> categories = keys(service.categories(), TenantConfig.Category::key);
                for (int t = 0; t < service.templates().size(); t++) {
                    Template template = service.templates().get(t);
                    String tat = at + "/templates/" + t;
                    ref(f, tat + "/caseType", "case type", template.caseType(), caseTypes, ConfigKind.WORKFLOW);
                    if (!categories.contains(template.category())) {
                        problems.add(new ConfigProblem(f, tat + "/category", "category '" + template.category()
                                + "' is not one of service '" + service.key() + "': " + sortedList(categories),
                                "unknown", List.of("category", String.valueOf(template.category()))));
                    }
                    for (int a = 0; a < template.audiences().size(); a++) {
                        ref(f, tat + "/audiences/" + a, "audience", template.audiences().get(a), audiences,
                                ConfigKind.CATALOG);
                    }
                    unique(f, tat + "/fields", template.fields(), TenantConfig.Field::key);
                    unique(f, tat + "/attachments", template.attachments(), TenantConfig.Attachment::key);
                }
            }
        }
    }

    private void checkPriorities(Set<String> levels) {
        String f = file(ConfigKind.PRIORITIES);
        var p = c.priorities();
        unique(f, "/levels", p.levels(), TenantConfig.Level::key);
        unique(f, "/levels", p.levels(), l -> String.valueOf(l.rank()));
        if (!"matrix".equals(p.scheme())) {
            return;
        }
        unique(f, "/impacts", p.impacts(), TenantConfig.Axis::key);
        unique(f, "/urgencies", p.urgencies(), TenantConfig.Axis::key);
        Set<String> impacts = keys(p.impacts(), TenantConfig.Axis::key);
        Set<String> urgencies = keys(p.urgencies(), TenantConfig.Axis::key);
        Set<String> cells = new HashSet<>();
        for (int i = 0; i < p.matrix().size(); i++) {
            var cell = p.matrix().get(i);
            String at = "/matrix/" + i;
            ref(f, at + "/impact", "impact", cell.impact(), impacts, ConfigKind.PRIORITIES);
            ref(f, at + "/urgency", "urgency", cell.urgency(), urgencies, ConfigKind.PRIORITIES);
            ref(f, at + "/priority", "priority", cell.priority(), levels, ConfigKind.PRIORITIES);
            if (!cells.add(cell.impact() + "×" + cell.urgency())) {
                add(f, at, "impact '" + cell.impact() + "' × urgency '" + cell.urgency() + "' is given twice");
            }
        }
        for (String impact : impacts) {
            for (String urgency : urgencies) {
                if (!cells.contains(impact + "×" + urgency)) {
                    add(f, "/matrix", "no priority for impact '" + impact + "' × urgency '" + urgency + "'");
                }
            }
        }
    }

    private void checkGroups() {
        String f = file(ConfigKind.GROUPS);
        var g = c.groups();
        unique(f, "/tiers", g.tiers(), TenantConfig.Tier::key);
        unique(f, "/groups", g.groups(), TenantConfig.Group::key);
        Set<String> tiers = keys(g.tiers(), TenantConfig.Tier::key);
        Map<String, Integer> levels = new HashMap<>();
        g.tiers().forEach(t -> levels.putIfAbsent(t.key(), t.level()));
        for (int i = 0; i < g.groups().size(); i++) {
            var group = g.groups().get(i);
            ref(f, "/groups/" + i + "/tier", "tier", group.tier(), tiers, ConfigKind.GROUPS);
            // A vendor or software factory works as second line (or above), never as the first contact.
            Integer level = levels.get(group.tier());
            if (group.vendor() && level != null && level < 2) {
                add(f, "/groups/" + i + "/vendor", "group '" + group.key() + "' is a vendor, but its tier '"
                        + group.tier() + "' has level " + level
                        + "; a vendor works as second line: use a tier of level 2 or more");
            }
            // Supervisors are the members of a group (issue 20): a platform group must exist.
            if (group.supervisedBy() != null && group.supervisedBy().group() != null) {
                ref(f, "/groups/" + i + "/supervisedBy/group", "group", group.supervisedBy().group(),
                        keys(g.groups(), TenantConfig.Group::key), ConfigKind.GROUPS);
            }
        }
        // The process managers (major incidents, issue 20) are a group too: a platform group must exist.
        if (g.processManagers() != null && g.processManagers().group() != null) {
            ref(f, "/processManagers/group", "group", g.processManagers().group(),
                    keys(g.groups(), TenantConfig.Group::key), ConfigKind.GROUPS);
        }
    }

    private void checkRouting(Set<String> groups, Set<String> caseTypes, Set<String> priorities) {
        String f = file(ConfigKind.ROUTING);
        var r = c.routing();
        ref(f, "/defaultGroup", "group", r.defaultGroup(), groups, ConfigKind.GROUPS);
        unique(f, "/rules", r.rules(), TenantConfig.Rule::key);
        for (int i = 0; i < r.rules().size(); i++) {
            var rule = r.rules().get(i);
            match(f, "/rules/" + i + "/when", rule.when(), caseTypes, priorities);
            ref(f, "/rules/" + i + "/assignTo/group", "group", rule.assignTo().group(), groups, ConfigKind.GROUPS);
        }
    }

    private void checkSla(Set<String> calendars, Set<String> caseTypes, Set<String> priorities) {
        String f = file(ConfigKind.SLA_POLICIES);
        var policies = c.sla().policies();
        unique(f, "/policies", policies, TenantConfig.SlaPolicy::key);
        for (int i = 0; i < policies.size(); i++) {
            var policy = policies.get(i);
            String at = "/policies/" + i;
            ref(f, at + "/calendar", "calendar", policy.calendar(), calendars, ConfigKind.CALENDARS);
            match(f, at + "/appliesTo", policy.appliesTo(), caseTypes, priorities);
            unique(f, at + "/targets", policy.targets(), t -> String.valueOf(t.priority()));
            for (int t = 0; t < policy.targets().size(); t++) {
                var target = policy.targets().get(t);
                if (target.priority() != null) {
                    ref(f, at + "/targets/" + t + "/priority", "priority", target.priority(), priorities,
                            ConfigKind.PRIORITIES);
                }
                businessDays(f, at + "/targets/" + t + "/response", target.response(), policy.calendar());
                businessDays(f, at + "/targets/" + t + "/resolution", target.resolution(), policy.calendar());
            }
        }
    }

    private void checkSettings(Set<String> calendars) {
        String f = file(ConfigKind.SETTINGS);
        var autoClose = c.settings().autoClose();
        if (autoClose.enabled()) {
            ref(f, "/autoClose/calendar", "calendar", autoClose.calendar(), calendars, ConfigKind.CALENDARS);
            businessDays(f, "/autoClose/after", autoClose.after(), autoClose.calendar());
        }
        var survey = c.settings().survey();
        if (survey != null && survey.enabled()) {
            ref(f, "/survey/calendar", "calendar", survey.calendar(), calendars, ConfigKind.CALENDARS);
            String calendar = survey.calendar() != null ? survey.calendar()
                    : autoClose.enabled() && autoClose.calendar() != null ? autoClose.calendar()
                    : c.tenant().attentionCalendar();
            businessDays(f, "/survey/answerWithin", survey.answerWithin(), calendar);
            Set<String> keys = new HashSet<>();
            for (int i = 0; i < survey.questions().size(); i++) {
                var q = survey.questions().get(i);
                if (!keys.add(q.key())) {
                    add(f, "/survey/questions/" + i + "/key", "question key '" + q.key() + "' is used more than once");
                }
                for (String answer : q.reviewOn()) {
                    if (!q.values().contains(answer)) {
                        add(f, "/survey/questions/" + i + "/reviewOn", "answer '" + answer + "' is not one a "
                                + q.type() + " question takes; known: " + q.values());
                    }
                }
            }
            // A survey offered on rejection needs a state a case can be rejected into.
            if (survey.offeredOn().contains("rejection")
                    && c.workflow().states().stream().noneMatch(s -> s.phase() == Phase.REJECTED)) {
                add(f, "/survey/offeredOn", "the survey is offered on rejection, but workflow.yaml has no REJECTED state");
            }
        }
    }

    // ---- helpers -----------------------------------------------------------------------------

    /** {@code from: "*"}: the transition leaves every state whose phase is not CLOSED or REJECTED. */
    private static boolean anyOpenState(TenantConfig.Transition t) {
        return t.from().equals(List.of("*"));
    }

    private static boolean leaves(TenantConfig.Transition t, TenantConfig.State s) {
        return anyOpenState(t) ? s.phase() != Phase.CLOSED && s.phase() != Phase.REJECTED : t.from().contains(s.key());
    }

    private void match(String f, String at, Match m, Set<String> caseTypes, Set<String> priorities) {
        Map<String, Set<String>> known = new HashMap<>();
        known.put("serviceLines", keys(c.catalog().serviceLines(), ServiceLine::key));
        known.put("services", c.catalog().services().map(Service::key).collect(Collectors.toSet()));
        known.put("categories", c.catalog().services().flatMap(s -> s.categories().stream())
                .map(TenantConfig.Category::key).collect(Collectors.toSet()));
        known.put("caseTypes", caseTypes);
        known.put("sites", c.sites().all().map(TenantConfig.Site::key).collect(Collectors.toSet()));
        known.put("priorities", priorities);
        Map<String, ConfigKind> owner = Map.of("serviceLines", ConfigKind.CATALOG, "services", ConfigKind.CATALOG,
                "categories", ConfigKind.CATALOG, "caseTypes", ConfigKind.WORKFLOW, "sites", ConfigKind.SITES,
                "priorities", ConfigKind.PRIORITIES);
        m.references().forEach((list, refs) -> {
            for (int i = 0; i < refs.size(); i++) {
                ref(f, at + "/" + list + "/" + i, singular(list), refs.get(i), known.get(list), owner.get(list));
            }
        });
    }

    private void businessDays(String f, String at, BusinessDuration target, String calendarKey) {
        if (target == null || target.businessDays() == null) {
            return;
        }
        c.calendars().find(calendarKey).ifPresent(cal -> {
            Set<Duration> lengths = new HashSet<>(cal.openTimePerDay().values());
            if (lengths.size() > 1) {
                add(f, at, "a target in business days needs working days of one length, but calendar '"
                        + calendarKey + "' has days of " + lengths.size() + " different lengths");
            }
        });
    }

    private void ref(String f, String at, String what, String key, Set<String> known, ConfigKind where) {
        if (key != null && !known.contains(key)) {
            problems.add(new ConfigProblem(f, at, what + " '" + key + "' does not exist in " + where.fileName() + "; known: "
                    + sortedList(known), "unknown", List.of(what, key)));
        }
    }

    private void zone(String f, String at, String zone) {
        try {
            ZoneId.of(zone);
        } catch (DateTimeException e) {
            add(f, at, "'" + zone + "' is not a time zone (e.g. America/Bogota)");
        }
    }

    private <T> void unique(String f, String at, List<T> items, Function<T, String> key) {
        Set<String> seen = new HashSet<>();
        for (T item : items) {
            String k = key.apply(item);
            if (!seen.add(k)) {
                problems.add(new ConfigProblem(f, at, "'" + k + "' is used more than once", "duplicate", List.of(k)));
            }
        }
    }

    private static <T> Set<String> keys(List<T> items, Function<T, String> key) {
        return items.stream().map(key).collect(Collectors.toSet());
    }

    private static String sortedList(Set<String> keys) {
        List<String> list = new ArrayList<>(keys);
        java.util.Collections.sort(list);
        return list.size() > 12 ? list.subList(0, 12) + "…" : list.toString();
    }

    private static String singular(String list) {
        return switch (list) {
            case "serviceLines" -> "service line";
            case "services" -> "service";
            case "categories" -> "category";
            case "caseTypes" -> "case type";
            case "sites" -> "site";
            default -> "priority";
        };
    }

    private String file(ConfigKind kind) {
        return slug + "/" + kind.fileName();
    }

    private void add(String file, String path, String message) {
        problems.add(new ConfigProblem(file, path, message));
    }
}
