package co.mesa.adminpages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Small pieces the catalog's structure pages share (issue 21): reading typed text, writing names in
 * both languages, the retired flag, and moving items of a list by the positions the administrator
 * typed. The rules of the data itself stay with the tenant-data checks that {@code editLive} runs;
 * these only say, next to the input and in the person's language, what the form cannot even express.
 */
final class CatalogEdits {

    static final int MAX_NAME = 200;
    static final int MAX_TEXT = 500;

    private CatalogEdits() {
    }

    static String text(Map<String, String> form, String name) {
        String v = form.get(name);
        return v == null ? "" : v.strip();
    }

    /** The value to show: what was typed when a form came back, else what is live. */
    static String shown(@Nullable Map<String, String> typed, String id, String live) {
        return typed == null ? live : text(typed, id);
    }

    static String es(JsonNode i18n) {
        return i18n.path("es-CO").asText("");
    }

    static String en(JsonNode i18n) {
        return i18n.path("en").asText("");
    }

    /** Checks a required Spanish name and an optional English one, at {@code <prefix>nameEs}. */
    static void checkName(Map<String, String> form, String prefix, Errors errors, String requiredKey) {
        String es = text(form, prefix + "nameEs");
        String en = text(form, prefix + "nameEn");
        if (es.isEmpty()) {
            errors.field(prefix + "nameEs", requiredKey);
        } else if (es.length() > MAX_NAME) {
            errors.field(prefix + "nameEs", "admin.error.too-long", MAX_NAME);
        }
        if (en.length() > MAX_NAME) {
            errors.field(prefix + "nameEn", "admin.error.too-long", MAX_NAME);
        }
    }

    static void checkDescription(Map<String, String> form, Errors errors) {
        for (String id : List.of("descEs", "descEn")) {
            if (text(form, id).length() > MAX_TEXT) {
                errors.field(id, "admin.error.too-long", MAX_TEXT);
            }
        }
    }

    /** A new key: its form, and not one of {@code taken}. */
    static void checkKey(String id, String key, java.util.Collection<String> taken, Errors errors) {
        if (!TemplateForm.KEY.matcher(key).matches()) {
            errors.field(id, "admin.template.error.key");
        } else if (taken.contains(key)) {
            errors.field(id, "admin.template.error.key-taken", key);
        }
    }

    /** A position typed as a whole number 1–999 (larger than the list: last). */
    static void checkPosition(String id, String raw, int size, Errors errors) {
        if (!raw.matches("\\d{1,3}") || Integer.parseInt(raw) < 1) {
            errors.field(id, "admin.template.error.position", size);
        }
    }

    static void putI18n(ObjectNode node, String field, String es, String en) {
        if (es.isEmpty() && en.isEmpty()) {
            node.remove(field);
            return;
        }
        ObjectNode o = node.putObject(field);
        o.put("es-CO", es.isEmpty() ? en : es);
        if (!en.isEmpty()) {
            o.put("en", en);
        }
    }

    static void putRetired(ObjectNode node, boolean retired) {
        if (retired) {
            node.put("retired", true);
        } else {
            node.remove("retired");
        }
    }

    /** Reorders {@code list} by the typed positions (1-based; ties keep the old order). */
    static void reorder(ArrayNode list, List<String> positions) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingInt((Integer i) -> Integer.parseInt(positions.get(i))).thenComparingInt(i -> i));
        List<JsonNode> moved = order.stream().map(list::get).toList();
        list.removeAll();
        moved.forEach(list::add);
    }

    /** Moves the item at {@code from} to the 1-based {@code position} (clamped to the list). */
    static void move(ArrayNode list, int from, int position) {
        int to = Math.max(0, Math.min(list.size() - 1, position - 1));
        if (to == from) {
            return;
        }
        JsonNode item = list.remove(from);
        list.insert(to, item);
    }

    static int indexOf(JsonNode list, String key) {
        for (int i = 0; i < list.size(); i++) {
            if (key.equals(list.get(i).path("key").asText())) {
                return i;
            }
        }
        return -1;
    }

    /** The line (and the index of the service in it) that offers a service, in a live catalog document. */
    record ServiceAt(ObjectNode line, ObjectNode service, int index) {
    }

    static Optional<ServiceAt> service(ObjectNode catalog, String key) {
        for (JsonNode line : catalog.path("serviceLines")) {
            int i = indexOf(line.path("services"), key);
            if (i >= 0) {
                return Optional.of(new ServiceAt((ObjectNode) line, (ObjectNode) line.path("services").get(i), i));
            }
        }
        return Optional.empty();
    }

    static List<String> allServiceKeys(ObjectNode catalog) {
        List<String> out = new ArrayList<>();
        catalog.path("serviceLines").forEach(l -> l.path("services").forEach(s -> out.add(s.path("key").asText())));
        return out;
    }

    static List<String> allTemplateKeys(ObjectNode catalog) {
        List<String> out = new ArrayList<>();
        catalog.path("serviceLines").forEach(l -> l.path("services").forEach(s -> s.path("templates")
                .forEach(t -> out.add(t.path("key").asText()))));
        return out;
    }

    static List<String> keys(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(i -> out.add(i.path("key").asText()));
        return out;
    }

    /** A new item with key, name and nothing else yet. */
    static ObjectNode item(ObjectNode into, String key, String nameEs, String nameEn) {
        into.put("key", key);
        putI18n(into, "name", nameEs, nameEn);
        return into;
    }
}
