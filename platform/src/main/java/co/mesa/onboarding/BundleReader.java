package co.mesa.onboarding;

import co.mesa.shared.Messages;
import co.mesa.shared.Problem;
import co.mesa.shared.ProblemException;
import co.mesa.tenantconfig.ConfigKind;
import co.mesa.tenantconfig.ConfigProblem;
import co.mesa.tenantconfig.TenantBundle;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.tenantconfig.TenantConfigValidator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.micronaut.http.HttpStatus;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Reads and validates an operator's tenant bundle (a zip of one tenant folder plus {@code onboarding.yaml}
 * and optional branding), collecting every problem before answering: one 422 lists them all.
 */
final class BundleReader {

    /** Limit for the zip and for its uncompressed content (a zip bomb stops here too). */
    static final int MAX_BYTES = 5 * 1024 * 1024;
    static final int MAX_LOGO_BYTES = 512 * 1024;
    static final String ONBOARDING_FILE = "onboarding.yaml";
    static final String LOGO_SVG = "branding/logo.svg";
    static final String LOGO_PNG = "branding/logo.png";
    static final String THEME = "branding/theme.properties";

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Pattern USERNAME = Pattern.compile("^[a-z0-9._-]{3,64}$");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final Pattern COLOR = Pattern.compile("^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$");
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    /** The first tenant administrator, from {@code onboarding.yaml}. */
    record Admin(String username, String email, String firstName, String lastName) {
    }

    /** A bundle that passed every check. {@code hash} is over entry names and bytes (not zip metadata). */
    record Upload(String slug, TenantBundle bundle, TenantConfig config, Admin admin, byte[] logo, String logoMediaType,
                  Map<String, String> colors, String hash, String prefix) {
    }

    private final TenantConfigValidator validator;
    private final Messages messages;
    private final Locale locale;
    private final List<Problem.InvalidParam> problems = new ArrayList<>();
    private boolean unreadableZip;

    BundleReader(TenantConfigValidator validator, Messages messages, Locale locale) {
        this.validator = validator;
        this.messages = messages;
        this.locale = locale;
    }

    /** The validated upload, or a 422 problem listing every invalid entry. */
    Upload read(byte[] zip) {
        if (zip == null || zip.length == 0 || zip.length > MAX_BYTES) {
            add("bundle", zip != null && zip.length > MAX_BYTES
                    ? msg("onboarding.bundle.too-big", MAX_BYTES / (1024 * 1024))
                    : msg("onboarding.bundle.not-zip", "empty"));
            throw invalid();
        }
        Map<String, byte[]> entries = unzip(zip);
        if (unreadableZip || entries.isEmpty()) {
            if (problems.isEmpty()) {
                add("bundle", msg("onboarding.bundle.not-zip", "no files"));
            }
            throw invalid();
        }
        // Unsafe entries were skipped and reported; the rest is still checked so one answer lists everything.
        String prefix = prefix(entries);
        if (prefix == null) {
            add("bundle", msg("onboarding.bundle.one-folder"));
            throw invalid();
        }
        Map<String, byte[]> files = new TreeMap<>();
        entries.forEach((name, bytes) -> files.put(name.substring(prefix.length()), bytes));

        Map<ConfigKind, JsonNode> documents = new EnumMap<>(ConfigKind.class);
        List<String> unreadable = new ArrayList<>();
        JsonNode onboarding = null;
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            String name = f.getKey();
            var kind = name.contains("/") ? java.util.Optional.<ConfigKind>empty() : ConfigKind.byFileName(name);
            if (kind.isPresent() || name.equals(ONBOARDING_FILE)) {
                JsonNode node = yaml(prefix + name, f.getValue());
                if (node == null) {
                    unreadable.add(name);
                } else if (kind.isPresent()) {
                    documents.put(kind.get(), node);
                } else {
                    onboarding = node;
                }
            } else if (!name.equals(LOGO_SVG) && !name.equals(LOGO_PNG) && !name.equals(THEME)) {
                add(prefix + name, msg("onboarding.bundle.unknown-file"));
            }
        }
        for (ConfigKind kind : ConfigKind.values()) {
            if (!files.containsKey(kind.fileName())) {
                add(prefix + kind.fileName(), msg("onboarding.bundle.missing-file"));
            }
        }
        Admin admin = null;
        if (onboarding != null) {
            admin = admin(prefix + ONBOARDING_FILE, onboarding);
        } else if (!unreadable.contains(ONBOARDING_FILE)) {
            add(prefix + ONBOARDING_FILE, msg("onboarding.bundle.missing-file"));
        }

