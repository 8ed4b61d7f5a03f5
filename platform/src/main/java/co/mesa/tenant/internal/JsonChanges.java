package co.mesa.tenant.internal;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** The JSON pointers where two versions of a document differ, for "what changed" in the history. */
public final class JsonChanges {

    static final int LIMIT = 200;

    private JsonChanges() {
    }

    public static List<String> between(JsonNode before, JsonNode after) {
        List<String> out = new ArrayList<>();
        diff("", before, after, out);
        return out.size() > LIMIT ? List.copyOf(out.subList(0, LIMIT)) : out;
    }

    private static void diff(String at, JsonNode a, JsonNode b, List<String> out) {
        if (out.size() > LIMIT) {
            return;
        }
        if (a == null || a.isMissingNode()) {
            out.add("added " + path(at));
        } else if (b == null || b.isMissingNode()) {
            out.add("removed " + path(at));
        } else if (a.isObject() && b.isObject()) {
            for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                diff(at + "/" + escape(f), a.get(f), b.get(f), out);
            }
            for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!a.has(f)) {
                    out.add("added " + at + "/" + escape(f));
                }
            }
        } else if (a.isArray() && b.isArray()) {
            int common = Math.min(a.size(), b.size());
            for (int i = 0; i < common; i++) {
                diff(at + "/" + i, a.get(i), b.get(i), out);
            }
            for (int i = common; i < a.size(); i++) {
                out.add("removed " + at + "/" + i);
            }
            for (int i = common; i < b.size(); i++) {
                out.add("added " + at + "/" + i);
            }
        } else if (!a.equals(b)) {
            out.add("changed " + path(at));
        }
    }

    private static String path(String at) {
        return at.isEmpty() ? "/" : at;
    }

    private static String escape(String field) {
        return field.replace("~", "~0").replace("/", "~1");
    }
}
