package co.mesa.shared;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fail fast outside dev/test (decision 0018): for each secret, a missing variable (the service would
 * fall back to application.yml's dev value), an empty one and a known dev credential each produce a
 * problem naming the variable; real values produce none. The real start-up refusal is checked on the
 * packaged jar by {@code co.mesa.deploy.RenderedChartStartupIT}.
 */
class ProductionSecretsTest {

    /** application.yml's fallbacks, as the service resolves them when the variable is absent. */
    private static final Map<String, String> YAML_DEFAULTS = Map.of(
            "datasources.default.username", "mesa_app",
            "datasources.default.password", "mesa_app_dev",
            "datasources.owner.username", "mesa_owner",
            "datasources.owner.password", "mesa_owner_dev",
            "mesa.keycloak.admin-username", "admin",
            "mesa.keycloak.admin-password", "admin");

    static Stream<ProductionSecrets.Secret> secrets() {
        return Stream.concat(ProductionSecrets.SERVICE.stream(), ProductionSecrets.MIGRATIONS.stream());
    }

    @Test
    void realValuesPass() {
        Map<String, String> env = realEnv();
        assertThat(ProductionSecrets.check(ProductionSecrets.SERVICE, resolver(env), env::get)).isEmpty();
        assertThat(ProductionSecrets.check(ProductionSecrets.MIGRATIONS, resolver(env), env::get)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("secrets")
    void aMissingSecretIsNamed(ProductionSecrets.Secret secret) {
        Map<String, String> env = realEnv();
        env.remove(secret.variable());

        assertThat(problems(secret, env)).singleElement().asString()
                .startsWith(secret.variable() + " ").contains("not set");
    }

    @ParameterizedTest
    @MethodSource("secrets")
    void anEmptySecretIsNamed(ProductionSecrets.Secret secret) {
        Map<String, String> env = realEnv();
        env.put(secret.variable(), "");

        assertThat(problems(secret, env)).singleElement().asString().startsWith(secret.variable() + " ");
    }

    @ParameterizedTest
    @MethodSource("secrets")
    void aKnownDevCredentialIsNamed(ProductionSecrets.Secret secret) {
        if (secret.devValues().isEmpty()) {
            return; // user names: only their absence (the dev fallback) is refused
        }
        for (String dev : secret.devValues()) {
            Map<String, String> env = realEnv();
            env.put(secret.variable(), dev);

            assertThat(problems(secret, env)).as("%s=%s", secret.variable(), dev).singleElement().asString()
                    .isEqualTo(secret.variable() + " holds a known dev credential");
        }
    }

    @Test
    void smtpPasswordIsRequiredOnlyWithAUserName() {
        Map<String, String> props = new HashMap<>(Map.of("mesa.mail.smtp.security", "starttls"));
        assertThat(ProductionSecrets.checkMail(props::get, v -> null)).isEmpty();

        props.put("mesa.mail.smtp.username", "mesa");
        assertThat(ProductionSecrets.checkMail(props::get, v -> null)).singleElement().asString()
                .startsWith("MESA_SMTP_PASSWORD ");

        props.put("mesa.mail.smtp.password", "s3cret-relay");
        assertThat(ProductionSecrets.checkMail(props::get, Map.of("MESA_SMTP_PASSWORD", "s3cret-relay")::get)).isEmpty();
    }

    @Test
    void unknownSmtpSecurityIsNamed() {
        Map<String, String> props = Map.of("mesa.mail.smtp.security", "ssl");
        assertThat(ProductionSecrets.checkMail(props::get, v -> null)).singleElement().asString()
                .startsWith("MESA_SMTP_SECURITY ");
    }

    // ---------------------------------------------------------------------------------------------

    private static List<String> problems(ProductionSecrets.Secret secret, Map<String, String> env) {
        List<ProductionSecrets.Secret> all = ProductionSecrets.SERVICE.contains(secret)
                ? ProductionSecrets.SERVICE : ProductionSecrets.MIGRATIONS;
        return ProductionSecrets.check(all, resolver(env), env::get);
    }

    /** A property as the service resolves it: the variable when set, else application.yml's default. */
    private static Function<String, String> resolver(Map<String, String> env) {
        return property -> secrets().filter(s -> s.property().equals(property)).findFirst()
                .map(s -> env.containsKey(s.variable()) ? env.get(s.variable()) : YAML_DEFAULTS.get(property))
                .orElse(null);
    }

    private static Map<String, String> realEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("DATASOURCES_DEFAULT_USERNAME", "mesa_app");
        env.put("DATASOURCES_DEFAULT_PASSWORD", "app-6f1c2e");
        env.put("DATASOURCES_OWNER_USERNAME", "mesa_owner");
        env.put("DATASOURCES_OWNER_PASSWORD", "owner-9a7d41");
        env.put("MESA_KEYCLOAK_ADMIN_USERNAME", "mesa-admin");
        env.put("MESA_KEYCLOAK_ADMIN_PASSWORD", "kc-3b8e05");
        return env;
    }
}
