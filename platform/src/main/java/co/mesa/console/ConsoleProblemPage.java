package co.mesa.console;

import co.mesa.record.RecordAttachments;
import co.mesa.record.RecordService;
import co.mesa.record.RecordView;
import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.web.page.PageShell;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A problem's console page (issue 26): its facts, linked cases and history, and the forms that change it — its
 * facts and assignment, and the transitions its workflow offers agents. A refused form comes back on this page
 * with the errors next to their fields and what was typed kept; each form carries the version it was read at.
 */
@Singleton
public class ConsoleProblemPage {

    /** What a form sent (its field names) and the refusal to show next to its fields. */
    public record Form(Map<String, String> values, Map<String, String> errors, @Nullable String problem) {
        static final Form NONE = new Form(Map.of(), Map.of(), null);
    }

    private final ConsoleAgents agents;
    private final RecordAttachments attachments;

    public ConsoleProblemPage(ConsoleAgents agents, RecordAttachments attachments) {
        this.agents = agents;
        this.attachments = attachments;
    }

    public MutableHttpResponse<String> render(PageShell.Page page, TenantContext tenant, RecordView v,
                                              @Nullable String notice, @Nullable String which, Form form) {
        Map<String, Object> model = new HashMap<>();
        model.put("p", v);
        List<Map<String, Object>> history = new ArrayList<>();
        for (RecordView.Event e : v.history()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("what", page.t("console.problems.event." + e.kind()));
            m.put("when", ConsoleKnowledgeController.when(page, tenant.zone(), Instant.parse(e.at())));
            m.put("note", e.note());
            history.add(m);
        }
        model.put("history", history);
        model.put("due", v.dueAt() == null ? null : ConsoleKnowledgeController.when(page, tenant.zone(), Instant.parse(v.dueAt())));
        model.put("nav", "problems");
        model.put("changesEnabled", tenant.config().workflow().record(RecordService.CHANGE).isPresent());
        model.put("notice", notice);
        boolean over = "CLOSED".equals(v.phase()) || "REJECTED".equals(v.phase());
        model.put("editable", !over);
        model.put("groupName", v.assignedGroup() == null ? null : tenant.config().groups().groups().stream()
                .filter(g -> g.key().equals(v.assignedGroup())).findFirst().map(g -> page.label(g.name())).orElse(v.assignedGroup()));
        List<ConsoleAgents.Agent> all = agents.all(tenant);
        model.put("agentName", v.assignedAgentId() == null ? null : all.stream().filter(a -> a.id().equals(v.assignedAgentId()))
                .findFirst().map(ConsoleAgents.Agent::name).orElse(null));
        // The edit form: what was sent if it was refused, else the problem as it is.
        boolean editSent = "edit".equals(which);
        Map<String, String> sent = form.values();
        RecordView.ProblemFacts f = v.problem();
        Map<String, Object> edit = new HashMap<>();
        edit.put("version", editSent && sent.containsKey("version") ? sent.get("version") : String.valueOf(v.version()));
        edit.put("titulo", editSent ? sent.get("titulo") : v.title());
        edit.put("descripcion", editSent ? sent.get("descripcion") : v.description());
        edit.put("impacto", editSent ? sent.get("impacto") : f == null ? null : f.impact());
        edit.put("causa", editSent ? sent.get("causa") : f == null ? null : f.rootCause());
        edit.put("solucion", editSent ? sent.get("solucion") : f == null ? null : f.workaround());
        // What each optional fact read when the form was first shown: emptying a field clears the fact, leaving it
        // as shown changes nothing (so a re-save after a conflict keeps what another person wrote meanwhile).
        edit.put("impactoAntes", editSent ? sent.get("impacto-antes") : f == null ? null : f.impact());
        edit.put("causaAntes", editSent ? sent.get("causa-antes") : f == null ? null : f.rootCause());
        edit.put("solucionAntes", editSent ? sent.get("solucion-antes") : f == null ? null : f.workaround());
        edit.put("errorConocido", editSent ? sent.containsKey("errorConocido") : f != null && f.knownError());
        String group = editSent ? sent.get("grupo") : v.assignedGroup();
        String agent = editSent ? sent.get("agente") : v.assignedAgentId();
        List<Map<String, Object>> groups = new ArrayList<>();
        for (TenantConfig.Group g : tenant.config().groups().groups()) {
            groups.add(Map.of("key", g.key(), "name", page.label(g.name()), "selected", g.key().equals(group)));
        }
        edit.put("groups", groups);
        List<Map<String, Object>> people = new ArrayList<>();
        for (ConsoleAgents.Agent a : all) {
            people.add(Map.of("id", a.id(), "name", a.name(), "selected", a.id().equals(agent)));
        }
        edit.put("agents", people);
        edit.put("errors", editSent ? form.errors() : Map.of());
        edit.put("problem", editSent ? form.problem() : null);
        model.put("edit", edit);
        // The transition form.
        boolean moveSent = "transition".equals(which);
        Map<String, Object> move = new HashMap<>();
        move.put("version", moveSent && sent.containsKey("version") ? sent.get("version") : String.valueOf(v.version()));
        String chosen = moveSent ? sent.get("transicion") : null;
        List<Map<String, Object>> transitions = new ArrayList<>();
        for (RecordView.Transition t : v.transitions()) {
            transitions.add(Map.of("key", t.key(), "name", t.name(), "requiresNote", t.requiresNote(),
                    "selected", t.key().equals(chosen)));
        }
        move.put("transitions", transitions);
        move.put("nota", moveSent ? sent.get("nota") : null);
        move.put("avisar", moveSent && sent.containsKey("avisar"));
        move.put("mensaje", moveSent ? sent.get("mensaje") : null);
        move.put("openCases", v.cases().stream().anyMatch(RecordView.LinkedCase::open));
        move.put("errors", moveSent ? form.errors() : Map.of());
        move.put("problem", moveSent ? form.problem() : null);
        model.put("move", move);
        // The files: each with its download (the API's, which the page session may read), and the upload form.
        List<Map<String, Object>> files = new ArrayList<>();
        for (RecordAttachments.Attachment a : attachments.list(tenant, page.auth(), java.util.UUID.fromString(v.id()))) {
            files.add(Map.of("fileName", a.fileName(), "size", Math.max(1, (a.sizeBytes() + 1023) / 1024),
                    "href", "/api/v1/records/" + v.id() + "/attachments/" + a.id(),
                    "when", ConsoleKnowledgeController.when(page, tenant.zone(), Instant.parse(a.uploadedAt()))));
        }
        Map<String, Object> filesPart = new HashMap<>();
        filesPart.put("list", files);
        filesPart.put("problem", "files".equals(which) ? form.problem() : null);
        filesPart.put("maxMb", tenant.config().settings().attachments().maxSizeMb());
        model.put("files", filesPart);
        return page.render("console/problem", v.code() + " — " + v.title(), model);
    }
}