        String slug = !prefix.isEmpty() ? prefix.substring(0, prefix.length() - 1)
                : documents.containsKey(ConfigKind.TENANT) && documents.get(ConfigKind.TENANT).path("slug").isTextual()
                ? documents.get(ConfigKind.TENANT).get("slug").asText() : "tenant";
        TenantBundle bundle = new TenantBundle(slug, documents);
        TenantConfigValidator.Result result = validator.check(bundle);
        for (ConfigProblem p : result.problems()) {
            String file = p.file().substring(p.file().indexOf('/') + 1);
            if (unreadable.contains(file) || !files.containsKey(file)) {
                continue; // already reported as missing or unreadable
            }
            String pointer = p.path() == null || p.path().isEmpty() || !p.path().startsWith("/") ? "" : p.path();
            add(prefix + file + (pointer.isEmpty() ? "" : "#" + pointer), p.message());
        }

        byte[] logo = files.containsKey(LOGO_SVG) ? files.get(LOGO_SVG) : files.get(LOGO_PNG);
        String logoType = files.containsKey(LOGO_SVG) ? "image/svg+xml" : logo != null ? "image/png" : null;
        if (logo != null && !logoLooksRight(logo, logoType)) {
            add(prefix + (files.containsKey(LOGO_SVG) ? LOGO_SVG : LOGO_PNG),
                    msg("onboarding.branding.logo", MAX_LOGO_BYTES / 1024));
        }
        Map<String, String> colors = files.containsKey(THEME) ? colors(prefix + THEME, files.get(THEME)) : Map.of();

