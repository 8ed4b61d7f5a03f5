package co.mesa.adminpages;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Where the catalog's structure pages show what the tenant data's checks refuse (issue 21): a problem
 * of the line or service being edited next to its name, description or retired box; of one of its
 * categories or templates next to that row (found by key, as the page shows it); of an item being
 * added next to the new item's inputs ({@code prefix} + key or name).
 */
final class StructurePlaces {

    private StructurePlaces() {
    }

    /** The key's and the Spanish name's inputs of an item a form adds. */
    record Added(String keyId, String nameId) {
    }

    /** Added items by key, the first of equal keys winning (a service and its category may share one). */
    static Map<String, Added> added(String key, Added inputs, String otherKey, Added otherInputs) {
        Map<String, Added> m = new java.util.HashMap<>();
        m.put(key, inputs);
        m.putIfAbsent(otherKey, otherInputs);
        return m;
    }

    /**
     * @param catalog  the document that was checked
     * @param item     the line or service being edited or added, inside {@code catalog}
     * @param prefix   the prefix of its inputs ("" when edited, e.g. {@code svc-} when added)
     * @param rows     for an edited service: the keys of its categories and templates as the page shows them
     * @param added    the inputs of items added inside it, by key (e.g. a new category: {@code cat-key}, {@code cat-nameEs})
     */
    static ProblemPlaces of(JsonNode catalog, JsonNode item, String prefix, Map<String, List<String>> rows,
                            Map<String, Added> added) {
        String at = pathOf(catalog, item, "");
        return problem -> {
            if (at == null || !(problem.path().equals(at) || problem.path().startsWith(at + "/"))) {
                return null;
            }
            String rest = problem.path().equals(at) ? "" : problem.path().substring(at.length() + 1);
            if (rest.startsWith("name")) {
                return ProblemPlaces.Placement.at(prefix + "nameEs");
            }
            if (rest.startsWith("description")) {
                return ProblemPlaces.Placement.at(prefix + "descEs");
            }
            if (rest.startsWith("retired")) {
                return ProblemPlaces.Placement.at(prefix + "retired");
            }
            for (String list : List.of("services", "categories", "templates")) {
                int i = ProblemPlaces.indexUnder(problem.path(), at + "/" + list);
                if (i < 0 && rest.equals(list) && problem.code().equals("duplicate") && !problem.args().isEmpty()) {
                    Added a = added.get(problem.args().get(0));
                    return a == null ? null : ProblemPlaces.Placement.at(a.keyId());
                }
                if (i >= 0) {
                    String key = item.path(list).path(i).path("key").asText();
                    Added a = added.get(key);
                    if (a != null) {
                        return ProblemPlaces.Placement.at(ProblemPlaces.after(problem.path(), at + "/" + list, i)
                                .equals("key") ? a.keyId() : a.nameId());
                    }
                    int row = rows.getOrDefault(list, List.of()).indexOf(key);
                    return row < 0 ? null : ProblemPlaces.Placement.at(list.charAt(0) + String.valueOf(row) + "-"
                            + (list.equals("templates") ? "position" : "nameEs"));
                }
            }
            return ProblemPlaces.Placement.at(prefix + (prefix.isEmpty() ? "nameEs" : "key"));
        };
    }

    /** The JSON pointer of {@code target} (by identity) under {@code node}, or null. */
    @Nullable
    static String pathOf(JsonNode node, JsonNode target, String at) {
        if (node == target) {
            return at;
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = pathOf(node.get(i), target, at + "/" + i);
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String found = pathOf(e.getValue(), target, at + "/" + e.getKey());
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
