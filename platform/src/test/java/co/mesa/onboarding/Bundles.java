package co.mesa.onboarding;

import co.mesa.testsupport.MesaPlatform;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Test bundles: the {@code minimal} fixture under a fresh slug, host and realm, plus onboarding and branding files. */
final class Bundles {

    static final String LOGO_SVG = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><rect width=\"10\" height=\"10\"/></svg>";

    private Bundles() {
    }

    static String freshSlug(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Relative path (inside the folder) → content, for a valid bundle of {@code slug}. */
    static Map<String, byte[]> files(String slug) {
        Path fixture = MesaPlatform.repoRoot().resolve("tenant-config/fixtures/valid/minimal");
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (Stream<Path> list = Files.list(fixture)) {
            for (Path p : list.sorted().toList()) {
                String text = Files.readString(p);
                if (p.getFileName().toString().equals("tenant.yaml")) {
                    text = text.replace("slug: minimal", "slug: " + slug)
                            .replace("hosts: [minimal.localhost]", "hosts: [" + slug + ".localhost]")
                            .replace("realm: minimal", "realm: " + slug)
                            // RealmProvisioner needs shortName and the identity settings the schema leaves optional (see the report).
                            .replace("hosts: [", "shortName: {es-CO: \"Mínima\"}\nhosts: [")
                            .replace("  localAccounts: true\n", "  localAccounts: true\n  loginTheme: mesa\n"
                                    + "  resetPasswordByEmail: true\n  registrationAllowed: false\n  accessTokenLifespan: PT5M\n");
                }
                files.put(p.getFileName().toString(), text.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files.put("onboarding.yaml", ("username: admin-" + slug + "\nemail: admin@" + slug + ".example.invalid\n"
                + "firstName: Inés\nlastName: Restrepo Gil\n").getBytes(StandardCharsets.UTF_8));
        files.put("branding/logo.svg", LOGO_SVG.getBytes(StandardCharsets.UTF_8));
        files.put("branding/theme.properties", "color.primary=#1a4d8f\ncolor.accent=#f2a900\n".getBytes(StandardCharsets.UTF_8));
        return files;
    }

    /** A zip with every file under {@code folder/} (or at the root when folder is empty). */
    static byte[] zip(String folder, Map<String, byte[]> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(f.getKey().startsWith("../") || folder.isEmpty()
                        ? f.getKey() : folder + "/" + f.getKey()));
                zip.write(f.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
