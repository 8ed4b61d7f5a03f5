package co.mesa.ticket;

import co.mesa.shared.Messages;
import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.I18n;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.ticket.internal.CaseRow;
import co.mesa.ticket.internal.CaseStore;
import co.mesa.ticket.internal.EventRow;
import co.mesa.workflow.WorkflowEngine;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/** Builds the API's view of a case from its row and events, in the caller's language and for the caller's side. */
@Singleton
class CaseViews {

    private final CaseStore store;
    private final Messages messages;
    private final CaseSlaWork slaWork;

    CaseViews(CaseStore store, Messages messages, CaseSlaWork slaWork) {
        this.store = store;
        this.messages = messages;
        this.slaWork = slaWork;
    }

    CaseSlaWork slaWork() {
        return slaWork;
    }

    CaseView view(Connection c, TenantContext tenant, CaseRow row, Caller caller, List<Locale> languages)
            throws SQLException {
        return view(c, tenant, row, caller, languages, CaseService.asAgent(caller, row));
    }

    /** The case as one side sees it: the agents' (everything) or the requester side's (published and own events). */
    CaseView view(Connection c, TenantContext tenant, CaseRow row, Caller caller, List<Locale> languages,
                  boolean agentView) throws SQLException {
        List<EventRow> all = store.events(c, row.id(), 0);
        String frozen = row.closedAt() == null ? null : store.frozenSla(c, row.id()).orElse(null);
        SlaView sla = slaWork.read(c, tenant, row, frozen, all, languages, java.time.Instant.now());
        Map<UUID, String> names = store.names(c, people(row, all));
        return build(tenant, row, caller, languages, agentView, new Parts(all, sla, names, store.attachments(c, row.id()),
                store.links(c, row.id())));
    }

    /** What a view is made of besides the row: the log, the SLA, the people's names, the files and the links. */
    record Parts(List<EventRow> events, @Nullable SlaView sla, Map<UUID, String> names,
                 List<CaseStore.AttachmentRow> attachments, List<CaseStore.LinkRow> links) {
    }

    /** Everyone a view of the case names: requester, registrar, assignee, the events' actors, the informed. */
    static Set<UUID> people(CaseRow row, List<EventRow> events) {
        Set<UUID> people = new HashSet<>();
        people.add(row.requesterId());
        people.add(row.registeredById());
        if (row.assignedAgentId() != null) {
            people.add(row.assignedAgentId());
        }
        events.stream().map(EventRow::actorId).filter(Objects::nonNull).forEach(people::add);
        row.informed().forEach(i -> people.add(UUID.fromString(String.valueOf(i.get("personId")))));
        return people;
    }

