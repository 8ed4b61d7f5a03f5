package co.mesa.tenantconfig;

import java.util.List;

/**
 * One thing wrong with tenant data: the file, the JSON-pointer path inside it, and what is wrong — in
 * English for people reading a folder's check ({@code message}), and as a {@code code} with its
 * {@code args} for pages that say it in the reader's language next to the input it concerns
 * ({@code schema.<keyword>} for a JSON Schema rule, e.g. {@code schema.maximum} with the limit;
 * {@code unreadable} for a value of the right shape that is not what it says, e.g. a date
 * {@code 2026-02-30}; {@code duplicate} with the key; {@code unknown} with what and the key;
 * {@code other} for the rest).
 */
public record ConfigProblem(String file, String path, String message, String code, List<String> args)
        implements Comparable<ConfigProblem> {

    public static final String OTHER = "other";

    public ConfigProblem {
        code = code == null || code.isBlank() ? OTHER : code;
        args = args == null ? List.of() : List.copyOf(args);
    }

    public ConfigProblem(String file, String path, String message) {
        this(file, path, message, OTHER, List.of());
    }

    @Override
    public String toString() {
        return file + ": " + (path == null || path.isEmpty() ? "/" : path) + ": " + message;
    }

    @Override
    public int compareTo(ConfigProblem o) {
        return toString().compareTo(o.toString());
    }
}
