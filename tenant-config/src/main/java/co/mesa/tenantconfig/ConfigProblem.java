package co.mesa.tenantconfig;

/** One thing wrong with tenant data: the file, the JSON-pointer path inside it, and what is wrong. */
public record ConfigProblem(String file, String path, String message) implements Comparable<ConfigProblem> {

    @Override
    public String toString() {
        return file + ": " + (path == null || path.isEmpty() ? "/" : path) + ": " + message;
    }

    @Override
    public int compareTo(ConfigProblem o) {
        return toString().compareTo(o.toString());
    }
}
