package co.mesa.shared;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.context.exceptions.ConfigurationException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Fail fast outside {@code dev} and {@code test}: the service refuses to start when a secret is
 * missing or still holds one of the dev credentials that {@code application.yml} falls back to
 * ({@code admin}/{@code admin}, {@code mesa_app_dev}, …). Without this a pod whose Secret lacked a
 * key started quietly with the dev password and failed much later, or worse, worked. Decision 0018.
 *
 * <p>The check names the environment variable, which is what an operator sets (a chart value or a
 * Secret key), not the Micronaut property.
 */
@Context
@Requires(notEnv = {Environment.DEVELOPMENT, Environment.TEST})
public class ProductionSecrets {

    /** A secret the service needs: its variable, its property, and the dev values it must not hold. */
    public record Secret(String variable, String property, Set<String> devValues) {
    }

    /** What the application pods need (the Deployment). */
    public static final List<Secret> SERVICE = List.of(
            new Secret("DATASOURCES_DEFAULT_USERNAME", "datasources.default.username", Set.of()),
            new Secret("DATASOURCES_DEFAULT_PASSWORD", "datasources.default.password", Set.of("mesa_app_dev", "mesa_owner_dev")),
            new Secret("MESA_KEYCLOAK_ADMIN_USERNAME", "mesa.keycloak.admin-username", Set.of()),
            new Secret("MESA_KEYCLOAK_ADMIN_PASSWORD", "mesa.keycloak.admin-password", Set.of("admin")));
    /** What the migration Job needs ({@code migrate}). */
    public static final List<Secret> MIGRATIONS = List.of(
            new Secret("DATASOURCES_OWNER_USERNAME", "datasources.owner.username", Set.of()),
            new Secret("DATASOURCES_OWNER_PASSWORD", "datasources.owner.password", Set.of("mesa_owner_dev", "mesa_app_dev")));
    /** The SMTP password is needed only when a user name is set (a relay may accept the pods unauthenticated). */
    public static final Secret SMTP_PASSWORD = new Secret("MESA_SMTP_PASSWORD", "mesa.mail.smtp.password", Set.of("admin", "mesa"));
    public static final Set<String> SMTP_SECURITY = Set.of("starttls", "tls", "none");

    public ProductionSecrets(Environment environment) {
        Set<String> active = environment.getActiveNames();
        boolean migrateOnly = active.contains("migrate-only");
        List<String> problems = check(migrateOnly ? MIGRATIONS : SERVICE,
                key -> environment.getProperty(key, String.class).orElse(null), System::getenv);
        if (!migrateOnly) {
            problems.addAll(checkMail(key -> environment.getProperty(key, String.class).orElse(null), System::getenv));
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException("Refusing to start outside dev/test (environments " + active + "): "
                    + String.join("; ", problems));
        }
    }

    /**
     * The problems of a set of secrets, one sentence each naming the variable; empty when all is well.
     * {@code properties} resolves a property as the service would (with application.yml's dev fallbacks);
     * {@code env} tells whether the variable itself was set.
     */
    public static List<String> check(List<Secret> secrets, Function<String, String> properties, Function<String, String> env) {
        List<String> problems = new ArrayList<>();
        for (Secret s : secrets) {
            problem(s, properties, env).ifPresent(problems::add);
        }
        return problems;
    }

    /** The SMTP relay's settings: a known security mode, and a password whenever a user name is set. */
    public static List<String> checkMail(Function<String, String> properties, Function<String, String> env) {
        List<String> problems = new ArrayList<>();
        String security = Optional.ofNullable(properties.apply("mesa.mail.smtp.security")).orElse("none")
                .trim().toLowerCase(Locale.ROOT);
        if (!SMTP_SECURITY.contains(security)) {
            problems.add("MESA_SMTP_SECURITY is '" + security + "'; it must be starttls, tls or none");
        }
        String user = properties.apply("mesa.mail.smtp.username");
        if (user != null && !user.isBlank()) {
            problem(SMTP_PASSWORD, properties, env).ifPresent(problems::add);
        }
        return problems;
    }

    private static Optional<String> problem(Secret s, Function<String, String> properties, Function<String, String> env) {
        String value = properties.apply(s.property());
        String variable = env.apply(s.variable());
        boolean variableSet = variable != null && !variable.isBlank();
        if (value == null || value.isBlank()) {
            return Optional.of(s.variable() + " is not set (or empty)");
        }
        if (s.devValues().contains(value)) {
            return Optional.of(variableSet
                    ? s.variable() + " holds a known dev credential"
                    : s.variable() + " is not set: the service would run with the dev credential");
        }
        if (!variableSet && DEV_FALLBACKS.getOrDefault(s.property(), "").equals(value)) {
            return Optional.of(s.variable() + " is not set: the service would run with the dev default '" + value + "'");
        }
        return Optional.empty();
    }

    /** application.yml's fallbacks that are not secrets in themselves but mean "nobody configured this". */
    private static final Map<String, String> DEV_FALLBACKS = Map.of(
            "datasources.default.username", "mesa_app",
            "datasources.owner.username", "mesa_owner",
            "mesa.keycloak.admin-username", "admin");
}
