package co.mesa.tenantconfig;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Reads tenant folders ({@code tenant-config/<slug>/*.yaml}) into bundles. */
public final class TenantFolders {

    static final ObjectMapper YAML = new YAMLMapper();

    private TenantFolders() {
    }

    /** What reading a folder gave: the documents it could parse and the problems it found. */
    public record ReadResult(TenantBundle bundle, List<ConfigProblem> problems) {
    }

    /** The tenant folders under a root: every direct subfolder holding a {@code tenant.yaml}. */
    public static List<Path> list(Path root) throws IOException {
        try (Stream<Path> children = Files.list(root)) {
            return children.filter(p -> Files.isRegularFile(p.resolve(ConfigKind.TENANT.fileName())))
                    .sorted()
                    .toList();
        }
    }

    public static ReadResult read(Path folder) throws IOException {
        String slug = folder.getFileName().toString();
        List<ConfigProblem> problems = new ArrayList<>();
        Map<ConfigKind, JsonNode> documents = new EnumMap<>(ConfigKind.class);
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (!name.endsWith(".yaml") && !name.endsWith(".yml")) {
                    continue;
                }
                var kind = ConfigKind.byFileName(name);
                if (kind.isEmpty()) {
                    problems.add(new ConfigProblem(slug + "/" + name, "",
                            "unknown file: expected one of " + expectedFiles()));
                    continue;
                }
                parse(slug + "/" + name, Files.readString(file), problems)
                        .ifPresent(node -> documents.put(kind.get(), node));
            }
        }
        for (ConfigKind kind : ConfigKind.values()) {
            if (!documents.containsKey(kind) && problems.stream().noneMatch(p -> p.file().endsWith("/" + kind.fileName()))) {
                problems.add(new ConfigProblem(slug + "/" + kind.fileName(), "", "file is missing"));
            }
        }
        return new ReadResult(new TenantBundle(slug, documents), problems);
    }

    static java.util.Optional<JsonNode> parse(String file, String text, List<ConfigProblem> problems) {
        try {
            JsonNode node = YAML.readTree(text);
            if (node == null || !node.isObject()) {
                problems.add(new ConfigProblem(file, "", "the file must hold one YAML mapping"));
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(node);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr();
            problems.add(new ConfigProblem(file, where, "not valid YAML: " + firstLines(e.getOriginalMessage())));
            return java.util.Optional.empty();
        }
    }

    /** SnakeYAML's message without its multi-line source excerpts: the reasons only, on one line. */
    private static String firstLines(String message) {
        return message.lines()
                .filter(l -> !l.isBlank() && !l.startsWith(" ") && !l.startsWith("\t"))
                .collect(java.util.stream.Collectors.joining("; "));
    }

    private static String expectedFiles() {
        return Stream.of(ConfigKind.values()).map(ConfigKind::fileName).toList().toString();
    }
}
