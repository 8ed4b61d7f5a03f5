package co.mesa.adminpages;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A {@link TemplateForm} as the template page shows it: every value as typed, and each input's message. */
final class TemplateFormView {

    private TemplateFormView() {
    }

    /** For the template: every value as typed, and each input's message. */
    static Map<String, Object> model(TemplateForm f, Map<String, String> fieldErrors) {
        Map<String, Object> m = new HashMap<>();
        m.put("nameEs", f.nameEs);
        m.put("nameEn", f.nameEn);
        m.put("descEs", f.descEs);
        m.put("descEn", f.descEn);
        m.put("errors", fieldErrors);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (TemplateForm.FieldRow r : f.fields) {
            rows.add(row(r, "f" + r.index + "-", fieldErrors));
        }
        m.put("fields", rows);
        m.put("count", f.fields.size());
        m.put("added", row(f.added, "new-", fieldErrors));
        List<Map<String, Object>> atts = new ArrayList<>();
        for (TemplateForm.AttachmentRow r : f.attachments) {
            atts.add(attachmentRow(r, "a" + r.index + "-", fieldErrors));
        }
        m.put("attachments", atts);
        m.put("addedAttachment", attachmentRow(f.addedAttachment, "natt-", fieldErrors));
        List<Map<String, Object>> choices = new ArrayList<>();
        Set<String> listed = new HashSet<>();
        for (Map<String, String> c : f.audienceChoices) {
            listed.add(c.get("key"));
            choices.add(Map.of("key", c.get("key"), "name", c.get("name"), "checked", f.audiences.contains(c.get("key"))));
        }
        for (String a : f.audiences) {
            if (!listed.contains(a)) {
                choices.add(Map.of("key", a, "name", a, "checked", true));
            }
        }
        m.put("audiences", choices);
        return m;
    }

    private static Map<String, Object> attachmentRow(TemplateForm.AttachmentRow r, String prefix, Map<String, String> fieldErrors) {
        Map<String, Object> m = new HashMap<>();
        m.put("p", prefix);
        m.put("number", r.index + 1);
        m.put("key", r.key);
        m.put("labelEs", r.labelEs);
        m.put("labelEn", r.labelEn);
        m.put("helpEs", r.helpEs);
        m.put("helpEn", r.helpEn);
        m.put("required", r.required);
        m.put("accept", r.accept);
        m.put("remove", r.remove);
        for (String input : List.of("key", "labelEs", "helpEs", "accept")) {
            m.put(input + "Error", fieldErrors.get(prefix + input));
        }
        return m;
    }

    private static Map<String, Object> row(TemplateForm.FieldRow r, String prefix, Map<String, String> fieldErrors) {
        Map<String, Object> m = new HashMap<>();
        m.put("p", prefix);
        m.put("number", r.index + 1);
        m.put("key", r.key);
        m.put("labelEs", r.labelEs);
        m.put("labelEn", r.labelEn);
        m.put("type", r.type);
        m.put("required", r.required);
        m.put("position", r.position);
        m.put("was", r.index + 1);
        m.put("remove", r.remove);
        m.put("hasOptions", r.original != null && !r.original.path("options").isEmpty());
        m.put("helpEs", r.helpEs);
        m.put("helpEn", r.helpEn);
        m.put("options", r.options);
        for (String input : List.of("labelEs", "labelEn", "type", "position", "key", "helpEs", "options")) {
            m.put(input + "Error", fieldErrors.get(prefix + input));
        }
        return m;
    }

}
