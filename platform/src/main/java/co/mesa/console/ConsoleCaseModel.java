package co.mesa.console;

import co.mesa.identity.PeopleService;
import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.ticket.ActionKind;
import co.mesa.ticket.CaseView;
import co.mesa.ticket.FilledFields;
import co.mesa.web.page.PageShell;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static co.mesa.console.ConsolePages.TABS;

/** The case page's model: the case, its tabs, its history by section, SLA targets in words, the action forms. */
@Singleton
class ConsoleCaseModel {

    private final ConsoleAgents agents;
    private final PeopleService people;
    private final ConsoleActionForms forms;
    private final co.mesa.ticket.CaseSurveys surveys;
    private final co.mesa.shared.Clocks clocks;
    private final co.mesa.ticket.AutoCloseTime autoClose;

    ConsoleCaseModel(ConsoleAgents agents, PeopleService people, ConsoleActionForms forms,
                     co.mesa.ticket.CaseSurveys surveys, co.mesa.shared.Clocks clocks,
                     co.mesa.ticket.AutoCloseTime autoClose) {
        this.clocks = clocks;
        this.autoClose = autoClose;
        this.agents = agents;
        this.people = people;
        this.forms = forms;
        this.surveys = surveys;
    }

    /** One of the case page's tabs. */
    record Tab(String key, String label, boolean current, String shortcut, String href) {
    }

    /** The case page's model: the view, the tab's sections and every action form. */
    Map<String, Object> of(TenantContext tenant, PageShell.Page page, CaseView v, String tab) {
        TenantConfig config = tenant.config();
        Map<String, Object> m = new HashMap<>();
        m.put("case", v);
        m.put("tab", tab);
        m.put("nav", "case");
        List<Tab> tabs = new ArrayList<>();
        for (int i = 0; i < TABS.size(); i++) {
            tabs.add(new Tab(TABS.get(i), page.t("console.tab." + TABS.get(i)), TABS.get(i).equals(tab),
                    String.valueOf(i + 1), "/consola/casos/" + v.id() + "?pestana=" + TABS.get(i)));
        }
        m.put("tabs", tabs);
        m.put("tabLabel", page.t("console.tab." + tab));
        m.putAll(knownErrors.of(tenant, page, v));
        m.put("is" + Character.toUpperCase(tab.charAt(0)) + tab.substring(1), true);
        m.put("origin", page.t("console.origin." + v.origin()));
        // The SLA's calendar by its name in the page's language, never its key (issue 20).
        if (v.sla() != null && v.sla().calendar() != null) {
            m.put("slaCalendar", config.calendars().find(v.sla().calendar()).map(cal -> page.label(cal.name()))
                    .orElse(v.sla().calendar()));
        }
        List<Map<String, Object>> events = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        agents.all(tenant).forEach(a -> names.put(a.id(), a.name()));
        Map<String, CaseView.AttachmentView> files = new HashMap<>();
        v.attachments().forEach(a -> files.put(a.id(), a));
        for (CaseView.EventView e : v.events()) {
            Map<String, Object> shown = event(config, page, e, names);
            // The files the action carried, with their download links.
            List<Map<String, Object>> carried = new ArrayList<>();
            if (e.data().get("attachments") instanceof List<?> ids) {
                for (Object x : ids) {
                    CaseView.AttachmentView a = files.get(String.valueOf(x));
                    if (a != null) {
                        carried.add(Map.of("fileName", a.fileName(),
                                "href", "/api/v1/cases/" + v.id() + "/attachments/" + a.id()));
                    }
                }
            }
            shown.put("files", carried);
            events.add(shown);
        }
        m.put("events", events);
        // The history's sections, as the case feature files each event kind.
        m.put("questions", inSection(events, ActionKind.Section.QUESTIONS));
        m.put("notes", inSection(events, ActionKind.Section.NOTES));
        m.put("escalations", inSection(events, ActionKind.Section.ESCALATIONS));
        m.put("closure", inSection(events, ActionKind.Section.CLOSURE));
        Map<String, Object> solution = null;
        for (Map<String, Object> e : events) {
            if ("signSolution".equals(e.get("kind")) || "firstLineSolution".equals(e.get("kind"))) {
                solution = e;
            }
        }
        m.put("solution", solution);
        // The SLA explained: its clock's spans, how the pauses moved the due dates; never "paused" once closed.
        java.time.Instant now = clocks.clock().instant();
        m.put("slaTimeline", co.mesa.web.page.SlaTimeline.of(page, v.sla(), v.closedAt(), now));
        m.put("slaPaused", v.sla() != null && v.sla().paused() && !v.sla().frozen() && v.closedAt() == null);
        m.put("autoClosesAt", autoClose.at(tenant, v.state().key(), v.resolvedAt(), v.closedAt()).orElse(null));
        // SLA targets in words.
        if (v.sla() != null) {
            m.put("slaResponse", target(page, v.sla().response()));
            m.put("slaResolution", target(page, v.sla().resolution()));
        }
        // Contact, template fields.
        List<Map<String, Object>> contact = new ArrayList<>();
        v.contact().forEach((k, val) -> contact.add(Map.of("label", page.t("console.contact." + k), "value", val)));
        m.put("contact", contact);
        m.put("fields", templateFields(tenant, config, page, v));
        m.put("links", v.links().stream().map(l -> Map.of("id", l.id(), "code", l.code(),
                "relation", page.t("console.link." + l.relation()))).toList());
        m.put("informed", v.informed());
        m.put("maxSizeMb", config.settings().attachments().maxSizeMb());
        m.put("attachments", v.attachments());
        m.put("forms", forms.of(tenant, page, v));
        m.put("hasForms", !v.availableActions().isEmpty());
        if ("cierre".equals(tab)) {
            m.put("survey", survey(tenant, page, v));
        }
        return m;
    }

