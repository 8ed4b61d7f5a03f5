package co.mesa.testsupport;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The class needs the run's Keycloak (tokens, realms, a browser sign-in) besides the platform: before its
 * {@code @BeforeAll} Keycloak is started if no earlier class started it, and the platform's realms are
 * brought in step ({@link MesaPlatform#withKeycloak()}). Keycloak starts only for such classes, so a run
 * of classes that need none (or the fast loop) never waits for it. Implies {@link NeedsServices}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(NeedsServices.TAG)
@Tag(NeedsKeycloak.TAG)
@ExtendWith(NeedsKeycloak.Start.class)
public @interface NeedsKeycloak {
    String TAG = "keycloak";

    /** Starts Keycloak (once per run) before the class's own set-up. */
    final class Start implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            MesaPlatform.withKeycloak();
        }
    }
}
