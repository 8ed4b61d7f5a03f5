package co.mesa.adminpages;

import java.util.regex.Pattern;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The template editor's form: name and description (es-CO, en) and each field's labels, type,
 * required flag, position and removal, plus one new field. Reads the posted form against the live
 * template, checks it (messages keyed by input id), and writes it back into the catalog document,
 * keeping what the form does not show (help texts, options, attachments, audiences).
 */
final class TemplateForm {

    static final List<String> FIELD_TYPES = List.of("text", "textarea", "number", "date", "email", "phone",
            "select", "multiselect", "checkbox", "user");
    static final Pattern KEY = Pattern.compile("[a-z][a-z0-9-]{0,62}");

    static final int MAX_TEXT = 500;

    String nameEs = "";
    String nameEn = "";
    String descEs = "";
    String descEn = "";
    final List<FieldRow> fields = new ArrayList<>();
    FieldRow added = new FieldRow();
    Map<String, String> errors = Map.of();

    static final class FieldRow {
        int index;
        String key = "";
        String labelEs = "";
        String labelEn = "";
        String type = "text";
        boolean required;
        String position = "";
        boolean remove;
        JsonNode original;
    }

    /** The form as the live template fills it. */
    static TemplateForm of(ObjectNode tpl) {
        TemplateForm f = new TemplateForm();
        f.nameEs = tpl.path("name").path("es-CO").asText("");
        f.nameEn = tpl.path("name").path("en").asText("");
        f.descEs = tpl.path("description").path("es-CO").asText("");
        f.descEn = tpl.path("description").path("en").asText("");
        int i = 0;
        for (JsonNode field : tpl.path("fields")) {
            FieldRow r = new FieldRow();
            r.index = i;
            r.key = field.path("key").asText();
            r.labelEs = field.path("label").path("es-CO").asText("");
            r.labelEn = field.path("label").path("en").asText("");
            r.type = field.path("type").asText("text");
            r.required = field.path("required").asBoolean(false);
            r.position = String.valueOf(i + 1);
            r.original = field;
            f.fields.add(r);
            i++;
        }
        return f;
    }

    /** The posted form, checked; problems go to {@code errors} by input id. */
    static TemplateForm read(Map<String, String> form, ObjectNode tpl, Errors errors) {
        TemplateForm f = of(tpl);
        f.nameEs = text(form, "nameEs");
        f.nameEn = text(form, "nameEn");
        f.descEs = text(form, "descEs");
        f.descEn = text(form, "descEn");
        if (f.nameEs.isEmpty()) {
            errors.field("nameEs", "admin.template.error.name-required");
        }
        for (String id : List.of("nameEs", "nameEn", "descEs", "descEn")) {
            if (text(form, id).length() > MAX_TEXT) {
                errors.field(id, "admin.error.too-long", MAX_TEXT);
            }
        }
        Set<String> keys = new HashSet<>();
        for (FieldRow r : f.fields) {
            String p = "f" + r.index + "-";
            r.labelEs = text(form, p + "labelEs");
            r.labelEn = text(form, p + "labelEn");
            r.type = text(form, p + "type");
            r.required = form.containsKey(p + "required");
            r.position = text(form, p + "position");
            r.remove = form.containsKey(p + "remove");
            keys.add(r.key);
            if (r.remove) {
                continue;
            }
            if (r.labelEs.isEmpty()) {
                errors.field(p + "labelEs", "admin.template.error.label-required", r.key);
            } else if (r.labelEs.length() > MAX_TEXT || r.labelEn.length() > MAX_TEXT) {
                errors.field(p + "labelEs", "admin.error.too-long", MAX_TEXT);
            }
            if (!FIELD_TYPES.contains(r.type)) {
                errors.field(p + "type", "admin.template.error.type");
            } else if (needsOptions(r.type) && r.original.path("options").isEmpty()) {
                errors.field(p + "type", "admin.template.error.options");
            }
            if (!r.position.matches("\\d{1,3}")) {
                errors.field(p + "position", "admin.template.error.position", f.fields.size() + 1);
            }
        }
        FieldRow n = f.added;
        n.index = -1;
        n.key = text(form, "new-key");
        n.labelEs = text(form, "new-labelEs");
        n.labelEn = text(form, "new-labelEn");
        n.type = form.getOrDefault("new-type", "text");
        n.required = form.containsKey("new-required");
        boolean adding = !n.key.isEmpty() || !n.labelEs.isEmpty() || !n.labelEn.isEmpty();
        if (adding) {
            if (!KEY.matcher(n.key).matches()) {
                errors.field("new-key", "admin.template.error.key");
            } else if (keys.contains(n.key)) {
                errors.field("new-key", "admin.template.error.key-taken", n.key);
            }
            if (n.labelEs.isEmpty()) {
                errors.field("new-labelEs", "admin.template.error.new-label-required");
            } else if (n.labelEs.length() > MAX_TEXT || n.labelEn.length() > MAX_TEXT) {
                errors.field("new-labelEs", "admin.error.too-long", MAX_TEXT);
            }
            if (!FIELD_TYPES.contains(n.type)) {
                errors.field("new-type", "admin.template.error.type");
            } else if (needsOptions(n.type)) {
                errors.field("new-type", "admin.template.error.options");
            }
        }
        f.errors = errors.byField();
        return f;
    }

