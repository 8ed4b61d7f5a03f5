package co.mesa.portal;

import co.mesa.tenantconfig.TenantConfig;
import co.mesa.ticket.CaseView;
import co.mesa.ticket.FilledFields;
import co.mesa.ticket.SlaView;
import co.mesa.web.page.PageShell;
import io.micronaut.core.annotation.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/** A case turned into what the portal templates read: plain maps, labels in the page's language. */
final class PortalCases {

    private PortalCases() {
    }

    static Map<String, Object> summary(PageShell.Page page, CaseView c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("code", c.code());
        m.put("version", c.version());
        m.put("title", c.title());
        m.put("description", c.description());
        m.put("state", c.state().name());
        m.put("stateKey", c.state().key());
        m.put("closed", c.closedAt() != null);
        m.put("substate", c.substate() == null ? null : c.substate().name());
        m.put("caseType", c.caseType().name());
        m.put("serviceLine", c.serviceLine().name());
        m.put("service", c.service().name());
        m.put("category", c.category() == null ? null : c.category().name());
        m.put("template", c.template() == null ? null : c.template().name());
        m.put("priority", c.priority().name());
        m.put("createdAt", c.createdAt());
        m.put("updatedAt", c.updatedAt());
        m.put("resolvedAt", c.resolvedAt());
        m.put("closedAt", c.closedAt());
        m.put("group", c.assignedGroup() == null ? null : c.assignedGroup().name());
        return m;
    }

    /** Due dates in the tenant's zone (the template formats them), or "paused". */
    @Nullable
    static Map<String, Object> sla(PageShell.Page page, @Nullable SlaView sla) {
        if (sla == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        // "Paused" only while a target is still waiting, not once both are met.
        m.put("paused", sla.paused() && !sla.frozen() && Stream.of(sla.response(), sla.resolution())
                .anyMatch(t -> t != null && "PAUSED".equals(t.status())));
        m.put("expired", sla.expired());
        m.put("frozen", sla.frozen());
        m.put("note", sla.note());
        m.put("policy", sla.policyName());
        m.put("response", target(page, sla.response()));
        m.put("resolution", target(page, sla.resolution()));
        return m;
    }

    @Nullable
    private static Map<String, Object> target(PageShell.Page page, @Nullable SlaView.TargetView t) {
        if (t == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", co.mesa.sla.TargetWords.of(page::platformMessage, t.target(), t.businessDays()));
        m.put("dueAt", t.dueAt());
        m.put("metAt", t.metAt());
        m.put("status", page.t("portal.sla.status." + t.status()));
        m.put("paused", "PAUSED".equals(t.status()));
        m.put("met", "MET".equals(t.status()));
        m.put("breached", "BREACHED".equals(t.status()));
        return m;
    }

    /** The history the requester may see, newest last. */
    static List<Map<String, Object>> events(CaseView c) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (CaseView.EventView e : c.events()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("at", e.at());
            m.put("label", e.label());
            m.put("actor", e.actor() == null ? null : e.actor().name());
            m.put("system", e.actor() == null);
            m.put("note", e.note());
            out.add(m);
        }
        return out;
    }

    /** The ids that the case's person-type fields hold, to look their names up in one trip. */
    static Set<UUID> personIds(PageShell.Page page, CaseView c) {
        return FilledFields.personIds(definitions(page, c), c.fields());
    }

    /**
     * The template's fields as filled, with their labels; options and yes/no in words, people by
     * name ({@code names} as {@link co.mesa.identity.PeopleService#names} gave them for {@link #personIds}).
     */
    static List<Map<String, Object>> fields(PageShell.Page page, CaseView c, Map<UUID, String> names) {
        List<Map<String, Object>> out = new ArrayList<>();
        FilledFields.Words words = new FilledFields.Words(page.t("portal.yes"), page.t("portal.no"),
                page.t("portal.case.person.unknown"));
        for (FilledFields.Shown f : FilledFields.shown(definitions(page, c), c.fields(), page.languages(), names, words)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("label", f.label());
            m.put("value", f.value());
            out.add(m);
        }
        return out;
    }

    /** The case template's field definitions by key; empty without a template. */
    private static Map<String, TenantConfig.Field> definitions(PageShell.Page page, CaseView c) {
        return FilledFields.definitions(page.tenant().config(), c.service().key(),
                c.template() == null ? null : c.template().key());
    }

    static List<Map<String, Object>> attachments(CaseView c) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (CaseView.AttachmentView a : c.attachments()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("href", "/api/v1/cases/" + c.id() + "/attachments/" + a.id());
            m.put("fileName", a.fileName());
            m.put("size", a.sizeBytes() < 1024 ? a.sizeBytes() + " B"
                    : a.sizeBytes() < 1024 * 1024 ? (a.sizeBytes() / 1024) + " KB"
                    : String.format(java.util.Locale.ROOT, "%.1f MB", a.sizeBytes() / (1024.0 * 1024.0)));
            m.put("uploadedAt", a.uploadedAt());
            out.add(m);
        }
        return out;
    }
}
