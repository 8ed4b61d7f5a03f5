package co.mesa.testsupport;

import org.junit.jupiter.api.Tag;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The class uses the run's real services — PostgreSQL and the shared platform ({@link MesaPlatform}),
 * GreenMail, or a server it starts itself — but not the platform's Keycloak: {@code ./mvnw -B verify} runs
 * it, the fast loop ({@link FastTests}) does not. A class that needs Keycloak (tokens, realms, a browser
 * sign-in) is {@link NeedsKeycloak} instead.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(NeedsServices.TAG)
public @interface NeedsServices {
    String TAG = "services";
}