    /**
     * The view from parts the caller already holds: a create builds its answer from what it wrote
     * instead of reading the brand-new case back (no query here).
     */
    CaseView build(TenantContext tenant, CaseRow row, Caller caller, List<Locale> languages, boolean agentView,
                   Parts parts) {
        TenantConfig config = tenant.config();
        WorkflowEngine engine = WorkflowEngine.of(config);
        List<EventRow> all = parts.events();
        List<EventRow> events = all.stream().filter(e -> agentView || visibleToRequester(e, caller)).toList();
        SlaView sla = parts.sla();
        Map<UUID, String> names = parts.names();

        TenantConfig.Service service = config.catalog().services().filter(s -> s.key().equals(row.service()))
                .findFirst().orElse(null);
        WorkflowEngine.Position at = new WorkflowEngine.Position(row.state(), row.substate());
        TenantConfig.State state = engine.stateOf(row.state());

        List<CaseView.ActionOption> actions = engine.actions(at).stream()
                .filter(a -> ActionKind.of(a.kind()).map(k -> mayTake(k, caller, row)).orElse(false))
                .filter(a -> !(a.kind().equals(ActionKind.FIRST_RESPONSE.key()) && row.firstResponseAt() != null))
                .map(a -> new CaseView.ActionOption(a.kind(), a.name().resolve(languages),
                        a.requiresNote(),
                        a.noteLabel() == null ? null : a.noteLabel().resolve(languages)))
                .toList();
        List<CaseView.TransitionOption> transitions = !agentView || engine.action(at, ActionKind.STATE_CHANGE.key()).isEmpty()
                ? List.of()
                : engine.available(at, WorkflowEngine.Actor.AGENT).stream()
                .map(t -> new CaseView.TransitionOption(t.key(), t.name().resolve(languages), t.to(), t.requiresNote(),
                        t.noteLabel() == null ? null : t.noteLabel().resolve(languages)))
                .toList();

        List<CaseView.EventView> eventViews = new ArrayList<>();
        for (EventRow e : events) {
            String label = eventLabel(config, messages, e.kind(), languages);
            eventViews.add(new CaseView.EventView(e.version(), e.at(), e.actorId() == null ? null
                    : person(e.actorId(), names), e.actorKind(), e.kind(), label, e.published(), e.note(),
                    agentView ? e.changes() : publicChanges(e.changes()), agentView ? e.data() : Map.of()));
        }
        // Files attached to an event the caller may not see (an internal note) are not theirs to see either.
        Set<String> hidden = agentView ? Set.of() : attachedTo(all.stream().filter(e -> !visibleToRequester(e, caller)).toList());
        List<CaseView.AttachmentView> attachments = parts.attachments().stream()
                .filter(a -> !hidden.contains(a.id().toString()))
                .map(a -> new CaseView.AttachmentView(a.id().toString(), a.fileName(), a.mediaType(), a.sizeBytes(),
                        a.slot(), a.uploadedAt()))
                .toList();
        List<CaseView.LinkView> links = parts.links().stream()
                .map(l -> new CaseView.LinkView(l.relatedId().toString(), l.code(), l.relation())).toList();

        return new CaseView(row.id().toString(), row.code(), row.version(),
                ref(row.caseType(), config.workflow().caseTypes().stream().filter(t -> t.key().equals(row.caseType()))
                        .map(TenantConfig.CaseType::name).findFirst().orElse(null), languages),
                row.origin(),
                ref(row.serviceLine(), config.catalog().serviceLines().stream().filter(l -> l.key().equals(row.serviceLine()))
                        .map(TenantConfig.ServiceLine::name).findFirst().orElse(null), languages),
                service(config, row, languages), category(config, row, languages),
                row.template() == null ? null : ref(row.template(), service == null ? null : service.templates().stream()
                        .filter(x -> x.key().equals(row.template())).map(TenantConfig.Template::name).findFirst()
                        .orElse(null), languages),
                row.site() == null ? null : ref(row.site(), config.sites().sites().stream()
                        .flatMap(TenantConfig.Site::selfAndDescendants).filter(s -> s.key().equals(row.site()))
                        .map(TenantConfig.Site::name).findFirst().orElse(null), languages),
                row.title(), row.description(),
                row.impact() == null ? null : ref(row.impact(), config.priorities().impacts().stream()
                        .filter(x -> x.key().equals(row.impact())).map(TenantConfig.Axis::name).findFirst().orElse(null), languages),
                row.urgency() == null ? null : ref(row.urgency(), config.priorities().urgencies().stream()
                        .filter(x -> x.key().equals(row.urgency())).map(TenantConfig.Axis::name).findFirst().orElse(null), languages),
                priority(config, row, languages),
                person(row.requesterId(), names), person(row.registeredById(), names),
                row.contact(), row.fields(),
                row.informed().stream().map(i -> new CaseView.InformedView(
                        person(UUID.fromString(String.valueOf(i.get("personId"))), names),
                        Boolean.TRUE.equals(i.get("creation")), Boolean.TRUE.equals(i.get("actions")),
                        Boolean.TRUE.equals(i.get("resolution")), Boolean.TRUE.equals(i.get("closure")))).toList(),
                new CaseView.StateView(state.key(), state.name().resolve(languages), state.phase().name(),
                        engine.clockStopped(at)),
                substate(config, row, languages), group(config, row, languages),
                row.assignedAgentId() == null ? null : person(row.assignedAgentId(), names),
                row.firstResponseAt(), row.resolvedAt(), row.closedAt(), row.createdAt(), row.updatedAt(),
                eventViews, attachments, links, actions, transitions, sla, agentView ? major(all, names) : null);
    }

    /** The case's major mark as its log last left it (issue 20); null when never marked or unmarked since. */
    @Nullable
    static CaseView.MajorView major(List<EventRow> events, Map<UUID, String> names) {
        CaseView.MajorView out = null;
        for (EventRow e : events) {
            if ("majorMarked".equals(e.kind())) {
                out = new CaseView.MajorView(e.at(), e.note() == null ? "" : e.note(),
                        e.actorId() == null ? null : person(e.actorId(), names));
            } else if ("majorUnmarked".equals(e.kind())) {
                out = null;
            }
        }
        return out;
    }