        if (!problems.isEmpty()) {
            throw invalid();
        }
        return new Upload(slug, bundle, result.config(), admin, logo, logoType, colors, hash(files), prefix);
    }

    /** Adds a problem found later (names taken by other tenants) and fails with all of them. */
    ProblemException conflicts(List<Problem.InvalidParam> found) {
        problems.addAll(found);
        return invalid();
    }

    private Map<String, byte[]> unzip(byte[] zip) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        long total = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            ZipEntry entry;
            byte[] buffer = new byte[8192];
            while ((entry = in.getNextEntry()) != null) {
                String name = entry.getName();
                if (!safe(name)) {
                    add(name, msg("onboarding.bundle.unsafe-path"));
                    continue;
                }
                if (entry.isDirectory() || ignored(name)) {
                    continue;
                }
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                int n;
                while ((n = in.read(buffer)) > 0) {
                    total += n;
                    if (total > MAX_BYTES) {
                        add("bundle", msg("onboarding.bundle.too-big", MAX_BYTES / (1024 * 1024)));
                        unreadableZip = true;
                        return out;
                    }
                    bytes.write(buffer, 0, n);
                }
                out.put(name, bytes.toByteArray());
            }
        } catch (IOException | IllegalArgumentException e) {
            add("bundle", msg("onboarding.bundle.not-zip", e.getMessage()));
            unreadableZip = true;
        }
        return out;
    }

    /** Zip-slip: a name must stay inside the bundle wherever it is extracted. */
    static boolean safe(String name) {
        if (name.isEmpty() || name.startsWith("/") || name.contains("\\") || name.contains(":") || name.indexOf('\0') >= 0) {
            return false;
        }
        for (String segment : name.split("/")) {
            if (segment.equals("..") || segment.equals(".")) {
                return false;
            }
        }
        return true;
    }

    /** Files archivers add on their own (macOS resource forks, dot files). */
    private static boolean ignored(String name) {
        for (String segment : name.split("/")) {
            if (segment.startsWith(".") || segment.equals("__MACOSX")) {
                return true;
            }
        }
        return false;
    }

    /** "" when the files are at the root, "<folder>/" when all are inside one folder, null otherwise. */
    private static String prefix(Map<String, byte[]> entries) {
        String folder = null;
        for (String name : entries.keySet()) {
            int slash = name.indexOf('/');
            String top = slash < 0 ? "" : name.substring(0, slash);
            if (top.isEmpty() || top.equals("branding")) {
                return entries.keySet().stream().anyMatch(n -> !n.startsWith("branding/") && n.contains("/")) ? null : "";
            }
            if (folder != null && !folder.equals(top)) {
                return null;
            }
            folder = top;
        }
        return folder + "/";
    }

    private JsonNode yaml(String path, byte[] bytes) {
        try {
            JsonNode node = YAML.readTree(new String(bytes, StandardCharsets.UTF_8));
            if (node == null || !node.isObject()) {
                add(path, msg("onboarding.bundle.yaml", "—"));
                return null;
            }
            return node;
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
            add(path, msg("onboarding.bundle.yaml", where + e.getOriginalMessage().lines().findFirst().orElse("")));
            return null;
        }
    }

    private Admin admin(String path, JsonNode node) {
        String username = text(path, node, "username");
        String email = text(path, node, "email");
        String first = text(path, node, "firstName");
        String last = text(path, node, "lastName");
        if (username != null && !USERNAME.matcher(username).matches()) {
            add(path + "#/username", msg("onboarding.admin.username"));
        }
        if (email != null && !EMAIL.matcher(email).matches()) {
            add(path + "#/email", msg("onboarding.admin.email"));
        }
        return new Admin(username, email, first, last);
    }

    private String text(String path, JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            add(path + "#/" + field, msg("onboarding.admin.required"));
            return null;
        }
        return value.asText().trim();
    }

    private Map<String, String> colors(String path, byte[] bytes) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(new String(bytes, StandardCharsets.UTF_8)));
        } catch (IOException | IllegalArgumentException e) {
            add(path, msg("onboarding.branding.color"));
            return Map.of();
        }
        Map<String, String> colors = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            String value = p.getProperty(key).trim();
            if (!key.startsWith("color.") || key.length() == "color.".length() || !COLOR.matcher(value).matches()) {
                add(path + "#/" + key, msg("onboarding.branding.color"));
            } else {
                colors.put(key.substring("color.".length()), value);
            }
        }
        return colors;
    }

    private static boolean logoLooksRight(byte[] logo, String type) {
        if (logo.length == 0 || logo.length > MAX_LOGO_BYTES) {
            return false;
        }
        if ("image/png".equals(type)) {
            return logo.length > PNG_SIGNATURE.length
                    && java.util.Arrays.equals(java.util.Arrays.copyOf(logo, PNG_SIGNATURE.length), PNG_SIGNATURE);
        }
        return new String(logo, StandardCharsets.UTF_8).contains("<svg");
    }

    private static String hash(Map<String, byte[]> files) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, byte[]> f : new TreeMap<>(files).entrySet()) {
                sha.update(f.getKey().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(Integer.toString(f.getValue().length).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(f.getValue());
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void add(String name, String reason) {
        problems.add(new Problem.InvalidParam(name, reason));
    }

    private String msg(String key, Object... args) {
        return messages.get(locale, key, args);
    }

    private ProblemException invalid() {
        return new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, "invalid-bundle", "problem.onboarding.invalid.title",
                "problem.onboarding.invalid.detail", List.copyOf(problems));
    }
}
