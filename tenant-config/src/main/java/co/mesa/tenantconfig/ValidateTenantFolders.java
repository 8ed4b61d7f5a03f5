package co.mesa.tenantconfig;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Build step: validates every tenant folder under a root and fails (exit 1) listing each problem
 * as {@code <file>: <path>: <what is wrong>}. Also refuses a host or realm claimed by two tenants.
 */
public final class ValidateTenantFolders {

    private ValidateTenantFolders() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        List<String> problems = validateAll(root);
        if (!problems.isEmpty()) {
            System.err.println("Tenant data under " + root.toAbsolutePath().normalize() + " is invalid:");
            problems.forEach(p -> System.err.println("  " + p));
            // exec:java runs in the build's JVM: throw instead of System.exit so Maven reports the failure.
            throw new IllegalStateException(problems.size() + " problem(s) in tenant data; first: " + problems.get(0));
        }
        System.out.println("Tenant data valid: " + TenantFolders.list(root).size() + " tenant folder(s) under " + root);
    }

    /** Every problem in every tenant folder under {@code root}, as printable lines. */
    public static List<String> validateAll(Path root) throws IOException {
        TenantConfigValidator validator = new TenantConfigValidator();
        List<String> problems = new ArrayList<>();
        Map<String, String> hostOwner = new HashMap<>();
        Map<String, String> realmOwner = new HashMap<>();
        List<Path> folders = TenantFolders.list(root);
        if (folders.isEmpty()) {
            problems.add(root + ": no tenant folder (a folder holding tenant.yaml) found");
        }
        for (Path folder : folders) {
            TenantFolders.ReadResult read = TenantFolders.read(folder);
            read.problems().forEach(p -> problems.add(p.toString()));
            if (!read.problems().isEmpty()) {
                continue;
            }
            TenantConfigValidator.Result result = validator.check(read.bundle());
            result.problems().forEach(p -> problems.add(p.toString()));
            if (result.config() == null) {
                continue;
            }
            KnowledgeFolder.read(folder, result.config()).problems().forEach(p -> problems.add(p.toString()));
            String slug = read.bundle().slug();
            String file = slug + "/" + ConfigKind.TENANT.fileName();
            for (String host : result.config().tenant().hosts()) {
                String other = hostOwner.putIfAbsent(host, slug);
                if (other != null) {
                    problems.add(new ConfigProblem(file, "/hosts", "host '" + host + "' is already served by '" + other + "'").toString());
                }
            }
            String other = realmOwner.putIfAbsent(result.config().tenant().realm(), slug);
            if (other != null) {
                problems.add(new ConfigProblem(file, "/realm", "realm '" + result.config().tenant().realm()
                        + "' is already used by '" + other + "'").toString());
            }
        }
        return problems;
    }
}
