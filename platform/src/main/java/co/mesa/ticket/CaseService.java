package co.mesa.ticket;

import co.mesa.identity.PeopleService;
import co.mesa.shared.CaseFacts;
import co.mesa.shared.ProblemException.ParamError;
import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.ticket.CaseRequests.NewCase;
import co.mesa.ticket.internal.CaseRow;
import co.mesa.ticket.internal.CaseStore;
import co.mesa.ticket.internal.EventRow;
import co.mesa.ticket.internal.PendingLog;
import co.mesa.workflow.WorkflowEngine;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Cases: filing one (from the portal, the API or by an agent on someone's behalf), reading it as
 * the caller may see it, and the requester's own list. Acting on a case is {@link CaseActions}.
 */
@Singleton
public class CaseService {

    static final Set<String> ORIGINS = Set.of("portal", "email", "phone", "pqrs", "api", "walk-in");
    /** The origins an agent chooses from when registering a case in the console (issue 20): bundle labels. */
    public static final List<String> REGISTRATION_ORIGINS = List.of("phone", "email", "walk-in", "pqrs");
    static final Set<String> REQUESTER_ORIGINS = Set.of("portal", "api");
    static final int TITLE_MAX = 200;
    static final int DESCRIPTION_MAX = 20_000;

    /** A create's answer: the case as JSON, and whether it is a retry's replay of the first answer. */
    public record Created(String json, String id, int version, boolean replay) {
    }

    private final TenantTransactions tx;
    private final CaseStore store;
    private final CaseViews views;
    private final CaseCodes codes;
    private final PeopleService people;
    private final CaseRecorder recorder;
    private final CaseSlaWork slaWork;
    private final JsonMapper json;
    private final CaseRecordPdf records;
    private final Clock clock;
    private final co.mesa.tenant.TenantRegistry registry;
    private final co.mesa.ticket.internal.CaseBatchWrites batchWrites;

    public CaseService(TenantTransactions tx, CaseStore store, CaseViews views, CaseCodes codes, PeopleService people,
                       CaseRecorder recorder, CaseSlaWork slaWork, JsonMapper json, CaseRecordPdf records,
                       co.mesa.tenant.TenantRegistry registry, co.mesa.ticket.internal.CaseBatchWrites batchWrites) {
        this.registry = registry;
        this.batchWrites = batchWrites;
        this.records = records;
        this.slaWork = slaWork;
        this.tx = tx;
        this.store = store;
        this.views = views;
        this.codes = codes;
        this.people = people;
        this.recorder = recorder;
        this.json = json;
        this.clock = Clock.systemUTC();
    }

    /**
     * Files a case. With an idempotency key, a retry with the same body gets the first answer
     * again and makes no second case; the same key with another body is refused. The code is
     * taken last, so the counter row stays locked only for the case row's insert and the commit.
     */
    public Created create(TenantContext tenant, Authentication auth, NewCase request, @Nullable String idempotencyKey,
                          String requestHash, List<Locale> languages) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return tx.write(tenant.id(), c -> {
            Caller caller = Caller.of(people.caller(c, tenant, auth), auth.getName(), tenant.config());
            UUID id = UUID.randomUUID();
            if (idempotencyKey != null) {
                Optional<CaseStore.IdempotencyRow> prior = store.claim(c, tenant.id(), caller.subject(), idempotencyKey,
                        requestHash, id, now);
                if (prior.isPresent()) {
                    if (!prior.get().requestHash().equals(requestHash) || prior.get().response() == null) {
                        throw CaseProblems.idempotencyMismatch();
                    }
                    return new Created(prior.get().response(), prior.get().caseId().toString(), -1, true);
                }
            }
            Filed filed = file(c, tenant, caller, request, id, now, false, true);
            String body = write(filed.view(views, tenant, caller, languages));
            if (idempotencyKey != null) {
                store.saveResponse(c, caller.subject(), idempotencyKey, body);
            }
            return new Created(body, id.toString(), filed.row().version(), false);
        });
    }

    /**
     * An agent registers a case from the console (issue 20, 002 §11 "Nuevo registro"): the case is filed as
     * {@link #create} files it and, when {@code then} is given (the "Firma solución inmediata" of 002 §14.2),
     * that action is taken in the same transaction — if it is refused, nothing is written. Returns the id.
     */
    public String register(TenantContext tenant, Authentication auth, NewCase request, String idempotencyKey,
                           String requestHash, List<Locale> languages, @Nullable CaseRequests.Action then,
                           CaseActions actions) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return tx.write(tenant.id(), c -> {
            Caller caller = Caller.of(people.caller(c, tenant, auth), auth.getName());
            UUID id = UUID.randomUUID();
            Optional<CaseStore.IdempotencyRow> prior = store.claim(c, tenant.id(), caller.subject(), idempotencyKey,
                    requestHash, id, now);
            if (prior.isPresent()) {
                if (!prior.get().requestHash().equals(requestHash) || prior.get().response() == null) {
                    throw CaseProblems.idempotencyMismatch();
                }
                return prior.get().caseId().toString();
            }
            Filed filed = file(c, tenant, caller, request, id, now, false, false);
            if (then != null && !asAgent(caller, filed.row())) {
                // Routed to a group the agent is not in: they cannot sign its solution; say which group (issue 20).
                String group = filed.row().assignedGroup();
                throw CaseProblems.forbidden("problem.case.immediate.other-group.detail", tenant.config().groups().groups()
                        .stream().filter(g -> g.key().equals(group)).map(g -> g.name().resolve(languages)).findFirst()
                        .orElse(String.valueOf(group)));
            }
            if (then != null) {
                // The signer must be able to act on the case as routed: a first-line agent of its group.
                actions.actInTransaction(c, tenant, caller, filed.row(), then, now.plusNanos(1000), languages);
            }
            store.saveResponse(c, caller.subject(), idempotencyKey, "{\"id\":\"" + id + "\"}");
            return id.toString();
        });
    }

    /**
     * Validates a new case as {@link #create} would, writing nothing: a form that already found errors of its own
     * shows the case's errors beside them in one go (the console's registration, issue 20).
     */
    public void check(TenantContext tenant, Authentication auth, NewCase request) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        // A write transaction only because naming the caller may refresh their directory row.
        tx.write(tenant.id(), c -> {
            Caller caller = Caller.of(people.caller(c, tenant, auth), auth.getName());
            newRow(c, tenant, caller, request, UUID.randomUUID(), now, false);
            return null;
        });
    }

    /**
     * Files a case in the caller's transaction: validation, events, routing, SLA, and the code last.
     * Shared by the API and the email intake.
     */
    CaseRow file(Connection c, TenantContext tenant, Caller caller, NewCase request, UUID id, Instant now,
                 boolean platformOrigin) throws SQLException {
        return file(c, tenant, caller, request, id, now, platformOrigin, false).row();
    }

    /**
     * A case just filed and what its answer is built from, all known to the create (nothing is read
     * back): the row, its log, its SLA, and — when asked for — its people's names and files, read
     * before the code was taken.
     */
    record Filed(CaseRow row, List<EventRow> events, CaseSlaWork.Fresh sla, Map<UUID, String> names,
                 List<CaseStore.AttachmentRow> attachments) {

        CaseView view(CaseViews views, TenantContext tenant, Caller caller, List<Locale> languages) {
            CaseSlaWork work = views.slaWork();
            return views.build(tenant, row, caller, languages, asAgent(caller, row), new CaseViews.Parts(events,
                    work.viewOf(tenant, sla.outcome(), languages), names, attachments, List.of()));
        }
    }

    /**
     * The create's statements, in an order that keeps locks short: routing picks an agent with
     * {@code SKIP LOCKED} (nobody waits on it), the SLA is computed from the log just written and the
     * suspension periods read once, the view's names and files are read next, and only then the code's
     * counter is taken — so it stays locked for the case row's insert and the commit alone.
     */
    Filed file(Connection c, TenantContext tenant, Caller caller, NewCase request, UUID id, Instant now,
               boolean platformOrigin, boolean forView) throws SQLException {
        CaseRow row = newRow(c, tenant, caller, request, id, now, platformOrigin);
        List<CaseRequests.AttachmentRef> attachments = request.attachments() == null ? List.of() : request.attachments();
        for (CaseRequests.AttachmentRef a : attachments) {
            store.linkAttachment(c, UUID.fromString(a.id()), id, a.slot());
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("origin", row.origin());
        if (!row.requesterId().equals(row.registeredById())) {
            data.put("onBehalfOf", row.requesterId().toString());
        }
        if (!attachments.isEmpty()) {
            data.put("attachments", attachments.stream().map(CaseRequests.AttachmentRef::id).toList());
        }
        CaseActor actor = new CaseActor(caller.personId(), caller.agent() ? "agent" : "requester");
        List<EventRow> events = new ArrayList<>();
        // The log and the outbox rows are collected and written in one statement before the code is taken.
        PendingLog pending = new PendingLog();
        EventRow created = new EventRow(id, 1, now, actor.personId(), actor.kind(), "created", true,
                null, Map.of("state", Map.of("to", row.state())), data);
        pending.event(created);
        events.add(created);
        recorder.emit(c, tenant, row, "caseCreated", 1, now, pending);
        // Assignment at once, in the same transaction: no five-minute sweep.
        Set<String> requesterGroups = row.requesterId().equals(caller.personId()) ? caller.audiences()
                : store.audiences(c, row.requesterId());
        CaseRow assigned = recorder.routeNew(c, tenant, row, requesterGroups, now, events, pending);
        CaseSlaWork.Fresh sla = slaWork.refresh(c, tenant, assigned, events, suspensions(c, tenant), false, now);
        batchWrites.writePending(c, tenant.id(), pending);
        Map<UUID, String> names = forView ? people.names(c, tenant, CaseViews.people(assigned, events)) : Map.of();
        List<CaseStore.AttachmentRow> files = forView && !attachments.isEmpty() ? store.attachments(c, id) : List.of();
        // Last: the tenant's counter row stays locked only for the case row's insert and the commit.
        CaseCodes.Issued code = codes.next(c, tenant, now);
        CaseRow filed = assigned.withCode(code.code(), code.year(), code.sequence());
        store.insertCase(c, tenant.id(), filed, sla.columns());
        recorder.filed(tenant, filed);
        return new Filed(filed, List.copyOf(events), sla, names, files);
    }

    /**
     * The suspension periods a case filed now can overlap. Every closed period ended before now, so for
     * a new case only an open one counts, and there is one only while the entity is suspended: no read
     * otherwise. Should a suspension begin before this replica's registry has seen it, the full
     * recompute the registry's change starts (CaseSweeps#sla) gives this case its paused due dates.
     */
    private List<co.mesa.sla.SlaClock.Span> suspensions(Connection c, TenantContext tenant) throws SQLException {
        return registry.isSuspended(tenant.slug()) ? co.mesa.sla.CaseSla.suspensions(c) : List.of();
    }

    /** A case as the caller may see it; absent when it does not exist here or is not theirs to see. */
    public Optional<CaseView> get(TenantContext tenant, Authentication auth, UUID id, List<Locale> languages) {
        return tx.write(tenant.id(), c -> {
            Caller caller = Caller.of(people.caller(c, tenant, auth), auth.getName(), tenant.config());
            Optional<CaseRow> row = store.find(c, id, false).filter(r -> maySee(caller, r));
            return row.isEmpty() ? Optional.empty() : Optional.of(views.view(c, tenant, row.get(), caller, languages));
        });
    }

    /** A case's record as PDF: its code and bytes. */
    public record RecordFile(String code, byte[] pdf) {
    }

    /**
     * The case's record as PDF for the caller, in {@code language}: the agents of the case may ask for
     * the internal record (everything) or the requester's (what the portal shows the requester); anyone
     * else who may see the case gets what the portal shows them. Empty when the case is not theirs to
     * see; 403 when a non-agent asks for the internal record.
     */
    public Optional<RecordFile> record(TenantContext tenant, Authentication auth, UUID id, boolean internal,
                                       Locale language) {
        return tx.write(tenant.id(), c -> {
            Caller caller = Caller.of(people.caller(c, tenant, auth), auth.getName(), tenant.config());
            Optional<CaseRow> found = store.find(c, id, false).filter(r -> maySee(caller, r));
            if (found.isEmpty()) {
                return Optional.empty();
            }
            CaseRow row = found.get();
            boolean agent = asAgent(caller, row);
            if (internal && !agent) {
                throw CaseProblems.forbidden("problem.case.record-internal.detail");
            }
            UUID reader = agent ? row.requesterId() : caller.personId();
            return Optional.of(new RecordFile(row.code(), records.render(c, tenant, row, language, internal, reader)));
        });
    }

    public Optional<CaseView> byCode(TenantContext tenant, Authentication auth, String code, List<Locale> languages) {
        return tx.write(tenant.id(), c -> {
            Caller caller = Caller.of(people.caller(c, tenant, auth), auth.getName(), tenant.config());
            Optional<CaseRow> row = store.findByCode(c, code.trim()).filter(r -> maySee(caller, r));
            return row.isEmpty() ? Optional.empty() : Optional.of(views.view(c, tenant, row.get(), caller, languages));
        });
    }

    /**
     * Read scope inside a tenant: an agent or supervisor sees the cases of the groups they belong to
     * and those assigned to them (a vendor's agents, being only in their group, see nothing else);
     * anyone sees the cases filed by or for them and those they are informed of.
     */
    static boolean maySee(Caller caller, CaseRow row) {
        return asAgent(caller, row) || CaseViews.isRequester(caller, row) || row.informed().stream()
                .anyMatch(i -> caller.personId().toString().equals(String.valueOf(i.get("personId"))));
    }

    /** Whether the caller works this case: an agent of its group, a supervisor of its group, or its assignee. */
    static boolean asAgent(Caller caller, CaseRow row) {
        return caller.agent() && (caller.personId().equals(row.assignedAgentId())
                || (row.assignedGroup() != null && caller.caseGroups().contains(row.assignedGroup())));
    }

    private String write(CaseView view) {
        try {
            return json.writeValueAsString(view);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a case view", e);
        }
    }

    // ---- validation ------------------------------------------------------------------------------

    private CaseRow newRow(Connection c, TenantContext tenant, Caller caller, NewCase r, UUID id, Instant now,
                           boolean platformOrigin) throws SQLException {
        TenantConfig config = tenant.config();
        List<ParamError> errors = new ArrayList<>();
        String origin = r.origin() == null ? "api" : r.origin();
        if (!ORIGINS.contains(origin)) {
            errors.add(new ParamError("origin", "case.param.origin.unknown", origin));
        } else if (!caller.agent() && !platformOrigin && !REQUESTER_ORIGINS.contains(origin)) {
            errors.add(new ParamError("origin", "case.param.origin.agents-only", origin));
        }
        String title = r.title() == null ? "" : r.title().strip();
        if (title.isEmpty()) {
            errors.add(new ParamError("title", "case.param.required"));
        } else if (title.length() > TITLE_MAX) {
            errors.add(new ParamError("title", "case.param.too-long", TITLE_MAX));
        }
        String description = r.description() == null ? "" : r.description().strip();
        if (description.isEmpty()) {
            errors.add(new ParamError("description", "case.param.required"));
        } else if (description.length() > DESCRIPTION_MAX) {
            errors.add(new ParamError("description", "case.param.too-long", DESCRIPTION_MAX));
        }
        controls("title", title, errors);
        controls("description", description, errors);

        TenantConfig.ServiceLine line = null;
        TenantConfig.Service service = null;
        if (r.service() == null || r.service().isBlank()) {
            errors.add(new ParamError("service", "case.param.required"));
        } else {
            line = config.catalog().lineOf(r.service()).orElse(null);
            service = config.catalog().service(r.service()).orElse(null);
            if (service == null) {
                errors.add(new ParamError("service", "case.param.unknown", r.service()));
            } else if (config.catalog().retired(r.service())) {
                errors.add(new ParamError("service", "case.param.retired", r.service()));
            }
        }
        TenantConfig.Template template = null;
        String category = r.category();
        String caseType = r.caseType();
        if (service != null && r.template() != null) {
            template = service.templates().stream().filter(t -> t.key().equals(r.template())).findFirst().orElse(null);
            if (template == null) {
                errors.add(new ParamError("template", "case.param.unknown", r.template()));
            } else if (template.isRetired()) {
                errors.add(new ParamError("template", "case.param.retired", r.template()));
            } else {
                if (!template.unrestricted() && template.audiences().stream().noneMatch(caller.audiences()::contains)) {
                    throw CaseProblems.forbidden("problem.case.template-audience.detail",
                            template.key());
                }
                category = category == null ? template.category() : category;
                caseType = caseType == null ? template.caseType() : caseType;
            }
        }
        if (service != null && category != null) {
            String cat = category;
            var known = service.categories().stream().filter(x -> x.key().equals(cat)).findFirst();
            if (known.isEmpty()) {
                errors.add(new ParamError("category", "case.param.unknown", category));
            } else if (known.get().isRetired() && !cat.equals(template == null ? null : template.category())) {
                // A template's own category keeps working while the template is offered: retiring a
                // category stops agents and callers choosing it, not the templates still filed under it.
                errors.add(new ParamError("category", "case.param.retired", category));
            }
        }
        if (caseType == null) {
            errors.add(new ParamError("caseType", "case.param.required"));
        } else {
            String type = caseType;
            var known = config.workflow().caseTypes().stream().filter(t -> t.key().equals(type)).findFirst();
            if (known.isPresent() && !known.get().offeredForNewCases()) {
                // No longer offered (problema, cambio once they are record kinds): old cases of the type stay.
                errors.add(new ParamError("caseType", "case.param.retired", caseType));
            } else if (known.isEmpty()) {
                errors.add(new ParamError("caseType", "case.param.unknown", caseType));
            }
        }
        if (r.site() != null && config.sites().sites().stream().flatMap(TenantConfig.Site::selfAndDescendants)
                .noneMatch(s -> s.key().equals(r.site()))) {
            errors.add(new ParamError("site", "case.param.unknown", r.site()));
        }
        String priority = priority(config, caller.agent(), r.impact(), r.urgency(), r.priority(), errors);
        Map<String, Object> fields = fields(template, r.fields(), errors);
        Map<String, String> contact = contact(r.contact(), errors);

        UUID requester = caller.personId();
        if (r.requesterId() != null) {
            Optional<UUID> other = uuid(r.requesterId());
            if (!caller.agent() && !r.requesterId().equals(caller.personId().toString())) {
                throw CaseProblems.forbidden("problem.case.on-behalf-agents-only.detail");
            }
            if (other.isEmpty() || store.roles(c, other.get()).isEmpty()) {
                errors.add(new ParamError("requesterId", "case.param.person.unknown", r.requesterId()));
            } else {
                requester = other.get();
            }
        }
        List<Map<String, Object>> informed = new ArrayList<>();
        List<CaseRequests.Informed> asked = r.informed() == null ? List.of() : r.informed();
        for (int i = 0; i < asked.size(); i++) {
            CaseRequests.Informed inf = asked.get(i);
            Optional<UUID> p = inf == null ? Optional.empty() : uuid(inf.personId());
            if (p.isEmpty() || store.roles(c, p.get()).isEmpty()) {
                errors.add(new ParamError("informed/" + i + "/personId", "case.param.person.unknown",
                        inf == null ? "" : inf.personId()));
            } else {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("personId", p.get().toString());
                m.put("creation", inf.creation());
                m.put("actions", inf.actions());
                m.put("resolution", inf.resolution());
                m.put("closure", inf.closure());
                informed.add(m);
            }
        }
        attachments(c, caller, template, r.attachments(), errors);
        if (!errors.isEmpty()) {
            throw CaseProblems.invalid(errors);
        }
        WorkflowEngine.Position start = WorkflowEngine.of(config).initial();
        return new CaseRow(id, "", 0, 0, caseType, origin, line.key(), service.key(), category,
                template == null ? null : template.key(), r.site(), title, description, r.impact(), r.urgency(), priority,
                requester, caller.personId(), contact, fields, informed, start.state(), start.substate(), null, null,
                null, null, null, now, now, 1);
    }

    /**
     * The priority a case gets: the level an agent names, else the matrix's cell for impact and urgency,
     * else the tenant's default. Unknown keys go to {@code errors}. Shared by filing and "changePriority".
     */
    static String priority(TenantConfig config, boolean agent, @Nullable String impact, @Nullable String urgency,
                           @Nullable String priority, List<ParamError> errors) {
        TenantConfig.Priorities p = config.priorities();
        if (impact != null && p.impacts().stream().noneMatch(a -> a.key().equals(impact))) {
            errors.add(new ParamError("impact", "case.param.unknown", impact));
        }
        if (urgency != null && p.urgencies().stream().noneMatch(a -> a.key().equals(urgency))) {
            errors.add(new ParamError("urgency", "case.param.unknown", urgency));
        }
        if (priority != null) {
            if (!agent) {
                errors.add(new ParamError("priority", "case.param.priority.agents-only"));
            } else if (p.levels().stream().noneMatch(l -> l.key().equals(priority))) {
                errors.add(new ParamError("priority", "case.param.unknown", priority));
            }
            return priority;
        }
        if (impact != null && urgency != null) {
            Optional<String> cell = p.matrix().stream()
                    .filter(x -> x.impact().equals(impact) && x.urgency().equals(urgency))
                    .map(TenantConfig.Cell::priority).findFirst();
            if (cell.isPresent()) {
                return cell.get();
            }
        }
        return config.tenant().defaultPriority();
    }

    /** A template's fields: required ones present, each value of its type, no field the template lacks. */
    private static Map<String, Object> fields(@Nullable TenantConfig.Template template, @Nullable Map<String, Object> given,
                                              List<ParamError> errors) {
        Map<String, Object> values = given == null ? Map.of() : given;
        Map<String, Object> out = new LinkedHashMap<>();
        List<TenantConfig.Field> declared = template == null ? List.of() : template.fields();
        for (String key : values.keySet()) {
            if (declared.stream().noneMatch(f -> f.key().equals(key))) {
                errors.add(new ParamError("fields/" + key, "case.param.field.unknown", key));
            }
        }
        for (TenantConfig.Field f : declared) {
            Object v = values.get(f.key());
            boolean blank = v == null || (v instanceof String s && s.isBlank()) || (v instanceof List<?> l && l.isEmpty());
            if (blank) {
                if (f.required()) {
                    errors.add(new ParamError("fields/" + f.key(), "case.param.required"));
                }
                continue;
            }
            Optional<String> problem = FieldValues.check(f, v);
            if (problem.isPresent()) {
                errors.add(new ParamError("fields/" + f.key(), problem.get(), String.valueOf(v)));
            } else {
                out.put(f.key(), v);
            }
        }
        return out;
    }

    private static Map<String, String> contact(@Nullable Map<String, String> given, List<ParamError> errors) {
        Map<String, String> out = new LinkedHashMap<>();
        if (given == null) {
            return out;
        }
        for (Map.Entry<String, String> e : given.entrySet()) {
            if (!Set.of("phone", "extension", "email", "teams", "preferredChannel", "availability").contains(e.getKey())) {
                errors.add(new ParamError("contact/" + e.getKey(), "case.param.contact.unknown", e.getKey()));
            } else if (e.getValue() != null && e.getValue().length() > 200) {
                errors.add(new ParamError("contact/" + e.getKey(), "case.param.too-long", 200));
            } else if (e.getValue() != null && !e.getValue().isBlank()) {
                String value = e.getValue().strip();
                controls("contact/" + e.getKey(), value, errors);
                if ("email".equals(e.getKey()) && !EMAIL.matcher(value).matches()) {
                    errors.add(new ParamError("contact/email", "case.param.contact.email", value));
                } else if ("phone".equals(e.getKey()) && !phone(value)) {
                    errors.add(new ParamError("contact/phone", "case.param.contact.phone", value));
                } else if ("extension".equals(e.getKey()) && !value.matches("[0-9]{1,8}")) {
                    errors.add(new ParamError("contact/extension", "case.param.contact.extension", value));
                }
                out.put(e.getKey(), value);
            }
        }
        return out;
    }

    /** One address, local@domain.tld, without spaces, angle brackets or a display name. */
    static final java.util.regex.Pattern EMAIL = java.util.regex.Pattern.compile(
            "[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");

    /** A phone number as people write it in Colombia: digits with spaces, dashes, dots or brackets, 7 to 15 digits. */
    static boolean phone(String value) {
        if (!value.matches("\\+?[0-9 ()./-]{7,25}")) {
            return false;
        }
        long digits = value.chars().filter(Character::isDigit).count();
        return digits >= 7 && digits <= 15;
    }

    /** Text with a control character nobody types (U+0000 and the like, which PostgreSQL refuses) is a 422. */
    static void controls(String name, @Nullable String text, List<ParamError> errors) {
        co.mesa.shared.Text.forbiddenControl(text).ifPresent(ch -> errors.add(new ParamError(name, "input.param.control",
                co.mesa.shared.Text.codePoint(ch))));
    }

    /** Attachments must be the caller's own unlinked uploads; the template's required slots must be filled. */
    private void attachments(Connection c, Caller caller, @Nullable TenantConfig.Template template,
                             @Nullable List<CaseRequests.AttachmentRef> refs, List<ParamError> errors) throws SQLException {
        List<CaseRequests.AttachmentRef> given = refs == null ? List.of() : refs;
        Map<String, Integer> slots = new HashMap<>();
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < given.size(); i++) {
            CaseRequests.AttachmentRef a = given.get(i);
            Optional<UUID> id = a == null ? Optional.empty() : uuid(a.id());
            if (id.isPresent() && !seen.add(id.get())) {
                // The same file twice would be linked twice in one statement: say so instead.
                errors.add(new ParamError("attachments/" + i + "/id", "case.param.attachment.repeated", a.id()));
                continue;
            }
            Optional<CaseStore.AttachmentRow> row = id.isEmpty() ? Optional.empty() : store.attachment(c, id.get(), true);
            if (row.isEmpty() || row.get().caseId() != null || !row.get().uploadedBy().equals(caller.personId())) {
                errors.add(new ParamError("attachments/" + i + "/id", "case.param.attachment.unknown",
                        a == null ? "" : a.id()));
                continue;
            }
            if (a.slot() != null) {
                Optional<TenantConfig.Attachment> slot = template == null ? Optional.empty()
                        : template.attachments().stream().filter(s -> s.key().equals(a.slot())).findFirst();
                if (slot.isEmpty()) {
                    errors.add(new ParamError("attachments/" + i + "/slot", "case.param.unknown", a.slot()));
                } else if (!slot.get().accept().isEmpty() && !AttachmentService.accepts(slot.get().accept(),
                        row.get().mediaType())) {
                    errors.add(new ParamError("attachments/" + i + "/slot", "case.param.attachment.slot-type",
                            row.get().mediaType(), String.join(", ", slot.get().accept())));
                } else {
                    slots.merge(a.slot(), 1, Integer::sum);
                }
            }
        }
        if (template != null) {
            for (TenantConfig.Attachment slot : template.attachments()) {
                if (slot.required() && !slots.containsKey(slot.key())) {
                    errors.add(new ParamError("attachments", "case.param.attachment.required",
                            slot.label().resolve(Locale.forLanguageTag("es-CO"))));
                }
            }
        }
    }

    /** A case or attachment id from a path or form value; empty when it is not a UUID. */
    public static Optional<UUID> uuid(@Nullable String s) {
        if (s == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(s));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Facts SLA rules are chosen by. */
    static CaseFacts facts(CaseRow row) {
        return new CaseFacts(row.serviceLine(), row.service(), row.category(), row.caseType(), row.site(), row.priority());
    }

    /** Facts routing rules are chosen by: the case's and the requester's groups. */
    static CaseFacts facts(CaseRow row, Set<String> requesterGroups) {
        return new CaseFacts(row.serviceLine(), row.service(), row.category(), row.caseType(), row.site(), row.priority(),
                requesterGroups);
    }
}
