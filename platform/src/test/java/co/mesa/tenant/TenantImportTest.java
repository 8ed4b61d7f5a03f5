package co.mesa.tenant;

import co.mesa.testsupport.NeedsServices;
import co.mesa.shared.TenantTransactions;
import co.mesa.tenantconfig.ConfigKind;
import co.mesa.testsupport.Json;
import co.mesa.testsupport.MesaPlatform;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Importing tenant folders: idempotent by content hash, one importer at a time, live edits
 * protected, new tenants served without a restart. Each test works on its own tenant, copied
 * from the minimal fixture under a fresh slug, so tests do not disturb each other.
 */
@NeedsServices
class TenantImportTest {

    static final AtomicInteger SEQ = new AtomicInteger();

    static MesaPlatform platform;
    static TenantConfigService service;
    static TenantRegistry registry;
    static TenantTransactions tx;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        platform = MesaPlatform.get();
        service = platform.bean(TenantConfigService.class);
        registry = platform.bean(TenantRegistry.class);
        tx = platform.bean(TenantTransactions.class);
    }

    @Test
    void theLaunchTenantsWereImportedAtStartWithEveryKind() {
        for (String slug : List.of("funcion-publica", "prosperidad-social")) {
            TenantContext t = registry.bySlug(slug).orElseThrow();
            assertThat(kindsStored(t)).containsExactlyInAnyOrder(ConfigKind.values());
        }
    }

    @Test
    void reimportingAnUnchangedFolderChangesNothing() throws IOException {
        Path folder = newTenantFolder();
        ImportReport first = service.importFolder(folder, "test");
        assertThat(first.outcome()).isEqualTo(ImportReport.Outcome.IMPORTED);
        assertThat(first.applied()).containsExactly(ConfigKind.values());
        TenantContext t = registry.bySlug(slug(folder)).orElseThrow();
        long versions = count(t, "SELECT count(*) FROM tenant_config_version");
        long imports = count(t, "SELECT count(*) FROM tenant_config_import");

        // Comments and key order are not content: rewrite one file with a comment and reordered keys.
        Path calendars = folder.resolve("calendars.yaml");
        Files.writeString(calendars, "# reformatted, same meaning\n" + Files.readString(calendars)
                .replace("kind: Calendars\nschemaVersion: 1\n", "schemaVersion: 1\nkind: Calendars\n"));
        ImportReport again = service.importFolder(folder, "test");

        assertThat(again.outcome()).isEqualTo(ImportReport.Outcome.UNCHANGED);
        assertThat(count(t, "SELECT count(*) FROM tenant_config_version")).isEqualTo(versions);
        assertThat(count(t, "SELECT count(*) FROM tenant_config_import")).isEqualTo(imports);
        assertThat(registry.bySlug(slug(folder)).orElseThrow().revision()).isEqualTo(t.revision());
    }

    @Test
    void aChangedFolderImportsOnlyTheChangedKindRecordingWhoWhenAndWhat() throws IOException {
        Path folder = newTenantFolder();
        service.importFolder(folder, "first-importer");
        edit(folder.resolve("sla.yaml"), "PT4H", "PT6H");

        ImportReport report = service.importFolder(folder, "second-importer");

        assertThat(report.outcome()).isEqualTo(ImportReport.Outcome.IMPORTED);
        assertThat(report.applied()).containsExactly(ConfigKind.SLA_POLICIES);
        TenantContext t = registry.bySlug(slug(folder)).orElseThrow();
        List<String> latest = tx.read(t.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT version, changed_by, changes::text, changed_at IS NOT NULL FROM tenant_config_version "
                            + "WHERE kind = 'SLA_POLICIES' ORDER BY version DESC LIMIT 1");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
            }
        });
        assertThat(latest).containsExactly("2", "second-importer", "[\"changed /policies/0/targets/0/resolution\"]", "t");
        // Served at once, without a restart.
        assertThat(t.config().sla().policies().get(0).targets().get(0).resolution().hours()).hasHours(6);
    }

    @Test
    void aKindEditedLiveIsRefusedAndReportedWhileTheOtherKindsImport() throws IOException {
        Path folder = newTenantFolder();
        service.importFolder(folder, "test");
        TenantContext t = registry.bySlug(slug(folder)).orElseThrow();

        // An administrator renames a service in the live catalog.
        ObjectNode liveCatalog = (ObjectNode) service.live(t.id(), t.slug()).documents().get(ConfigKind.CATALOG).deepCopy();
        ((ObjectNode) liveCatalog.at("/serviceLines/0/services/0/name")).put("es-CO", "Correo institucional");
        service.editLive(t, ConfigKind.CATALOG, liveCatalog, "admin@" + t.slug());

        // Meanwhile the folder changes both the catalog and the calendars.
        edit(folder.resolve("catalog.yaml"), "Correo electrónico", "Correo y calendario");
        edit(folder.resolve("calendars.yaml"), "to: \"17:00\"", "to: \"18:00\"");
        ImportReport report = service.importFolder(folder, "test");

        assertThat(report.outcome()).isEqualTo(ImportReport.Outcome.PARTIAL);
        assertThat(report.applied()).containsExactly(ConfigKind.CALENDARS);
        assertThat(report.refused()).containsOnlyKeys(ConfigKind.CATALOG);
        assertThat(report.refused().get(ConfigKind.CATALOG)).contains("edited live by admin@" + t.slug());
        TenantContext now = registry.bySlug(t.slug()).orElseThrow();
        assertThat(now.config().catalog().serviceLines().get(0).services().get(0).name().texts().get("es-CO"))
                .as("the administrator's work is kept").isEqualTo("Correo institucional");
        assertThat(now.config().calendars().calendars().get(0).hours().get(0).to()).isEqualTo("18:00");
        String stored = tx.read(t.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT refused_kinds::text || ' ' || report FROM tenant_config_import ORDER BY id DESC LIMIT 1");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        });
        assertThat(stored).startsWith("{CATALOG} ").contains("refused CATALOG");
    }

    @Test
    void anInvalidFolderChangesNothingAndSaysWhy() throws IOException {
        Path folder = newTenantFolder();
        service.importFolder(folder, "test");
        TenantContext before = registry.bySlug(slug(folder)).orElseThrow();
        edit(folder.resolve("routing.yaml"), "      group: mesa", "      group: redes");

        ImportReport report = service.importFolder(folder, "test");

        assertThat(report.outcome()).isEqualTo(ImportReport.Outcome.INVALID);
        assertThat(report.problems()).anySatisfy(p -> assertThat(p)
                .isEqualTo(slug(folder) + "/routing.yaml: /rules/0/assignTo/group: group 'redes' does not exist in groups.yaml; known: [mesa]"));
        assertThat(registry.bySlug(slug(folder)).orElseThrow().revision()).isEqualTo(before.revision());
    }

    @Test
    void aHostAlreadyServedByAnotherTenantIsRefused() throws IOException {
        Path folder = newTenantFolder();
        edit(folder.resolve("tenant.yaml"), "hosts: [" + slug(folder) + ".localhost]", "hosts: [funcion-publica.localhost]");

        ImportReport report = service.importFolder(folder, "test");

        assertThat(report.outcome()).isEqualTo(ImportReport.Outcome.INVALID);
        assertThat(report.problems()).singleElement().asString().contains("already served by tenant 'funcion-publica'");
        assertThat(registry.bySlug(slug(folder))).isEmpty();
        assertThat(registry.byHost("funcion-publica.localhost").orElseThrow().slug()).isEqualTo("funcion-publica");
    }

    @Test
    void replicasImportingTogetherImportOnce() throws Exception {
        Path folder = newTenantFolder();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Callable<ImportReport> task = () -> service.importFolder(folder, "replica");
            List<Future<ImportReport>> all = pool.invokeAll(List.of(task, task, task));
            List<ImportReport.Outcome> outcomes = all.stream().map(f -> {
                try {
                    return f.get().outcome();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
            assertThat(outcomes).containsExactlyInAnyOrder(ImportReport.Outcome.IMPORTED,
                    ImportReport.Outcome.UNCHANGED, ImportReport.Outcome.UNCHANGED);
        } finally {
            pool.shutdownNow();
        }
        TenantContext t = registry.bySlug(slug(folder)).orElseThrow();
        assertThat(count(t, "SELECT count(*) FROM tenant_config_import")).isEqualTo(1);
        assertThat(count(t, "SELECT count(*) FROM tenant_config_version")).isEqualTo(ConfigKind.values().length);
    }

    @Test
    void aNewTenantIsServedOnItsHostWithoutARestart() throws IOException {
        Path folder = newTenantFolder();
        String host = slug(folder) + ".localhost";
        assertThat(platform.get(host, "/api/v1/tenant").statusCode()).isEqualTo(404);

        service.importFolder(folder, "test");
        registry.refresh();

        JsonNode tenant = Json.parse(platform.get(host, "/api/v1/tenant").body());
        assertThat(tenant.get("slug").asText()).isEqualTo(slug(folder));
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** A copy of the minimal fixture as a new tenant with its own slug, host and realm. */
    private Path newTenantFolder() throws IOException {
        String slug = "import-" + ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet();
        Path folder = Files.createDirectories(tmp.resolve(slug));
        Path minimal = MesaPlatform.repoRoot().resolve("tenant-config/fixtures/valid/minimal");
        try (Stream<Path> files = Files.list(minimal)) {
            for (Path f : files.toList()) {
                Files.copy(f, folder.resolve(f.getFileName()));
            }
        }
        edit(folder.resolve("tenant.yaml"), "slug: minimal", "slug: " + slug);
        edit(folder.resolve("tenant.yaml"), "hosts: [minimal.localhost]", "hosts: [" + slug + ".localhost]");
        edit(folder.resolve("tenant.yaml"), "realm: minimal", "realm: " + slug);
        new YAMLMapper().readTree(folder.resolve("tenant.yaml").toFile()); // still YAML
        return folder;
    }

    private static void edit(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        assertThat(text).as("fixture text to replace in " + file.getFileName()).contains(from);
        Files.writeString(file, text.replace(from, to));
    }

    private static String slug(Path folder) {
        return folder.getFileName().toString();
    }

    private static long count(TenantContext t, String sql) {
        return tx.read(t.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private static List<ConfigKind> kindsStored(TenantContext t) {
        return tx.read(t.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT kind FROM tenant_config_version");
                 ResultSet rs = ps.executeQuery()) {
                List<ConfigKind> out = new java.util.ArrayList<>();
                while (rs.next()) {
                    out.add(ConfigKind.valueOf(rs.getString(1)));
                }
                return out;
            }
        });
    }
}
