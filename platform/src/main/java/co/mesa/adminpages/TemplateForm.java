package co.mesa.adminpages;

import java.util.regex.Pattern;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The template editor's form: name and description (es-CO, en); each field's labels, help texts,
 * type, options, required flag, position and removal, plus one new field; the required attachments
 * with their labels and accepted types, plus one new attachment; and the audiences (issue 21). Reads
 * the posted form against the live template, checks it (messages keyed by input id), and writes it
 * back into the catalog document; the tenant-data checks run on save.
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
    final List<AttachmentRow> attachments = new ArrayList<>();
    AttachmentRow addedAttachment = new AttachmentRow();
    /** The catalog's audiences (key, name) to choose from, and the keys chosen. */
    List<Map<String, String>> audienceChoices = List.of();
    final java.util.LinkedHashSet<String> audiences = new java.util.LinkedHashSet<>();
    Map<String, String> errors = Map.of();

    static final Pattern MEDIA_TYPE = Pattern.compile("[a-z]+/[a-z0-9.+*-]+");

    static final class AttachmentRow {
        int index;
        String key = "";
        String labelEs = "";
        String labelEn = "";
        String helpEs = "";
        String helpEn = "";
        boolean required;
        String accept = "";
        boolean remove;
        JsonNode original;
        /** No row of the posted form names this item (added by someone else since): written back as it is. */
        boolean untouched;
    }

    static final class FieldRow {
        int index;
        String key = "";
        String labelEs = "";
        String labelEn = "";
        String type = "text";
        boolean required;
        String position = "";
        boolean remove;
        String helpEs = "";
        String helpEn = "";
        /** One option a line: {@code key | Spanish label | English label} (the English one optional). */
        String options = "";
        List<String[]> parsedOptions = List.of();
        JsonNode original;
        /** No row of the posted form names this field (added by someone else since): written back as it is. */
        boolean untouched;
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
            r.helpEs = field.path("help").path("es-CO").asText("");
            r.helpEn = field.path("help").path("en").asText("");
            StringBuilder options = new StringBuilder();
            for (JsonNode o : field.path("options")) {
                options.append(o.path("key").asText()).append(" | ").append(o.path("label").path("es-CO").asText(""));
                if (o.path("label").has("en")) {
                    options.append(" | ").append(o.path("label").path("en").asText());
                }
                options.append('\n');
            }
            r.options = options.toString().strip();
            r.original = field;
            f.fields.add(r);
            i++;
        }
        int a = 0;
        for (JsonNode att : tpl.path("attachments")) {
            AttachmentRow r = new AttachmentRow();
            r.index = a++;
            r.key = att.path("key").asText();
            r.labelEs = att.path("label").path("es-CO").asText("");
            r.labelEn = att.path("label").path("en").asText("");
            r.helpEs = att.path("help").path("es-CO").asText("");
            r.helpEn = att.path("help").path("en").asText("");
            r.required = att.path("required").asBoolean(false);
            List<String> types = new ArrayList<>();
            att.path("accept").forEach(t -> types.add(t.asText()));
            r.accept = String.join(", ", types);
            r.original = att;
            f.attachments.add(r);
        }
        tpl.path("audiences").forEach(au -> f.audiences.add(au.asText()));
        return f;
    }

    /** The catalog's audiences, for the checkboxes (the template's own stay listed even if unknown). */
    TemplateForm withAudienceChoices(List<Map<String, String>> choices) {
        this.audienceChoices = choices;
        return this;
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
        RowKeys fieldRows = RowKeys.of(form, "f");
        for (FieldRow r : f.fields) {
            // Messages go under the row as it is now shown (p); values come from the row typed for this key (in).
            String p = "f" + r.index + "-";
            String in = fieldRows.prefix(r.key, r.index);
            if (in == null) {
                // A field someone else added since this page was read: kept as it is.
                r.untouched = true;
                continue;
            }
            r.labelEs = text(form, in + "labelEs");
            r.labelEn = text(form, in + "labelEn");
            r.type = text(form, in + "type");
            r.required = form.containsKey(in + "required");
            r.position = RowKeys.unmoved(form, in) ? String.valueOf(r.index + 1) : text(form, in + "position");
            r.remove = form.containsKey(in + "remove");
            r.helpEs = text(form, in + "helpEs");
            r.helpEn = text(form, in + "helpEn");
            r.options = text(form, in + "options");
            if (r.remove) {
                continue;
            }
            if (r.helpEs.length() > MAX_TEXT || r.helpEn.length() > MAX_TEXT) {
                errors.field(p + "helpEs", "admin.error.too-long", MAX_TEXT);
            }
            if (r.labelEs.isEmpty()) {
                errors.field(p + "labelEs", "admin.template.error.label-required", r.key);
            } else if (r.labelEs.length() > MAX_TEXT || r.labelEn.length() > MAX_TEXT) {
                errors.field(p + "labelEs", "admin.error.too-long", MAX_TEXT);
            }
            if (!FIELD_TYPES.contains(r.type)) {
                errors.field(p + "type", "admin.template.error.type");
            } else {
                r.parsedOptions = TemplateFormChecks.options(r.type, r.options, p + "options", errors);
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
        n.helpEs = text(form, "new-helpEs");
        n.helpEn = text(form, "new-helpEn");
        n.options = text(form, "new-options");
        boolean adding = !n.key.isEmpty() || !n.labelEs.isEmpty() || !n.labelEn.isEmpty();
        if (adding) {
            if (!KEY.matcher(n.key).matches()) {
                errors.field("new-key", "admin.template.error.key");
            }
            // A key already taken is the tenant data's rule: its checks refuse it next to the input (TemplatePlaces).
            if (n.labelEs.isEmpty()) {
                errors.field("new-labelEs", "admin.template.error.new-label-required");
            } else if (n.labelEs.length() > MAX_TEXT || n.labelEn.length() > MAX_TEXT) {
                errors.field("new-labelEs", "admin.error.too-long", MAX_TEXT);
            }
            if (!FIELD_TYPES.contains(n.type)) {
                errors.field("new-type", "admin.template.error.type");
            } else {
                n.parsedOptions = TemplateFormChecks.options(n.type, n.options, "new-options", errors);
            }
            if (n.helpEs.length() > MAX_TEXT || n.helpEn.length() > MAX_TEXT) {
                errors.field("new-helpEs", "admin.error.too-long", MAX_TEXT);
            }
        }
        RowKeys attachmentRows = RowKeys.of(form, "a");
        for (AttachmentRow r : f.attachments) {
            String p = "a" + r.index + "-";
            String in = attachmentRows.prefix(r.key, r.index);
            if (in == null) {
                r.untouched = true;
                continue;
            }
            r.labelEs = text(form, in + "labelEs");
            r.labelEn = text(form, in + "labelEn");
            r.helpEs = text(form, in + "helpEs");
            r.helpEn = text(form, in + "helpEn");
            r.required = form.containsKey(in + "required");
            r.accept = text(form, in + "accept");
            r.remove = form.containsKey(in + "remove");
            if (!r.remove) {
                TemplateFormChecks.checkAttachment(r, p, errors);
            }
        }
        AttachmentRow na = f.addedAttachment;
        na.index = -1;
        na.key = text(form, "natt-key");
        na.labelEs = text(form, "natt-labelEs");
        na.labelEn = text(form, "natt-labelEn");
        na.helpEs = text(form, "natt-helpEs");
        na.helpEn = text(form, "natt-helpEn");
        na.required = form.containsKey("natt-required");
        na.accept = text(form, "natt-accept");
        if (!na.key.isEmpty() || !na.labelEs.isEmpty() || !na.accept.isEmpty()) {
            if (!KEY.matcher(na.key).matches()) {
                errors.field("natt-key", "admin.template.error.key");
            }
            TemplateFormChecks.checkAttachment(na, "natt-", errors);
        }
        f.audiences.clear();
        for (Map.Entry<String, String> e : form.entrySet()) {
            if (e.getKey().startsWith("aud-")) {
                f.audiences.add(e.getKey().substring(4));
            }
        }
        f.errors = errors.byField();
        return f;
    }

    /** Writes the (checked) form into the template node. */
    void applyTo(ObjectNode tpl) {
        TemplateFormWrite.applyTo(this, tpl);
    }

    /** For the template: every value as typed, and each input's message. */
    Map<String, Object> model(Map<String, String> fieldErrors) {
        return TemplateFormView.model(this, fieldErrors);
    }

    private static String text(Map<String, String> form, String name) {
        String v = form.get(name);
        return v == null ? "" : v.strip();
    }
}
