package co.mesa.console;

import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.ticket.ActionKind;
import co.mesa.ticket.CaseActions;
import co.mesa.ticket.CaseRecordPdf;
import co.mesa.ticket.CaseView;
import co.mesa.web.page.PageShell;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static co.mesa.console.ConsolePages.categoryGroups;
import static co.mesa.console.ConsolePages.option;

/**
 * The case page's action forms, rendered from what the case feature declares: the actions the case allows
 * now with their note rule (the tenant's data, through {@link CaseView.ActionOption}) and the fields each
 * kind's form asks for ({@link ActionKind#fields()}). A new kind gets its form without a change here.
 */
@Singleton
class ConsoleActionForms {

    /** What the notification form sends: recipients, subject, message and the record's two switches. */
    static final List<String> NOTIFY_FIELDS = List.of("to", "subject", "message", "includePdf", "includeInternal");

    private final ConsoleAgents agents;

    ConsoleActionForms(ConsoleAgents agents) {
        this.agents = agents;
    }

    /** The form parameters a declared field is sent as. */
    static List<String> params(ActionKind.Field field) {
        return switch (field) {
            case SUBSTATE -> List.of("substate");
            case TRANSITION -> List.of("transition");
            case GROUP -> List.of("group");
            case AGENT -> List.of("agentId");
            case CATEGORY -> List.of("category");
            case PRIORITY -> List.of("impact", "urgency", "priority");
            case RELATED_CASE -> List.of("relatedCase");
            case DUPLICATE -> List.of("duplicate");
        };
    }

    /** One form per available action, and one per manual state transition. */
    List<Map<String, Object>> of(TenantContext tenant, PageShell.Page page, CaseView v) {
        TenantConfig config = tenant.config();
        List<Map<String, Object>> forms = new ArrayList<>();
        // The agent directory is read once per page, and only when a form offers agents.
        Directory directory = new Directory(tenant);
        for (CaseView.ActionOption a : v.availableActions()) {
            ActionKind kind = ActionKind.of(a.kind()).orElse(null);
            List<ActionKind.Field> fields = kind == null ? List.of() : kind.fields();
            if (fields.contains(ActionKind.Field.TRANSITION)) {
                for (CaseView.TransitionOption t : v.availableTransitions()) {
                    Map<String, Object> f = form("t-" + t.key(), a.kind(), t.name(), page,
                            t.noteLabel(), t.requiresNote() || a.requiresNote());
                    f.put("transition", t.key());
                    String to = config.workflow().states().stream().filter(s -> s.key().equals(t.to()))
                            .map(s -> page.label(s.name())).findFirst().orElse(t.to());
                    f.put("hint", page.t("console.action.transition.hint", to));
                    forms.add(f);
                }
                continue;
            }
            Map<String, Object> f = form(a.kind(), a.kind(), a.name(), page, a.noteLabel(), a.requiresNote());
            for (ActionKind.Field field : fields) {
                addField(f, field, kind, config, directory, page, v);
            }
            forms.add(f);
        }
        // "Notificar" also once the case has ended: its record is the evidence (004 act. 8).
        boolean ended = "CLOSED".equals(v.state().phase()) || "REJECTED".equals(v.state().phase());
        if (!v.availableActions().isEmpty() || ended) {
            Map<String, Object> f = form("notify", "notify", page.t("console.notify.title"), page, null, false);
            f.put("showNotify", true);
            // What the PDF will hold, and both versions to look at before sending.
            f.put("recordHref", "/consola/casos/" + v.id() + "/registro.pdf");
            f.put("internalRecordHref", "/consola/casos/" + v.id() + "/registro.pdf?interno=true");
            f.put("withheld", page.t("console.notify.pdf.withheld", CaseRecordPdf.withheld(v)));
            forms.add(f);
        }
        return forms;
    }

