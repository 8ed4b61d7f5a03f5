package co.mesa.identity;

import co.mesa.testsupport.CaseApi;
import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.testsupport.TestMail;
import co.mesa.testsupport.TestRealms;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.UserRepresentation;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One register, "usted", in every Spanish text Keycloak shows or mails for the platform's realms (issue 20): the
 * texts Keycloak 26's own bundles give (read from the server's themes jar) as the realm's localization overrides
 * them carry no "tú"-form, and the mail Keycloak sends a first administrator speaks as "usted".
 */
@NeedsKeycloak
class KeycloakUstedTest {

    /** Words only "tú" uses, as Keycloak's Spanish writes them (verbs in the imperative or second person, pronouns). */
    static final Pattern TU = Pattern.compile("(?iu)(?<![\\p{L}])(tu|tus|tú|te|ti|has|haz|puedes|tienes|debes|quieres|"
            + "introduce|inténtalo|intenta|identifícate|identificate|actualiza|inicia|configura|instala|abre|escanea|usa|"
            + "confirma|contacta|ingresa|selecciona|elige|revisa|comprueba|escribe|pulsa|añade|vuelve)(?![\\p{L}])");

    static CaseApi api;

    @BeforeAll
    static void realms() {
        api = new CaseApi(); // provisions both launch realms
    }

    /** Keycloak's own Spanish bundle of a theme, from the server's themes jar. */
    static Map<String, String> keycloakBundle(String entry) throws Exception {
        Path lib = Path.of(System.getProperty("mesa.keycloak.home", "target/keycloak-26.4.7"), "lib", "lib", "main");
        Path jar;
        try (var files = java.nio.file.Files.list(lib)) {
            jar = files.filter(p -> p.getFileName().toString().matches("org\\.keycloak\\.keycloak-themes-\\d.*\\.jar"))
                    .findFirst().orElseThrow();
        }
        try (ZipFile zip = new ZipFile(jar.toFile()); InputStream in = zip.getInputStream(zip.getEntry(entry))) {
            Properties p = new Properties();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<String, String> out = new LinkedHashMap<>();
            p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
            return out;
        }
    }

    static List<String> tuForms(Map<String, String> texts) {
        List<String> found = new ArrayList<>();
        texts.forEach((k, v) -> {
            Matcher m = TU.matcher(v.replaceAll("<[^>]+>", " "));
            if (m.find()) {
                found.add(k + " («" + m.group() + "»): " + v);
            }
        });
        return found;
    }

    @Test
    void keycloaksSpanishMailAndSignInTextsSpeakAsUstedInBothRealms() throws Exception {
        Map<String, String> keycloak = new LinkedHashMap<>(keycloakBundle("theme/base/email/messages/messages_es.properties"));
        keycloak.putAll(keycloakBundle("theme/base/login/messages/messages_es.properties"));
        // The platform's login theme (mesa) overrides a few in its own words, and the realm's texts override both.
        Properties mesa = new Properties();
        try (var in = java.nio.file.Files.newBufferedReader(co.mesa.testsupport.MesaPlatform.repoRoot()
                .resolve("themes/keycloak/mesa/login/messages/messages_es.properties"), StandardCharsets.UTF_8)) {
            mesa.load(in);
        }
        mesa.stringPropertyNames().forEach(k -> keycloak.put(k, mesa.getProperty(k)));
        // The check itself sees what it must: Keycloak's own bundles do mix the registers.
        assertThat(tuForms(keycloak)).isNotEmpty();
        for (String realm : List.of("funcion-publica", "prosperidad-social")) {
            Map<String, String> overrides = TestRealms.admin().realm(realm).localization().getRealmLocalizationTexts("es");
            Map<String, String> effective = new LinkedHashMap<>(keycloak);
            effective.putAll(overrides);
            assertThat(tuForms(effective)).as(realm).isEmpty();
            assertThat(overrides).containsEntry("executeActionsSubject", "Actualice su cuenta");
        }
    }

    @Test
    void theMailKeycloakSendsAFirstAdministratorSpeaksAsUsted() throws Exception {
        RealmResource realm = TestRealms.admin().realm("prosperidad-social");
        String username = "usted-" + UUID.randomUUID().toString().substring(0, 8);
        String address = username + "@prosperidad-social.example.invalid";
        UserRepresentation rep = new UserRepresentation();
        rep.setUsername(username);
        rep.setEmail(address);
        rep.setFirstName("Ana");
        rep.setLastName("Prueba");
        rep.setEnabled(true);
        rep.setEmailVerified(true);
        rep.setAttributes(Map.of("locale", List.of("es")));
        String id;
        try (var response = realm.users().create(rep)) {
            assertThat(response.getStatus()).isEqualTo(201);
            id = org.keycloak.admin.client.CreatedResponseUtil.getCreatedId(response);
        }
        // Keycloak mails through the test's SMTP sink for this one message; the realm's relay comes back after.
        var representation = realm.toRepresentation();
        Map<String, String> relay = new LinkedHashMap<>(representation.getSmtpServer());
        Map<String, String> sink = new LinkedHashMap<>(relay);
        sink.put("host", "127.0.0.1");
        sink.put("port", Integer.toString(TestMail.get().smtpPort()));
        sink.remove("auth");
        sink.remove("user");
        sink.remove("password");
        sink.put("ssl", "false");
        sink.put("starttls", "false");
        representation.setSmtpServer(sink);
        realm.update(representation);
        try {
            realm.users().get(id).executeActionsEmail(List.of("UPDATE_PASSWORD"));
        } finally {
            var back = realm.toRepresentation();
            back.setSmtpServer(relay);
            realm.update(back);
        }
        List<MimeMessage> mails = TestMail.get().to(address);
        assertThat(mails).hasSize(1);
        MimeMessage mail = mails.get(0);
        assertThat(mail.getSubject()).isEqualTo("Actualice su cuenta");
        String body = text(mail.getContent());
        assertThat(body).contains("Haga clic en el enlace");
        Matcher m = TU.matcher(body.replaceAll("<[^>]+>", " ").toLowerCase(Locale.ROOT));
        assertThat(m.find()).as("a tú-form in: %s", body).isFalse();
    }

    static String text(Object content) throws Exception {
        if (content instanceof jakarta.mail.Multipart mp) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < mp.getCount(); i++) {
                out.append(text(mp.getBodyPart(i).getContent())).append('\n');
            }
            return out.toString();
        }
        return String.valueOf(content);
    }
}
