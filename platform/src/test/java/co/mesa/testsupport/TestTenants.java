package co.mesa.testsupport;

import co.mesa.identity.RealmKeys;
import co.mesa.identity.RealmProvisioner;
import co.mesa.tenant.ImportReport;
import co.mesa.tenant.TenantConfigService;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Tenants of a test's own: a copy of a launch tenant's folder under another slug, host
 * ({@code <slug>.localhost}), realm and mail domain, imported into the shared platform and with its
 * Keycloak realm provisioned (with the test clients). A test that asserts who routing picks within a
 * group, or counts a group's cases, works in such a copy, so that no other class's agents join its
 * groups (the rule in {@link MesaPlatform}).
 */
public final class TestTenants {

    private static final Map<String, String> HOSTS = new HashMap<>();

    private TestTenants() {
    }

    /**
     * A copy of {@code tenant-config/<source>} as tenant {@code slug} (imported once per run); returns its
     * host. Needs Keycloak ({@link NeedsKeycloak}).
     */
    public static synchronized String copyOf(String source, String slug) {
        return copyOf(source, slug, Map.of());
    }

    /** {@link #copyOf(String, String)} with text appended to some of the copy's files (by file name). */
    public static synchronized String copyOf(String source, String slug, Map<String, String> appended) {
        return copyOf(source, slug, appended, java.util.function.UnaryOperator.identity());
    }

    /** {@link #copyOf(String, String)} with the copy's tenant.yaml rewritten by {@code tenantEdit} (after the slug, host, realm). */
    public static synchronized String copyOf(String source, String slug, java.util.function.UnaryOperator<String> tenantEdit) {
        return copyOf(source, slug, Map.of(), tenantEdit);
    }

    /** {@link #copyOf(String, String)} with one of the copy's files (by file name) rewritten by {@code edit}. */
    public static synchronized String copyEditing(String source, String slug, String fileName,
                                                  java.util.function.UnaryOperator<String> edit) {
        return copyOf(source, slug, Map.of(), java.util.function.UnaryOperator.identity(),
                (name, text) -> name.equals(fileName) ? edit.apply(text) : text);
    }

    private static String copyOf(String source, String slug, Map<String, String> appended,
                                 java.util.function.UnaryOperator<String> tenantEdit) {
        return copyOf(source, slug, appended, tenantEdit, (name, text) -> text);
    }

    private static String copyOf(String source, String slug, Map<String, String> appended,
                                 java.util.function.UnaryOperator<String> tenantEdit,
                                 java.util.function.BiFunction<String, String, String> fileEdit) {
        String known = HOSTS.get(slug);
        if (known != null) {
            return known;
        }
        MesaPlatform platform = MesaPlatform.withKeycloak();
        String host = slug + ".localhost";
        Path tmp = null;
        try {
            tmp = Files.createTempDirectory("mesa-tenant-");
            Path folder = tmp.resolve(slug);
            Files.createDirectories(folder);
            try (Stream<Path> files = Files.list(MesaPlatform.repoRoot().resolve("tenant-config").resolve(source))) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    String text = Files.readString(f)
                            .replace("@" + source + ".example.invalid", "@" + slug + ".example.invalid");
                    if (f.getFileName().toString().equals("tenant.yaml")) {
                        text = text.replaceFirst("(?m)^slug: .*$", "slug: " + slug)
                                .replaceFirst("(?m)^hosts: .*$", "hosts: [" + host + "]")
                                .replaceFirst("(?m)^realm: .*$", "realm: " + slug);
                        text = tenantEdit.apply(text);
                    }
                    text = fileEdit.apply(f.getFileName().toString(), text)
                            + appended.getOrDefault(f.getFileName().toString(), "");
                    Files.writeString(folder.resolve(f.getFileName()), text);
                }
            }
            ImportReport report = platform.bean(TenantConfigService.class).importFolder(folder, "test");
            if (report.outcome() != ImportReport.Outcome.IMPORTED && report.outcome() != ImportReport.Outcome.UNCHANGED) {
                throw new IllegalStateException("cannot import a copy of " + source + " as " + slug + ": " + report);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (tmp != null) {
                LocalProcesses.deleteTree(tmp); // imported: the platform keeps its own copy
            }
        }
        TenantContext tenant = platform.bean(TenantRegistry.class).bySlug(slug).orElseThrow();
        platform.bean(RealmProvisioner.class).provision(tenant.config());
        TestRealms.ensureTestClients(slug, platform.bean(RealmKeys.class).audience());
        HOSTS.put(slug, host);
        return host;
    }
}
