package co.mesa.adminpages;

import co.mesa.tenantconfig.ConfigProblem;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * Where the template page shows what the tenant data's checks refuse (issue 21): a field's or an
 * attachment's problem next to that row's input — rows found by their key in the document that was
 * checked, never by position — a key used twice next to the new row's key, and the template's own
 * name and description next to theirs.
 */
final class TemplatePlaces {

    private TemplatePlaces() {
    }

    /** {@code tpl} is the edited template node inside {@code catalog}, the document that was checked. */
    static ProblemPlaces of(JsonNode catalog, JsonNode tpl, TemplateForm form) {
        String at = StructurePlaces.pathOf(catalog, tpl, "");
        return problem -> at == null ? null : place(problem, at, tpl, form);
    }

    private static ProblemPlaces.Placement place(ConfigProblem problem, String at, JsonNode tpl, TemplateForm form) {
        String path = problem.path();
        if (!path.startsWith(at + "/")) {
            return null;
        }
        String rest = path.substring(at.length() + 1);
        if (rest.equals("fields") && problem.code().equals("duplicate")) {
            return form.added.key.equals(arg(problem)) ? keyTaken("new-key", problem) : null;
        }
        if (rest.equals("attachments") && problem.code().equals("duplicate")) {
            return form.addedAttachment.key.equals(arg(problem)) ? keyTaken("natt-key", problem) : null;
        }
        if (rest.startsWith("name")) {
            return ProblemPlaces.Placement.at("nameEs");
        }
        if (rest.startsWith("description")) {
            return ProblemPlaces.Placement.at("descEs");
        }
        int f = ProblemPlaces.indexUnder(path, at + "/fields");
        if (f >= 0) {
            String key = tpl.path("fields").path(f).path("key").asText();
            String prefix = form.added.key.equals(key) ? "new-" : null;
            for (TemplateForm.FieldRow r : form.fields) {
                prefix = prefix == null && r.key.equals(key) ? "f" + r.index + "-" : prefix;
            }
            return prefix == null ? null : ProblemPlaces.Placement.at(prefix + input(ProblemPlaces.after(path, at + "/fields", f)));
        }
        int a = ProblemPlaces.indexUnder(path, at + "/attachments");
        if (a >= 0) {
            String key = tpl.path("attachments").path(a).path("key").asText();
            String prefix = form.addedAttachment.key.equals(key) ? "natt-" : null;
            for (TemplateForm.AttachmentRow r : form.attachments) {
                prefix = prefix == null && r.key.equals(key) ? "a" + r.index + "-" : prefix;
            }
            return prefix == null ? null : ProblemPlaces.Placement.at(prefix + input(ProblemPlaces.after(path, at + "/attachments", a)));
        }
        return null;
    }

    private static ProblemPlaces.Placement keyTaken(String id, ConfigProblem problem) {
        return new ProblemPlaces.Placement(id, "admin.template.error.key-taken", arg(problem));
    }

    private static String arg(ConfigProblem problem) {
        return problem.args().isEmpty() ? "" : problem.args().get(0);
    }

    /** The row's input a property of a field or attachment is typed in. */
    private static String input(String property) {
        String head = property.contains("/") ? property.substring(0, property.indexOf('/')) : property;
        return Map.of("key", "key", "help", "helpEs", "type", "type", "options", "options", "accept", "accept")
                .getOrDefault(head, "labelEs");
    }
}