    /** What one declared field puts in a form's model: its choices, and the switch that shows it. */
    private static void addField(Map<String, Object> f, ActionKind.Field field, ActionKind kind, TenantConfig config,
                                 Directory directory, PageShell.Page page, CaseView v) {
        switch (field) {
            case SUBSTATE -> {
                f.put("substates", config.workflow().substates().stream()
                        .filter(s -> s.states().contains(v.state().key()))
                        .filter(s -> v.substate() == null || !s.key().equals(v.substate().key()))
                        .map(s -> option(s.key(), page.label(s.name()))).toList());
                f.put("showSubstate", true);
            }
            case GROUP -> {
                f.put("groups", groups(config, kind, v).stream().map(g -> option(g.key(), page.label(g.name()))).toList());
                f.put("showGroup", true);
            }
            case AGENT -> {
                // The agents to choose from, by the groups the form offers. Each person once (issue 20): a
                // supervisor of two groups used to show under both; they show under the first, their other
                // offered groups named beside them.
                List<TenantConfig.Group> offered = groups(config, kind, v);
                java.util.Set<String> listed = new java.util.HashSet<>();
                List<Map<String, Object>> byGroup = new ArrayList<>();
                for (TenantConfig.Group g : offered) {
                    List<Map<String, Object>> members = new ArrayList<>();
                    for (ConsoleAgents.Agent ag : directory.agents()) {
                        if (ag.groups().contains(g.key()) && listed.add(ag.id())) {
                            List<String> also = offered.stream().filter(o -> o != g && ag.groups().contains(o.key()))
                                    .map(o -> page.label(o.name())).toList();
                            members.add(option(ag.id(), also.isEmpty() ? ag.name()
                                    : page.t("console.action.agent.also", ag.name(), String.join(", ", also))));
                        }
                    }
                    if (!members.isEmpty()) {
                        byGroup.add(Map.of("label", page.label(g.name()), "options", members));
                    }
                }
                f.put("agentGroups", byGroup);
            }
            case CATEGORY -> {
                f.put("categories", categoryGroups(config, page, true));
                f.put("showCategory", true);
            }
            case PRIORITY -> {
                TenantConfig.Priorities p = config.priorities();
                Map<String, Object> current = new LinkedHashMap<>();
                if (!p.matrix().isEmpty()) {
                    // Impact × urgency gives the priority (the matrix); the selects start at the case's.
                    f.put("impacts", p.impacts().stream().map(x -> option(x.key(), page.label(x.name()))).toList());
                    f.put("urgencies", p.urgencies().stream().map(x -> option(x.key(), page.label(x.name()))).toList());
                    f.put("showMatrix", true);
                    current.put("impact", v.impact() == null ? "" : v.impact().key());
                    current.put("urgency", v.urgency() == null ? "" : v.urgency().key());
                } else {
                    f.put("priorities", p.levels().stream().map(x -> option(x.key(), page.label(x.name()))).toList());
                    f.put("showPriority", true);
                    current.put("priority", v.priority().key());
                }
                f.put("hint", page.t("console.action.priority.hint", v.priority().name()));
                f.put("values", current);
            }
            case RELATED_CASE -> f.put("showRelated", true);
            case DUPLICATE -> f.put("showDuplicate", true);
            case TRANSITION -> { }
        }
    }

    /** The tenant's agents, read on first use. */
    private final class Directory {
        private final TenantContext tenant;
        private List<ConsoleAgents.Agent> agents;

        Directory(TenantContext tenant) {
            this.tenant = tenant;
        }

        List<ConsoleAgents.Agent> agents() {
            if (agents == null) {
                agents = ConsoleActionForms.this.agents.all(tenant);
            }
            return agents;
        }
    }

    private static List<TenantConfig.Group> groups(TenantConfig config, ActionKind kind, CaseView v) {
        return CaseActions.groupsFor(config, kind, v.assignedGroup() == null ? null : v.assignedGroup().key());
    }

    private static Map<String, Object> form(String key, String kind, String name, PageShell.Page page,
                                            @Nullable String noteLabel, boolean noteRequired) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("key", key);
        f.put("kind", kind);
        f.put("name", name);
        f.put("noteLabel", noteLabel == null ? page.t("console.action.note") : noteLabel);
        f.put("noteRequired", noteRequired);
        f.put("errors", Map.of());
        f.put("values", Map.of());
        return f;
    }

    @SuppressWarnings("unchecked")
    static void markFailure(Map<String, Object> model, Map<String, Object> failure) {
        for (Map<String, Object> f : (List<Map<String, Object>>) model.get("forms")) {
            if (f.get("key").equals(failure.get("form"))) {
                f.put("failure", failure);
                f.put("errors", failure.get("errors"));
                f.put("values", failure.get("values"));
                f.put("open", true);
                failure.put("inForm", true);
            }
        }
    }
}
