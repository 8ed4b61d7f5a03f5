package co.mesa.tenant;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Imports the tenant folders at start-up (replicas starting together import once: each tenant's
 * import holds an advisory lock and skips an unchanged folder), then rescans them periodically
 * so a changed folder is imported without a restart.
 */
@Singleton
@Requires(notEnv = "migrate-only")
public class TenantStartup {

    private final TenantConfigService service;
    private final TenantRegistry registry;
    private final String dir;

    public TenantStartup(TenantConfigService service, TenantRegistry registry,
                         @Value("${mesa.tenant-config.dir:}") String dir) {
        this.service = service;
        this.registry = registry;
        this.dir = dir;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        rescan();
        registry.refresh();
    }

    @Scheduled(fixedDelay = "${mesa.tenant-config.rescan-interval:30s}",
            initialDelay = "${mesa.tenant-config.rescan-interval:30s}")
    void rescan() {
        folder().ifPresent(root -> service.importAll(root, actor()));
    }

    private java.util.Optional<Path> folder() {
        if (dir == null || dir.isBlank() || !Files.isDirectory(Path.of(dir))) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(Path.of(dir));
    }

    private static String actor() {
        try {
            return "folder-import@" + InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "folder-import";
        }
    }
}
