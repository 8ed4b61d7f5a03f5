package co.mesa.adminpages;

import co.mesa.tenantconfig.ConfigProblem;
import io.micronaut.core.annotation.Nullable;

/**
 * Where a form shows a problem the tenant-data checks found in the document it built (issue 21): the
 * input it concerns (by id), and optionally the form's own words for it. A problem no input concerns
 * goes to the error summary alone; every message is from the bundles, in the page's language.
 */
@FunctionalInterface
interface ProblemPlaces {

    /** No input: every problem to the summary. */
    ProblemPlaces NONE = p -> null;

    @Nullable
    Placement place(ConfigProblem problem);

    /** The input's id, and a message key of the form with its arguments (null key: the problem's own words). */
    record Placement(String id, @Nullable String key, Object... args) {

        static Placement at(String id) {
            return new Placement(id, null);
        }
    }

    /** Every problem of the item keyed {@code key} in {@code doc}'s list {@code list} next to one input, {@code id}. */
    static ProblemPlaces under(com.fasterxml.jackson.databind.JsonNode doc, String list, String key, String id) {
        String at = "/" + list + "/" + CatalogEdits.indexOf(doc.path(list), key);
        return p -> p.path().equals(at) || p.path().startsWith(at + "/") ? Placement.at(id) : null;
    }

    /** The index after {@code prefix + "/"} in a problem's path ({@code /a/3/b} under {@code /a}: 3), or -1. */
    static int indexUnder(String path, String prefix) {
        if (path == null || !path.startsWith(prefix + "/")) {
            return -1;
        }
        String rest = path.substring(prefix.length() + 1);
        int slash = rest.indexOf('/');
        String head = slash < 0 ? rest : rest.substring(0, slash);
        return head.matches("\\d{1,6}") ? Integer.parseInt(head) : -1;
    }

    /** What follows {@code prefix + "/" + index} in a path ({@code /a/3/b/c}: {@code b/c}), or "" at the item itself. */
    static String after(String path, String prefix, int index) {
        String item = prefix + "/" + index;
        return path.length() <= item.length() + 1 ? "" : path.substring(item.length() + 1);
    }
}
