package co.mesa.tenantconfig;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A tenant's launch knowledge base: {@code <slug>/kb/*.md}, each file an article in Markdown after a YAML
 * front matter between {@code ---} lines (title, summary, audience, services, categories, keywords,
 * audienceGroups). Validated with the folder (a bad file fails the build) and imported once by the platform.
 */
public final class KnowledgeFolder {

    /** The folder beside the tenant's YAML files. */
    public static final String DIR = "kb";
    static final Pattern FILE = Pattern.compile("[a-z0-9][a-z0-9-]{0,80}\\.md");
    static final Set<String> AUDIENCES = Set.of("public", "staff", "agents");
    static final Set<String> FIELDS = Set.of("title", "summary", "audience", "services", "categories", "keywords",
            "audienceGroups");

    private KnowledgeFolder() {
    }

    /** One article file as written. */
    public record Entry(String file, String hash, String title, String summary, String audience, List<String> services,
                        List<String> categories, List<String> keywords, List<String> audienceGroups, String body) {
    }

    public record ReadResult(List<Entry> entries, List<ConfigProblem> problems) {
    }

    /** The articles of a tenant folder's {@code kb/} (none when it has no such folder), checked against its catalog. */
    public static ReadResult read(Path tenantFolder, TenantConfig config) throws IOException {
        String slug = tenantFolder.getFileName().toString();
        Path dir = tenantFolder.resolve(DIR);
        List<Entry> entries = new ArrayList<>();
        List<ConfigProblem> problems = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return new ReadResult(entries, problems);
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.sorted().toList()) {
                String name = p.getFileName().toString();
                String file = slug + "/" + DIR + "/" + name;
                if (!FILE.matcher(name).matches()) {
                    problems.add(new ConfigProblem(file, "", "unknown file: expected <lower-case-name>.md"));
                    continue;
                }
                String text = Files.readString(p, StandardCharsets.UTF_8);
                parse(file, name, text, config, problems).ifPresent(entries::add);
            }
        }
        return new ReadResult(entries, problems);
    }

    static java.util.Optional<Entry> parse(String file, String name, String text, TenantConfig config,
                                           List<ConfigProblem> problems) {
        String normalized = text.replace("\r\n", "\n");
        if (!normalized.startsWith("---\n")) {
            problems.add(new ConfigProblem(file, "", "must start with a front matter between '---' lines"));
            return java.util.Optional.empty();
        }
        int end = normalized.indexOf("\n---\n", 3);
        if (end < 0) {
            problems.add(new ConfigProblem(file, "", "the front matter has no closing '---' line"));
            return java.util.Optional.empty();
        }
        List<ConfigProblem> local = new ArrayList<>();
        JsonNode front = TenantFolders.parse(file, normalized.substring(4, end), local).orElse(null);
        problems.addAll(local);
        if (front == null) {
            return java.util.Optional.empty();
        }
        int before = problems.size();
        for (Iterator<String> it = front.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                problems.add(new ConfigProblem(file, "/" + f, "unknown field: expected one of " + FIELDS));
            }
        }
        String title = text(front, "title");
        String summary = text(front, "summary");
        String audience = text(front, "audience");
        String body = normalized.substring(end + 5).strip();
        if (title.isEmpty() || title.length() > 200) {
            problems.add(new ConfigProblem(file, "/title", "required, at most 200 characters"));
        }
        if (summary.isEmpty() || summary.length() > 500) {
            problems.add(new ConfigProblem(file, "/summary", "required, at most 500 characters"));
        }
        if (!AUDIENCES.contains(audience)) {
            problems.add(new ConfigProblem(file, "/audience", "must be one of " + AUDIENCES));
        }
        if (body.isEmpty()) {
            problems.add(new ConfigProblem(file, "", "the article's body (after the front matter) is empty"));
        }
        List<String> services = list(front, "services", file, problems);
        for (int i = 0; i < services.size(); i++) {
            if (config.catalog().service(services.get(i)).isEmpty()) {
                problems.add(new ConfigProblem(file, "/services/" + i, "unknown service '" + services.get(i) + "'"));
            }
        }
        List<String> categories = list(front, "categories", file, problems);
        for (int i = 0; i < categories.size(); i++) {
            String key = categories.get(i);
            boolean known = config.catalog().services().anyMatch(s -> s.categories() != null
                    && s.categories().stream().anyMatch(c -> c.key().equals(key)));
            if (!known) {
                problems.add(new ConfigProblem(file, "/categories/" + i, "unknown category '" + key + "'"));
            }
        }
        List<String> keywords = list(front, "keywords", file, problems);
        List<String> groups = list(front, "audienceGroups", file, problems);
        if (problems.size() > before) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Entry(name, sha256(normalized), title, summary, audience, services, categories,
                keywords, groups, body));
    }

    private static String text(JsonNode front, String field) {
        JsonNode n = front.get(field);
        return n == null || !n.isValueNode() ? "" : n.asText().strip();
    }

    private static List<String> list(JsonNode front, String field, String file, List<ConfigProblem> problems) {
        JsonNode n = front.get(field);
        List<String> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isArray()) {
            problems.add(new ConfigProblem(file, "/" + field, "must be a list"));
            return out;
        }
        for (JsonNode item : n) {
            if (!item.isValueNode() || item.asText().isBlank()) {
                problems.add(new ConfigProblem(file, "/" + field, "items must be non-empty text"));
            } else {
                out.add(item.asText().strip());
            }
        }
        return out;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
