package co.mesa.adminpages;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The template form's own checks of an attachment's inputs and of a field's typed options (split from {@link TemplateForm}). */
final class TemplateFormChecks {

    private TemplateFormChecks() {
    }

    static void checkAttachment(TemplateForm.AttachmentRow r, String p, Errors errors) {
        if (r.labelEs.isEmpty()) {
            errors.field(p + "labelEs", "admin.template.error.attachment-label");
        } else if (r.labelEs.length() > TemplateForm.MAX_TEXT || r.labelEn.length() > TemplateForm.MAX_TEXT) {
            errors.field(p + "labelEs", "admin.error.too-long", TemplateForm.MAX_TEXT);
        }
        if (r.helpEs.length() > TemplateForm.MAX_TEXT || r.helpEn.length() > TemplateForm.MAX_TEXT) {
            errors.field(p + "helpEs", "admin.error.too-long", TemplateForm.MAX_TEXT);
        }
        for (String t : mediaTypes(r.accept)) {
            if (!TemplateForm.MEDIA_TYPE.matcher(t).matches()) {
                errors.field(p + "accept", "admin.template.error.accept", t);
                break;
            }
        }
    }

    static List<String> mediaTypes(String accept) {
        List<String> out = new ArrayList<>();
        for (String t : accept.split("[,\\s]+")) {
            if (!t.isBlank()) {
                out.add(t.strip().toLowerCase(java.util.Locale.ROOT));
            }
        }
        return out;
    }

    /**
     * The options typed for a field, one a line as {@code key | Spanish | English}: required for the list
     * types (the tenant data asks for at least one), refused for the others (they take none).
     */
    static List<String[]> options(String type, String text, String id, Errors errors) {
        List<String[]> out = new ArrayList<>();
        if (!needsOptions(type)) {
            if (!text.isBlank()) {
                errors.field(id, "admin.template.error.options-unused");
            }
            return out;
        }
        Set<String> keys = new HashSet<>();
        int line = 0;
        for (String raw : text.split("\\R")) {
            line++;
            if (raw.isBlank()) {
                continue;
            }
            String[] parts = raw.split("\\|", -1);
            String key = parts[0].strip();
            String es = parts.length > 1 ? parts[1].strip() : "";
            String en = parts.length > 2 ? parts[2].strip() : "";
            if (!TemplateForm.KEY.matcher(key).matches() || es.isEmpty() || parts.length > 3) {
                errors.field(id, "admin.template.error.option-line", line, raw.strip());
                return out;
            }
            if (!keys.add(key)) {
                errors.field(id, "admin.template.error.key-taken", key);
                return out;
            }
            out.add(new String[]{key, es, en});
        }
        if (out.isEmpty()) {
            errors.field(id, "admin.template.error.options");
        }
        return out;
    }


    static boolean needsOptions(String type) {
        return "select".equals(type) || "multiselect".equals(type);
    }
}