    // The names the tenant's data gives a case's keyed fields, in the given languages (a key the data
    // no longer has shows itself): the case view and the record PDF (CaseRecordPdf) read them here.

    static CaseView.Ref state(TenantConfig config, CaseRow row, List<Locale> languages) {
        return ref(row.state(), config.workflow().states().stream().filter(s -> s.key().equals(row.state()))
                .map(TenantConfig.State::name).findFirst().orElse(null), languages);
    }

    @Nullable
    static CaseView.Ref substate(TenantConfig config, CaseRow row, List<Locale> languages) {
        return row.substate() == null ? null : ref(row.substate(), config.workflow().substates().stream()
                .filter(s -> s.key().equals(row.substate())).map(TenantConfig.Substate::name).findFirst()
                .orElse(null), languages);
    }

    static CaseView.Ref service(TenantConfig config, CaseRow row, List<Locale> languages) {
        return ref(row.service(), config.catalog().service(row.service()).map(TenantConfig.Service::name).orElse(null),
                languages);
    }

    @Nullable
    static CaseView.Ref category(TenantConfig config, CaseRow row, List<Locale> languages) {
        return row.category() == null ? null : ref(row.category(), config.catalog().service(row.service())
                .flatMap(s -> s.categories().stream().filter(x -> x.key().equals(row.category())).findFirst())
                .map(TenantConfig.Category::name).orElse(null), languages);
    }

    static CaseView.Ref priority(TenantConfig config, CaseRow row, List<Locale> languages) {
        return ref(row.priority(), config.priorities().levels().stream().filter(x -> x.key().equals(row.priority()))
                .map(TenantConfig.Level::name).findFirst().orElse(null), languages);
    }

    @Nullable
    static CaseView.Ref group(TenantConfig config, CaseRow row, List<Locale> languages) {
        return row.assignedGroup() == null ? null : ref(row.assignedGroup(), config.groups().groups().stream()
                .filter(g -> g.key().equals(row.assignedGroup())).map(TenantConfig.Group::name).findFirst()
                .orElse(null), languages);
    }

    /** A history entry's kind in words: the tenant's name for its action, else the platform's. */
    static String eventLabel(TenantConfig config, Messages messages, String kind, List<Locale> languages) {
        // The requester's answer is what it is in the history, not the name of the portal's button ("Responder").
        if (ActionKind.ANSWER.key().equals(kind)) {
            return messages.get(messages.pick(languages), "case.event.answer");
        }
        return config.workflow().action(kind).map(a -> a.name().resolve(languages))
                .orElseGet(() -> messages.get(messages.pick(languages), "case.event." + kind));
    }

    /** The ids of the files the events carry ({@code data.attachments}: the case's filing and actions with files). */
    static Set<String> attachedTo(List<EventRow> events) {
        Set<String> ids = new HashSet<>();
        for (EventRow e : events) {
            if (e.data() != null && e.data().get("attachments") instanceof List<?> list) {
                list.forEach(x -> ids.add(String.valueOf(x)));
            }
        }
        return ids;
    }

    /** What the requester side sees: published events, and everything they did themselves. */
    static boolean visibleToRequester(EventRow e, Caller caller) {
        return e.published() || caller.personId().equals(e.actorId());
    }

    /** Whether this caller is on the side the action belongs to for this case. */
    static boolean mayTake(ActionKind kind, Caller caller, CaseRow row) {
        return switch (kind.side()) {
            case AGENT -> CaseService.asAgent(caller, row);
            case REQUESTER -> isRequester(caller, row);
        };
    }

    static boolean isRequester(Caller caller, CaseRow row) {
        return caller.personId().equals(row.requesterId()) || caller.personId().equals(row.registeredById());
    }

    /** The requester side sees state moves, not assignments to named people. */
    private static Map<String, Object> publicChanges(Map<String, Object> changes) {
        Map<String, Object> out = new LinkedHashMap<>();
        Stream.of("state", "substate").filter(changes::containsKey).forEach(k -> out.put(k, changes.get(k)));
        return out;
    }

    private static CaseView.Ref ref(String key, I18n name, List<Locale> languages) {
        return new CaseView.Ref(key, name == null ? key : name.resolve(languages));
    }

    private static CaseView.PersonRef person(UUID id, Map<UUID, String> names) {
        return new CaseView.PersonRef(id.toString(), names.getOrDefault(id, ""));
    }
}