    /** "Calificación" on the closure tab: the latest survey's answers, as the case's agents read them (issue 23). */
    @io.micronaut.core.annotation.Nullable
    private List<Map<String, Object>> survey(TenantContext tenant, PageShell.Page page, CaseView v) {
        try {
            return surveys.forCase(tenant, page.auth(), java.util.UUID.fromString(v.id()), page.languages())
                    .filter(s -> s.answeredAt() != null)
                    .map(s -> s.questions().stream().map(q -> {
                        Map<String, Object> a = new HashMap<>();
                        a.put("text", q.text());
                        a.put("answer", q.options().stream().filter(o -> o.value().equals(q.answer()))
                                .map(co.mesa.ticket.SurveyView.Option::label).findFirst().orElse(q.answer()));
                        return a;
                    }).toList()).orElse(null);
        } catch (co.mesa.shared.ProblemException e) {
            return null;
        }
    }

    private Map<String, Object> event(TenantConfig config, PageShell.Page page, CaseView.EventView e,
                                      Map<String, String> names) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", e.version());
        m.put("at", e.at());
        m.put("actor", e.actor() == null ? page.t("console.event.system") : e.actor().name());
        m.put("kind", e.kind());
        String label = e.label();
        Object transition = e.data().get("transition");
        if ("stateChange".equals(e.kind()) && transition != null) {
            // "Cambio de estado: Retener por otra causa".
            label = config.workflow().transitions().stream().filter(t -> t.key().equals(String.valueOf(transition)))
                    .map(t -> page.t("console.event.transition", e.label(), page.label(t.name()))).findFirst().orElse(label);
        }
        m.put("label", label);
        m.put("internal", !e.published());
        m.put("note", e.note());
        List<String> changes = new ArrayList<>();
        e.changes().forEach((field, value) -> {
            if (value instanceof Map<?, ?> fromTo) {
                changes.add(page.t("console.change", page.t("console.change." + field),
                        label(config, page, field, fromTo.get("from"), names),
                        label(config, page, field, fromTo.get("to"), names)));
            }
        });
        m.put("changes", changes);
        Object code = e.data().get("relatedCode");
        m.put("relatedCode", code);
        m.put("escalated", Boolean.TRUE.equals(e.data().get("escalated")));
        return m;
    }

    /** A changed value in the page's language: tenant labels for states, groups, categories; "—" for none. */
    private static String label(TenantConfig config, PageShell.Page page, String field, @Nullable Object value,
                                Map<String, String> names) {
        if (value == null) {
            return page.t("console.none");
        }
        String key = String.valueOf(value);
        return switch (field) {
            case "state" -> config.workflow().states().stream().filter(s -> s.key().equals(key))
                    .map(s -> page.label(s.name())).findFirst().orElse(key);
            case "substate" -> config.workflow().substates().stream().filter(s -> s.key().equals(key))
                    .map(s -> page.label(s.name())).findFirst().orElse(key);
            case "assignedGroup" -> config.groups().groups().stream().filter(g -> g.key().equals(key))
                    .map(g -> page.label(g.name())).findFirst().orElse(key);
            case "service" -> config.catalog().service(key).map(s -> page.label(s.name())).orElse(key);
            case "category" -> config.catalog().services().flatMap(s -> s.categories().stream())
                    .filter(c -> c.key().equals(key)).map(c -> page.label(c.name())).findFirst().orElse(key);
            case "assignedAgent" -> names.getOrDefault(key, page.t("console.change.person"));
            case "impact" -> config.priorities().impacts().stream().filter(x -> x.key().equals(key))
                    .map(x -> page.label(x.name())).findFirst().orElse(key);
            case "urgency" -> config.priorities().urgencies().stream().filter(x -> x.key().equals(key))
                    .map(x -> page.label(x.name())).findFirst().orElse(key);
            case "priority" -> config.priorities().levels().stream().filter(x -> x.key().equals(key))
                    .map(x -> page.label(x.name())).findFirst().orElse(key);
            default -> key;
        };
    }

    private static Map<String, Object> target(PageShell.Page page, @Nullable co.mesa.ticket.SlaView.TargetView t) {
        if (t == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", co.mesa.sla.TargetWords.of(page::platformMessage, t.target(), t.businessDays()));
        m.put("dueAt", t.dueAt());
        m.put("metAt", t.metAt());
        m.put("status", page.t("console.sla.status." + t.status()));
        m.put("breached", "BREACHED".equals(t.status()));
        m.put("remaining", t.remaining() == null ? null : duration(page, t.remaining()));
        return m;
    }

    static String duration(PageShell.Page page, String iso) {
        try {
            Duration d = Duration.parse(iso);
            boolean negative = d.isNegative();
            d = d.abs();
            long hours = d.toHours();
            long minutes = d.toMinutesPart();
            String text = page.t("console.duration", hours, minutes);
            return negative ? page.t("console.duration.over", text) : text;
        } catch (DateTimeParseException e) {
            return iso;
        }
    }

    /**
     * The template's fields as filled, as the portal shows them ({@link FilledFields}): labels and
     * options in the page's language, yes/no in words, people by name, never by id.
     */
    private List<Map<String, Object>> templateFields(TenantContext tenant, TenantConfig config, PageShell.Page page,
                                                     CaseView v) {
        Map<String, TenantConfig.Field> defs = FilledFields.definitions(config, v.service().key(),
                v.template() == null ? null : v.template().key());
        Map<UUID, String> names = people.names(tenant, FilledFields.personIds(defs, v.fields()));
        FilledFields.Words words = new FilledFields.Words(page.t("console.yes"), page.t("console.no"),
                page.t("console.person.unknown"));
        List<Map<String, Object>> out = new ArrayList<>();
        for (FilledFields.Shown f : FilledFields.shown(defs, v.fields(), page.languages(), names, words)) {
            out.add(Map.of("label", f.label(), "value", f.value()));
        }
        return out;
    }

    private static List<Map<String, Object>> inSection(List<Map<String, Object>> events, ActionKind.Section section) {
        return events.stream().filter(e -> ActionKind.Section.ofEvent(e.get("kind")).filter(section::equals).isPresent())
                .toList();
    }

    /** The case's problems part (issue 26), set by injection so the constructor stays as it was. */
    private ConsoleCaseKnownErrors knownErrors;

    @jakarta.inject.Inject
    void knownErrors(ConsoleCaseKnownErrors knownErrors) {
        this.knownErrors = knownErrors;
    }
}
