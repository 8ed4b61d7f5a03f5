package co.mesa.identity;

import io.micronaut.context.annotation.Requires;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Dev run only: puts the demo users (DEV-ONLY passwords) into each realm right after it is provisioned. */
@Singleton
@Requires(env = "dev")
public class DevDemoUsers {

    private static final Logger LOG = LoggerFactory.getLogger(DevDemoUsers.class);

    private final KeycloakAdmin admin;

    public DevDemoUsers(KeycloakAdmin admin) {
        this.admin = admin;
    }

    @EventListener
    void onRealmProvisioned(RealmProvisioned event) {
        var users = event.tenant() == null
                ? DemoUsers.ensure(admin.client(), event.realm(), DemoUsers.forPlatform())
                : DemoUsers.ensure(admin.client(), event.tenant());
        LOG.info("Demo users (dev-only passwords, see README) in realm {}: {}", event.realm(),
                users.stream().map(DemoUsers.DemoUser::username).toList());
    }
}
