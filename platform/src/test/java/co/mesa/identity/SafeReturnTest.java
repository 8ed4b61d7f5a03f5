package co.mesa.identity;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The sign-in's return address: a same-site path, or the home page — never one the redirect cannot carry. */
class SafeReturnTest {

    @ParameterizedTest
    @ValueSource(strings = {"/mis-casos", "/casos/5f1c?accion=confirmar", "/consola/cola?state=asignada&sort=-createdAt",
            "/solicitar/acceso-remoto%20vpn"})
    void aSameSitePathIsKept(String path) {
        assertThat(PageSessions.safeReturn(path)).isEqualTo(path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/casos\t1", "/casos/1\r\nSet-Cookie: x=1", "/mis casos", "/casos/\u0000", "//evil.example/x",
            "https://evil.example/", "/\\evil.example", "casos", "/%zz"})
    void anythingElseIsTheHomePage(String path) {
        assertThat(PageSessions.safeReturn(path)).as(path).isEqualTo("/");
    }
}
