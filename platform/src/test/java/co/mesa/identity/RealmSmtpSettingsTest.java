package co.mesa.identity;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Keycloak's realm mail (password reset) uses the platform relay's authentication and TLS (issue 29). */
class RealmSmtpSettingsTest {

    @Test
    void authenticatedStarttlsRelay() {
        Map<String, String> smtp = provisioner(new RealmProvisioner.SmtpAuth("mesa", "relay-pw", "starttls"))
                .smtp("mesa@entidad.gov.co", "Mesa");
        assertThat(smtp).containsEntry("host", "smtp.example.gov.co").containsEntry("port", "587")
                .containsEntry("auth", "true").containsEntry("user", "mesa").containsEntry("password", "relay-pw")
                .containsEntry("starttls", "true").containsEntry("ssl", "false")
                .containsEntry("from", "mesa@entidad.gov.co");
    }

    @Test
    void implicitTls() {
        Map<String, String> smtp = provisioner(new RealmProvisioner.SmtpAuth("mesa", "relay-pw", "TLS")).smtp("a@b.co", "A");
        assertThat(smtp).containsEntry("ssl", "true").containsEntry("starttls", "false");
    }

    @Test
    void devRelayWithoutAuthentication() {
        Map<String, String> smtp = provisioner(new RealmProvisioner.SmtpAuth("", "", "none")).smtp("a@b.co", "A");
        assertThat(smtp).containsEntry("auth", "false").containsEntry("ssl", "false").containsEntry("starttls", "false")
                .doesNotContainKeys("user", "password");
    }

    private static RealmProvisioner provisioner(RealmProvisioner.SmtpAuth auth) {
        return new RealmProvisioner(null, new RealmProvisioner.Settings("mesa-platform-api", "mesa.localhost",
                "smtp.example.gov.co", 587, List.of(8080), auth));
    }
}
