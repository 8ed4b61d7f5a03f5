package co.mesa.adminpages;

import io.micronaut.core.annotation.Nullable;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which posted row of a list edits which live item (issue 21): each row carries its item's key in a
 * hidden {@code <letter><n>-key} input, so a save applies an edit to the item it was typed for even when
 * another administrator inserted or reordered items meanwhile (after a conflict, the re-save is on top
 * of a list that may have moved). An item no row names — added by someone else since — is left as it
 * is. A form carrying no keys at all (a page from before keys were carried) is read by position. Each
 * row also carries the position it was shown at ({@code <letter><n>-was}): a row the administrator did
 * not move keeps the item's current place, so a re-save does not undo another's reorder.
 */
final class RowKeys {

    private final String letter;
    private final Map<String, String> prefixByKey = new HashMap<>();

    private RowKeys(String letter) {
        this.letter = letter;
    }

    static RowKeys of(Map<String, String> form, String letter) {
        RowKeys keys = new RowKeys(letter);
        Pattern p = Pattern.compile(Pattern.quote(letter) + "(\\d{1,4})-key");
        for (Map.Entry<String, String> e : form.entrySet()) {
            Matcher m = p.matcher(e.getKey());
            if (m.matches() && e.getValue() != null && !e.getValue().isBlank()) {
                keys.prefixByKey.putIfAbsent(e.getValue().strip(), letter + m.group(1) + "-");
            }
        }
        return keys;
    }

    /** The posted prefix of the row for the live item {@code key} at {@code index}; null when no row names it. */
    @Nullable
    String prefix(String key, int index) {
        return prefixByKey.isEmpty() ? letter + index + "-" : prefixByKey.get(key);
    }

    /**
     * The posted form with each row of this list renamed to the live position of the item its key names
     * ({@code <letter><i>-…}), so that checks, messages and the re-shown page line up with the live list;
     * an item no row names gets {@code untouched}'s values (its live ones, by input name without prefix).
     * A form carrying no keys comes back as it is.
     */
    static Map<String, String> aligned(Map<String, String> form, String letter, List<String> liveKeys,
                                       IntFunction<Map<String, String>> untouched) {
        RowKeys keys = of(form, letter);
        if (keys.prefixByKey.isEmpty()) {
            return form;
        }
        Pattern row = Pattern.compile(Pattern.quote(letter) + "\\d{1,4}-.*");
        Map<String, String> out = new HashMap<>();
        form.forEach((name, value) -> {
            if (!row.matcher(name).matches()) {
                out.put(name, value);
            }
        });
        for (int i = 0; i < liveKeys.size(); i++) {
            String p = letter + i + "-";
            String in = keys.prefixByKey.get(liveKeys.get(i));
            if (in == null) {
                untouched.apply(i).forEach((input, value) -> out.put(p + input, value));
            } else {
                form.forEach((name, value) -> {
                    if (name.startsWith(in)) {
                        out.put(p + name.substring(in.length()), value);
                    }
                });
                if (unmoved(form, in)) {
                    // Not moved by this administrator: it keeps the place it has now (another may have moved it).
                    out.put(p + "position", String.valueOf(i + 1));
                }
            }
            out.put(p + "was", String.valueOf(i + 1));
        }
        return out;
    }

    /**
     * True when the row's position is still the one its page showed ({@code <prefix>was}): the
     * administrator did not move it, so a save keeps the item where it is now rather than where it was.
     */
    static boolean unmoved(Map<String, String> form, String prefix) {
        String was = form.get(prefix + "was");
        String position = form.get(prefix + "position");
        return was != null && position != null && was.strip().equals(position.strip());
    }
}