    /** Writes the (checked) form into the template node. */
    void applyTo(ObjectNode tpl) {
        ObjectNode name = tpl.putObject("name");
        name.put("es-CO", nameEs);
        if (!nameEn.isEmpty()) {
            name.put("en", nameEn);
        }
        if (descEs.isEmpty() && descEn.isEmpty()) {
            tpl.remove("description");
        } else {
            ObjectNode d = tpl.putObject("description");
            d.put("es-CO", descEs.isEmpty() ? descEn : descEs);
            if (!descEn.isEmpty()) {
                d.put("en", descEn);
            }
        }
        List<FieldRow> kept = new ArrayList<>(fields.stream().filter(r -> !r.remove).toList());
        kept.sort(Comparator.comparingInt((FieldRow r) -> Integer.parseInt(r.position)).thenComparingInt(r -> r.index));
        ArrayNode out = tpl.putArray("fields");
        for (FieldRow r : kept) {
            ObjectNode node = ((ObjectNode) r.original).deepCopy();
            ObjectNode label = node.putObject("label");
            label.put("es-CO", r.labelEs);
            if (!r.labelEn.isEmpty()) {
                label.put("en", r.labelEn);
            }
            node.put("type", r.type);
            node.put("required", r.required);
            if (!needsOptions(r.type)) {
                node.remove("options");
            }
            out.add(node);
        }
        if (!added.key.isEmpty()) {
            ObjectNode node = out.addObject();
            node.put("key", added.key);
            ObjectNode label = node.putObject("label");
            label.put("es-CO", added.labelEs);
            if (!added.labelEn.isEmpty()) {
                label.put("en", added.labelEn);
            }
            node.put("type", added.type);
            node.put("required", added.required);
        }
    }

    /** For the template: every value as typed, and each input's message. */
    Map<String, Object> model(Map<String, String> fieldErrors) {
        Map<String, Object> m = new HashMap<>();
        m.put("nameEs", nameEs);
        m.put("nameEn", nameEn);
        m.put("descEs", descEs);
        m.put("descEn", descEn);
        m.put("errors", fieldErrors);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (FieldRow r : fields) {
            rows.add(row(r, "f" + r.index + "-", fieldErrors));
        }
        m.put("fields", rows);
        m.put("count", fields.size());
        m.put("added", row(added, "new-", fieldErrors));
        return m;
    }

    private static Map<String, Object> row(FieldRow r, String prefix, Map<String, String> fieldErrors) {
        Map<String, Object> m = new HashMap<>();
        m.put("p", prefix);
        m.put("number", r.index + 1);
        m.put("key", r.key);
        m.put("labelEs", r.labelEs);
        m.put("labelEn", r.labelEn);
        m.put("type", r.type);
        m.put("required", r.required);
        m.put("position", r.position);
        m.put("remove", r.remove);
        m.put("hasOptions", r.original != null && !r.original.path("options").isEmpty());
        for (String input : List.of("labelEs", "labelEn", "type", "position", "key")) {
            m.put(input + "Error", fieldErrors.get(prefix + input));
        }
        return m;
    }

    private static boolean needsOptions(String type) {
        return "select".equals(type) || "multiselect".equals(type);
    }

    private static String text(Map<String, String> form, String name) {
        String v = form.get(name);
        return v == null ? "" : v.strip();
    }
}
