package co.mesa.tenantconfig;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One entity's tenant data, typed: what {@code tenant-config/<slug>/} declares, one record per kind.
 * The JSON Schemas in {@code tenant-config/schema/} are the contract; these records mirror them.
 */
public record TenantConfig(
        Tenant tenant,
        Calendars calendars,
        Sites sites,
        Workflow workflow,
        Catalog catalog,
        Priorities priorities,
        Groups groups,
        Routing routing,
        SlaPolicies sla,
        Settings settings) {

    // ---- Tenant ----------------------------------------------------------------------------

    public record Tenant(String slug, I18n name, I18n shortName, List<String> hosts, String realm, String locale,
                         List<String> languages, String timeZone, String theme, String attentionCalendar,
                         I18n portalAvailability, List<Channel> channels, CaseCode caseCode,
                         String defaultPriority, Identity identity) {
    }

    /** How people sign in: what the tenant's Keycloak realm is provisioned with. */
    public record Identity(String loginTheme, boolean localAccounts, boolean resetPasswordByEmail,
                           boolean registrationAllowed, String passwordPolicy, String sessionIdle, String sessionMax,
                           String accessTokenLifespan, BruteForce bruteForce, Directory directory) {
        /** Defaults of the optional fields (the schema marks them optional; see docs/tenant-config.md). */
        public Identity {
            loginTheme = loginTheme == null ? "mesa" : loginTheme;
            accessTokenLifespan = accessTokenLifespan == null ? "PT5M" : accessTokenLifespan;
        }
    }

    public record BruteForce(boolean enabled, int maxFailures, String waitIncrement, String maxWait) {
    }

    /** LDAP / Active Directory federation; the bind password is read from {@code bindCredentialSecret}. */
    public record Directory(Boolean enabled, String vendor, String connectionUrl, String usersDn, String bindDn,
                            String bindCredentialSecret, String usernameAttribute, String editMode, String groupsDn,
                            Map<String, String> attributes, String activeUsersFilter, DirectorySync sync,
                            List<GroupMapping> groupMappings, Kerberos kerberos) {
        public Directory {
            sync = sync == null ? DirectorySync.DEFAULT : sync;
            groupMappings = groupMappings == null ? List.of() : List.copyOf(groupMappings);
        }

        /** The block as it was before federation ran (issue 28): no filter, default sync, no mappings, no Kerberos. */
        public Directory(Boolean enabled, String vendor, String connectionUrl, String usersDn, String bindDn,
                         String bindCredentialSecret, String usernameAttribute, String editMode, String groupsDn,
                         Map<String, String> attributes) {
            this(enabled, vendor, connectionUrl, usersDn, bindDn, bindCredentialSecret, usernameAttribute, editMode,
                    groupsDn, attributes, null, null, null, null);
        }

        public boolean isEnabled() {
            return enabled == null || enabled;
        }

        /** Whether Windows integrated sign-in (SPNEGO/Kerberos) is on for this directory. */
        public boolean kerberosEnabled() {
            return kerberos != null && kerberos.isEnabled();
        }
    }

    /** Keycloak's periodic syncs of the directory: every user, and users changed since the last sync (ISO durations). */
    public record DirectorySync(String fullPeriod, String changedPeriod) {
        public static final DirectorySync DEFAULT = new DirectorySync("PT24H", "PT15M");

        public DirectorySync {
            fullPeriod = fullPeriod == null ? "PT24H" : fullPeriod;
            changedPeriod = changedPeriod == null ? "PT15M" : changedPeriod;
        }
    }

    /** One directory group (its {@code cn}) and the entity's roles and platform groups its members get. */
    public record GroupMapping(String directoryGroup, List<String> roles, List<String> groups) {
        public GroupMapping {
            roles = roles == null ? List.of() : List.copyOf(roles);
            groups = groups == null ? List.of() : List.copyOf(groups);
        }
    }

    /**
     * Windows integrated sign-in: the entity's Kerberos realm, the service principal of the sign-in host
     * ({@code HTTP/host@REALM}) and the NAME of the secret holding its keytab (never the keytab itself).
     */
    public record Kerberos(Boolean enabled, String realm, String servicePrincipal, String keytabSecret) {
        public boolean isEnabled() {
            return enabled == null || enabled;
        }
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    /**
     * {@code url}: the entity's own address for the channel (e.g. its PQRS web form), or null. The footer
     * links a channel with a url, names one with a contact, and leaves out one with neither (issue 20).
     */
    public record Channel(String key, I18n name, I18n contact, String url) {

        public Channel(String key, I18n name, I18n contact) {
            this(key, name, contact, null);
        }
    }

    public record CaseCode(String prefix, String pattern, String resetsEvery) {
    }

    // ---- Calendars -------------------------------------------------------------------------

    public record Calendars(List<Calendar> calendars) {
        public Optional<Calendar> find(String key) {
            return calendars.stream().filter(c -> c.key().equals(key)).findFirst();
        }
    }

    public record Calendar(String key, I18n name, String timeZone, List<Window> hours, String holidays,
                           List<LocalDate> extraClosedDays) {
        public Calendar {
            extraClosedDays = extraClosedDays == null ? List.of() : extraClosedDays;
        }

        /** Open time per working day of the week (days without windows are absent). */
        public Map<DayOfWeek, java.time.Duration> openTimePerDay() {
            Map<DayOfWeek, java.time.Duration> perDay = new java.util.EnumMap<>(DayOfWeek.class);
            for (Window w : hours) {
                for (DayOfWeek d : w.days()) {
                    perDay.merge(d, w.length(), java.time.Duration::plus);
                }
            }
            return perDay;
        }
    }

    public record Window(List<DayOfWeek> days, LocalTime from, String to) {
        /** {@code 24:00} is allowed as the end of a day. */
        public LocalTime toTime() {
            return "24:00".equals(to) ? LocalTime.MAX : LocalTime.parse(to);
        }

        /** Open time in this window on one day ({@code 24:00} counts as the end of the day). */
        public java.time.Duration length() {
            java.time.Duration end = "24:00".equals(to) ? java.time.Duration.ofHours(24)
                    : java.time.Duration.between(LocalTime.MIDNIGHT, LocalTime.parse(to));
            return end.minus(java.time.Duration.between(LocalTime.MIDNIGHT, from));
        }
    }

    // ---- Sites -----------------------------------------------------------------------------

    public record Sites(I18n label, List<Site> sites) {
        public Stream<Site> all() {
            return sites.stream().flatMap(Site::selfAndDescendants);
        }
    }

    public record Site(String key, I18n name, String type, List<Site> children) {
        public Site {
            children = children == null ? List.of() : children;
        }

        public Stream<Site> selfAndDescendants() {
            return Stream.concat(Stream.of(this), children.stream().flatMap(Site::selfAndDescendants));
        }
    }

    // ---- Workflow --------------------------------------------------------------------------

    public enum Phase { NEW, ASSIGNED, IN_PROGRESS, ON_HOLD, RESOLVED, CLOSED, REJECTED }

    public record Workflow(List<CaseType> caseTypes, List<State> states, List<Substate> substates,
                           List<Transition> transitions, List<Action> actions, List<RecordKind> records) {
        public Workflow {
            substates = substates == null ? List.of() : substates;
            actions = actions == null ? List.of() : actions;
            records = records == null ? List.of() : records;
        }

        /** A workflow without record kinds (the shape before problems and changes). */
        public Workflow(List<CaseType> caseTypes, List<State> states, List<Substate> substates,
                        List<Transition> transitions, List<Action> actions) {
            this(caseTypes, states, substates, transitions, actions, List.of());
        }

        /** The tenant's record kind by key ({@code problema}, {@code cambio}), if it keeps that kind. */
        public Optional<RecordKind> record(String key) {
            return records.stream().filter(r -> r.key().equals(key)).findFirst();
        }

        /** The tenant's action of this kind, if it offers one (each kind appears at most once). */
        public Optional<Action> action(String kind) {
            return actions.stream().filter(a -> a.kind().equals(kind)).findFirst();
        }
    }

    /** {@code offered}: whether new cases may take this type (absent: yes). */
    public record CaseType(String key, I18n name, I18n description, Boolean offered) {
        public CaseType(String key, I18n name, I18n description) {
            this(key, name, description, null);
        }

        public boolean offeredForNewCases() {
            return offered == null || offered;
        }
    }

    /**
     * A kind of record beyond cases (problems, changes): its own states, substates and transitions run by the
     * same workflow engine as cases, its own code format and sequence, and an optional resolution target.
     */
    public record RecordKind(String key, I18n name, CaseCode code, List<State> states, List<Substate> substates,
                             List<Transition> transitions, RecordSla sla, Committee committee) {
        public RecordKind {
            substates = substates == null ? List.of() : substates;
        }

        /** Without a committee (the shape before issue 27). */
        public RecordKind(String key, I18n name, CaseCode code, List<State> states, List<Substate> substates,
                          List<Transition> transitions, RecordSla sla) {
            this(key, name, code, states, substates, transitions, sla, null);
        }

        /** The kind's states and transitions as a workflow the engine runs (no case types, no case actions). */
        public Workflow asWorkflow() {
            return new Workflow(List.of(), states, substates, transitions, List.of());
        }
    }

    /**
     * A change committee (issue 27): members are the people whose directory groups include {@code group};
     * {@code rule} (all | majority | any) decides, {@code emergencyRule} for emergency changes; the decision takes
     * the system transition {@code approved} or {@code rejected} out of the state {@code voting}.
     */
    public record Committee(String group, String rule, String emergencyRule, String voting, String approved,
                            String rejected) {
    }

    /** A record kind's resolution target, counted on one of the entity's calendars. */
    public record RecordSla(String calendar, BusinessDuration resolution) {
    }

    /** {@code rejectable}: the case may be rejected here (a transition on {@code rejected} must leave it). */
    public record State(String key, I18n name, I18n description, Phase phase, boolean initial, boolean stopsClock,
                        boolean rejectable) {
    }

    public record Substate(String key, I18n name, I18n description, List<String> states, boolean stopsClock,
                           String automaticOn) {
    }

    /**
     * {@code from} is the list of states it leaves; YAML may give one value. {@code ["*"]} means any state whose
     * phase is not CLOSED or REJECTED. {@code when} ({@code surveysEnabled} | {@code surveysDisabled}, or null):
     * the transition applies only while settings.yaml {@code survey.enabled} is true / false.
     */
    public record Transition(String key,
                             @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> from,
                             String to, I18n name, boolean requiresNote, I18n noteLabel, String automaticOn,
                             List<String> actors, String when) {
        public Transition {
            actors = actors == null ? List.of() : actors;
        }
    }

    /**
     * A case action the tenant offers. {@code kind} is fixed in code (see {@link #KINDS}); {@code states} empty
     * means every state whose phase is not CLOSED or REJECTED; {@code published}: the requester sees it in the
     * portal.
     */
    public record Action(String kind, I18n name, I18n description, List<String> states, boolean requiresNote,
                         I18n noteLabel, boolean published) {
        /** Every action kind, as the schema lists them. */
        public static final List<String> KINDS = List.of("firstResponse", "question", "answer", "technicianResponse",
                "publishedAction", "internalNote", "signSolution", "firstLineSolution", "substateChange",
                "stateChange", "escalate", "reassign", "changeCategory", "changePriority", "linkCase", "reject", "confirmSolution",
                "refuseSolution");

        public Action {
            states = states == null ? List.of() : states;
        }
    }

    // ---- Catalog ---------------------------------------------------------------------------

    public record Catalog(List<Audience> audiences, List<ServiceLine> serviceLines) {
        public Catalog {
            audiences = audiences == null ? List.of() : audiences;
        }

        public Stream<Service> services() {
            return serviceLines.stream().flatMap(l -> l.services().stream());
        }

        /** The service line that offers this service. */
        public Optional<ServiceLine> lineOf(String serviceKey) {
            return serviceLines.stream().filter(l -> l.services().stream().anyMatch(s -> s.key().equals(serviceKey)))
                    .findFirst();
        }

        public Optional<Service> service(String key) {
            return services().filter(s -> s.key().equals(key)).findFirst();
        }

        /** True when the service, or the line offering it, is retired: no new case may name it. */
        public boolean retired(String serviceKey) {
            return service(serviceKey).map(Service::isRetired).orElse(false)
                    || lineOf(serviceKey).map(ServiceLine::isRetired).orElse(false);
        }
    }

    public record Audience(String key, I18n name, I18n description) {
    }

    /** {@code retired}: no longer offered for new cases (issue 21); still names old cases and reports. */
    public record ServiceLine(String key, I18n name, I18n description, List<Service> services, Boolean retired) {
        public boolean isRetired() {
            return Boolean.TRUE.equals(retired);
        }
    }

    public record Service(String key, I18n name, I18n description, I18n scope, I18n availability,
                          String responsibleGroup, List<Category> categories, List<Template> templates, Boolean retired) {
        public Service {
            templates = templates == null ? List.of() : templates;
        }

        public boolean isRetired() {
            return Boolean.TRUE.equals(retired);
        }
    }

    public record Category(String key, I18n name, I18n description, Boolean retired) {
        public boolean isRetired() {
            return Boolean.TRUE.equals(retired);
        }
    }

    public record Template(String key, I18n name, I18n description, String caseType, String category,
                           List<String> audiences, List<Field> fields, List<Attachment> attachments, Boolean retired) {
        public boolean isRetired() {
            return Boolean.TRUE.equals(retired);
        }

        public Template {
            audiences = audiences == null ? List.of() : audiences;
            fields = fields == null ? List.of() : fields;
            attachments = attachments == null ? List.of() : attachments;
        }

        /** A template without audiences may be requested by anyone, anonymous callers included. */
        public boolean unrestricted() {
            return audiences.isEmpty();
        }
    }

    public record Field(String key, I18n label, I18n help, String type, boolean required, List<Option> options) {
        public Field {
            options = options == null ? List.of() : options;
        }
    }

    public record Option(String key, I18n label) {
    }

    public record Attachment(String key, I18n label, I18n help, boolean required, List<String> accept) {
        public Attachment {
            accept = accept == null ? List.of() : accept;
        }
    }

    // ---- Priorities ------------------------------------------------------------------------

    public record Priorities(String scheme, List<Level> levels, List<Axis> impacts, List<Axis> urgencies,
                             List<Cell> matrix) {
        public Priorities {
            impacts = impacts == null ? List.of() : impacts;
            urgencies = urgencies == null ? List.of() : urgencies;
            matrix = matrix == null ? List.of() : matrix;
        }
    }

    public record Level(String key, I18n name, int rank, I18n criteria) {
    }

    public record Axis(String key, I18n name, I18n description) {
    }

    public record Cell(String impact, String urgency, String priority) {
    }

    // ---- Groups and routing ----------------------------------------------------------------

    /**
     * {@code processManagers}: who manages the entity's major incidents (003 §4.9.2, issue 20) and is told
     * when a case is marked major; a group, never a person; null when the entity names none.
     */
    public record Groups(List<Tier> tiers, List<Group> groups, Supervision processManagers) {

        /** Without process managers (issue 20 added them). */
        public Groups(List<Tier> tiers, List<Group> groups) {
            this(tiers, groups, null);
        }

        /**
         * The groups whose supervisors are among {@code memberships} (a person's platform and directory
         * groups, as their token gives them): "Bajo mi supervisión" (002 §11, issue 20). Holding the
         * supervisor role is the caller's check, not this one's.
         */
        public java.util.Set<String> supervisedBy(java.util.Collection<String> memberships) {
            java.util.Set<String> out = new java.util.LinkedHashSet<>();
            for (Group g : groups) {
                if (g.supervisedBy() != null && g.supervisedBy().heldByAnyOf(memberships)) {
                    out.add(g.key());
                }
            }
            return out;
        }
    }

    public record Tier(String key, I18n name, I18n description, int level) {
    }

    /**
     * {@code vendor}: an outside vendor or software factory working as second line (its tier has level 2 or
     * more); {@code vendorName}: the company, or null.
     */
    public record Group(String key, I18n name, I18n description, String tier, String email, boolean vendor,
                        I18n vendorName, Supervision supervisedBy) {

        /** Without supervisors (issue 20 added them). */
        public Group(String key, I18n name, I18n description, String tier, String email, boolean vendor,
                     I18n vendorName) {
            this(key, name, description, tier, email, vendor, vendorName, null);
        }
    }

    /**
     * Who supervises a group, or who an entity's process managers are: the members of a group of the
     * entity's directory ({@code directoryGroup}, as the realm names it: "coordinacion-otic" or
     * "/OTIC/coordinacion-otic"), or of a platform group ({@code group}, a key of groups.yaml). Never a
     * person: people change, the group stays (issue 20).
     */
    public record Supervision(String directoryGroup, String group) {

        /** Whether one of a person's groups is this one (a directory group by its name or full path). */
        public boolean heldByAnyOf(java.util.Collection<String> memberships) {
            for (String m : memberships) {
                if (m == null) {
                    continue;
                }
                if (group != null && group.equals(m)) {
                    return true;
                }
                if (directoryGroup != null) {
                    String want = directoryGroup.startsWith("/") ? directoryGroup.substring(1) : directoryGroup;
                    String have = m.startsWith("/") ? m.substring(1) : m;
                    if (have.equals(want) || (!want.contains("/") && have.endsWith("/" + want))) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    public record Routing(String assignmentSweep, String defaultGroup, List<Rule> rules, Escalation escalation) {
    }

    public record Rule(String key, I18n name, Match when, AssignTo assignTo) {
    }

    /**
     * {@code strategy}: {@code round-robin} | {@code least-loaded} | {@code group-queue}, or null (round-robin, see
     * {@link #DEFAULT_STRATEGY}). {@code agent}: the username of an agent in the tenant's realm who gets the case
     * when available, or null; otherwise the strategy picks.
     */
    public record AssignTo(String group, String strategy, String agent) {
        /** What an absent {@code strategy} means. */
        public static final String DEFAULT_STRATEGY = "round-robin";
    }

    public record Escalation(boolean allowManual, boolean rerouteOnCategoryChange) {
    }

    /**
     * A condition on a case; absent lists match anything, present ones must all match. {@code requesterGroups}
     * matches when the requester belongs to at least one of them (directory groups or realm roles such as catalog
     * audiences); they are free names, not keys of any file.
     */
    public record Match(List<String> serviceLines, List<String> services, List<String> categories,
                        List<String> caseTypes, List<String> sites, List<String> priorities,
                        List<String> requesterGroups) {
        public Match {
            serviceLines = serviceLines == null ? List.of() : serviceLines;
            services = services == null ? List.of() : services;
            categories = categories == null ? List.of() : categories;
            caseTypes = caseTypes == null ? List.of() : caseTypes;
            sites = sites == null ? List.of() : sites;
            priorities = priorities == null ? List.of() : priorities;
            requesterGroups = requesterGroups == null ? List.of() : requesterGroups;
        }

        /** A condition that does not ask about the requester. */
        public Match(List<String> serviceLines, List<String> services, List<String> categories,
                     List<String> caseTypes, List<String> sites, List<String> priorities) {
            this(serviceLines, services, categories, caseTypes, sites, priorities, null);
        }

        /**
         * Named references of this match to keys of the tenant's files, by the list they sit in, for reference
         * checks. {@code requesterGroups} is not among them: its names live in the directory, not in a file.
         */
        public Map<String, List<String>> references() {
            return Map.of("serviceLines", serviceLines, "services", services, "categories", categories,
                    "caseTypes", caseTypes, "sites", sites, "priorities", priorities);
        }
    }

    // ---- SLA -------------------------------------------------------------------------------

    /**
     * {@code warningPercent}: share of a target after which a warning is emitted (null: no warnings).
     */
    public record SlaPolicies(List<SlaPolicy> policies, Integer warningPercent) {
        public SlaPolicies(List<SlaPolicy> policies) {
            this(policies, null);
        }
    }

    public record SlaPolicy(String key, I18n name, String calendar, Match appliesTo, List<Target> targets) {
        /** The target for a priority: the one naming it, else the one naming none. */
        public Optional<Target> targetFor(String priority) {
            return targets.stream().filter(t -> priority.equals(t.priority())).findFirst()
                    .or(() -> targets.stream().filter(t -> t.priority() == null).findFirst());
        }
    }

    public record Target(String priority, BusinessDuration response, BusinessDuration resolution, I18n note) {
    }

    // ---- Settings --------------------------------------------------------------------------

    /**
     * {@code guideNotes}: the entity's own notes in the role guides (issue 22), by guide id (solicitante,
     * agente, supervisor, administrador) and section id, in Markdown; shown at the start of that section.
     */
    public record Settings(Notifications notifications, AutoClose autoClose, Survey survey,
                           Attachments attachments, List<Mailbox> mailboxes, Map<String, Map<String, I18n>> guideNotes,
                           RateLimits rateLimits, Knowledge knowledge, Queue queue, Indicator indicator) {
        public Settings {
            mailboxes = mailboxes == null ? List.of() : mailboxes;
            guideNotes = guideNotes == null ? Map.of() : guideNotes;
            rateLimits = rateLimits == null ? RateLimits.PLATFORM_DEFAULTS : rateLimits;
            knowledge = knowledge == null ? Knowledge.DEFAULT : knowledge;
            queue = queue == null ? Queue.ALL_COLUMNS : queue;
        }

        /** Without the entity's own indicator (issue 24): the report shows none first. */
        public Settings(Notifications notifications, AutoClose autoClose, Survey survey, Attachments attachments,
                        List<Mailbox> mailboxes, Map<String, Map<String, I18n>> guideNotes, RateLimits rateLimits,
                        Knowledge knowledge, Queue queue) {
            this(notifications, autoClose, survey, attachments, mailboxes, guideNotes, rateLimits, knowledge, queue, null);
        }

        /** Without the queue's column choice (issue 20): all columns. */
        public Settings(Notifications notifications, AutoClose autoClose, Survey survey, Attachments attachments,
                        List<Mailbox> mailboxes, Map<String, Map<String, I18n>> guideNotes, RateLimits rateLimits,
                        Knowledge knowledge) {
            this(notifications, autoClose, survey, attachments, mailboxes, guideNotes, rateLimits, knowledge, null);
        }

        public Settings(Notifications notifications, AutoClose autoClose, Survey survey, Attachments attachments,
                        List<Mailbox> mailboxes) {
            this(notifications, autoClose, survey, attachments, mailboxes, Map.of(), null, null);
        }

        public Settings(Notifications notifications, AutoClose autoClose, Survey survey, Attachments attachments,
                        List<Mailbox> mailboxes, Map<String, Map<String, I18n>> guideNotes) {
            this(notifications, autoClose, survey, attachments, mailboxes, guideNotes, null, null);
        }

        /** The entity's notes of one guide's section, in Markdown (none: empty). */
        public Optional<I18n> guideNote(String guide, String section) {
            return Optional.ofNullable(guideNotes.getOrDefault(guide, Map.of()).get(section));
        }
    }

    /** The agents' queue: the optional columns it shows, in order (issue 20). */
    public record Queue(List<String> columns) {
        public static final List<String> OPTIONAL = List.of("category", "description", "technician", "notifiedBy",
                "group", "rated", "solution");
        public static final Queue ALL_COLUMNS = new Queue(OPTIONAL);

        public Queue {
            columns = columns == null ? OPTIONAL : List.copyOf(columns);
        }
    }

    /**
     * Requests a minute the entity allows: in all, from one signed-in caller, and from one client address
     * without a session (sign-in, public endpoints). A null limit means the platform's default.
     */
    public record RateLimits(Integer perEntityPerMinute, Integer perCallerPerMinute, Integer perAddressPerMinute) {
        public static final RateLimits PLATFORM_DEFAULTS = new RateLimits(null, null, null);
    }

    /** The knowledge base: days of recent topics on the console's home, and who reviews articles. */
    public record Knowledge(Integer recentDays, List<String> reviewers) {
        public static final Knowledge DEFAULT = new Knowledge(7, List.of("supervisor", "tenant-admin"));

        public Knowledge {
            recentDays = recentDays == null ? 7 : recentDays;
            reviewers = reviewers == null || reviewers.isEmpty() ? List.of("supervisor", "tenant-admin") : List.copyOf(reviewers);
        }
    }

    /** A mailbox the platform reads; {@code imap} absent = the platform's IMAP server, logging in as the address. */
    public record Mailbox(String key, String address, String service, String caseType, boolean createCases,
                          String folder, Imap imap) {
        public String folderOrInbox() {
            return folder == null ? "INBOX" : folder;
        }
    }

    /** An entity's own IMAP server; the password is read from the environment variable {@code passwordEnv}. */
    public record Imap(String host, int port, boolean ssl, String username, String passwordEnv) {
    }

    public record Notifications(String fromAddress, I18n fromName, String replyTo, Map<String, List<String>> events,
                                boolean attachRecordPdf, Smtp smtp) {
    }

    /** An entity's own SMTP relay; the password is read from the environment variable {@code passwordEnv}. */
    public record Smtp(String host, int port, boolean startTls, String username, String passwordEnv) {
    }

    public record AutoClose(boolean enabled, BusinessDuration after, String calendar) {
    }

    /**
     * The satisfaction survey (issue 23): whether it is on, when it is offered ({@code solution}, {@code rejection}),
     * how long it stays open (business time on {@code calendar}, else the auto-close calendar, else the attention
     * calendar), the invitation's texts and the questions, in order.
     */
    public record Survey(boolean enabled, List<String> offeredOn, BusinessDuration answerWithin, String calendar,
                         Invitation invitation, List<SurveyQuestion> questions) {
        public Survey {
            offeredOn = offeredOn == null ? List.of() : offeredOn;
            questions = questions == null ? List.of() : questions;
        }

        public Survey(boolean enabled, BusinessDuration answerWithin) {
            this(enabled, List.of(), answerWithin, null, null, List.of());
        }

        /** Whether the survey is offered on this occasion ({@code solution} or {@code rejection}). */
        public boolean offeredOn(String occasion) {
            return enabled && offeredOn.contains(occasion);
        }
    }

    /** The invitation: the e-mail's subject and the text shown above the questions (and in the e-mail). */
    public record Invitation(I18n subject, I18n text) {
    }

    /**
     * One question: {@code scale} (1 to 5, with a label per value), {@code yesNo} or {@code text}. {@code reviewOn}:
     * the answers ({@code "1"}..{@code "5"}, {@code "yes"}, {@code "no"}) that report a problem (a "novedad") the desk
     * must review.
     */
    public record SurveyQuestion(String key, String type, I18n text, boolean required, List<I18n> labels,
                                 List<String> reviewOn) {
        public SurveyQuestion {
            labels = labels == null ? List.of() : labels;
            reviewOn = reviewOn == null ? List.of() : reviewOn;
        }

        /** The answers this question accepts. */
        public List<String> values() {
            return switch (type) {
                case "scale" -> List.of("1", "2", "3", "4", "5");
                case "yesNo" -> List.of("yes", "no");
                default -> List.of();
            };
        }
    }

    public record Attachments(int maxSizeMb, List<String> allowedTypes) {
    }

    /**
     * The indicator the entity follows (issue 24), shown first in its report: the on-time % of {@code figure}
     * ({@code response} or {@code resolution}) over the cases of one key of a breakdown ({@code by} = {@code tier} with
     * {@code key}, e.g. Función Pública's second line), or per key of a breakdown when {@code key} is absent (e.g.
     * Prosperidad Social per vendor group).
     */
    public record Indicator(I18n name, String figure, String by, String key) {
    }
}
