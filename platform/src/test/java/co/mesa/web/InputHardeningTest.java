package co.mesa.web;

import co.mesa.identity.Roles;
import co.mesa.testsupport.CaseApi;
import co.mesa.testsupport.NeedsKeycloak;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static co.mesa.testsupport.CaseApi.FP;
import static co.mesa.testsupport.CaseApi.json;
import static co.mesa.testsupport.CaseApi.obj;
import static co.mesa.web.BadInputTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rest of issue 31's bad input: strict JSON types, a malformed Content-Type, availability without
 * {@code away}, contact e-mail and phone, a malformed %-escape in the path, the logo's 404, uploads whose
 * bytes contradict their declared type, bidirectional controls in file names, and the response headers.
 * The people here are this class's own ("ih-…").
 */
@NeedsKeycloak
class InputHardeningTest {

    static CaseApi api;
    static String requester;
    static String agent;

    @BeforeAll
    static void start() {
        api = new CaseApi();
        requester = api.token("funcion-publica", "ih-solicitante", Roles.REQUESTER);
        agent = api.agent("funcion-publica", "ih-agente", "mesa-servicio-primer-nivel");
    }

    static int myCases() {
        return json(api.send(FP, "GET", "/api/v1/me/cases?status=all&size=100", requester, null)).get("items").size();
    }

    @Test
    void aNumberWhereTextGoesIsA400NamingTheField() {
        int before = myCases();
        HttpResponse<String> r = api.create(FP, requester, obj("service", "acceso-remoto", "template", "acceso-remoto",
                "title", 123, "description", "d", "fields", obj("telefono-contacto", "601 555 0193")));
        assertProblem(r, 422, "title");
        HttpResponse<String> flag = api.create(FP, requester, obj("service", "acceso-remoto", "template", "acceso-remoto",
                "title", "Bandera", "description", true, "fields", obj("telefono-contacto", "601 555 0193")));
        assertProblem(flag, 422, "description");
        assertThat(myCases()).isEqualTo(before);
        // Bodies read by the framework (availability) refuse the same way.
        HttpResponse<String> note = api.send(FP, "PUT", "/api/v1/me/availability", agent, obj("away", false, "note", 42));
        assertThat(note.statusCode()).as(note.body()).isEqualTo(400);
        assertThat(note.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(note.body()).contains("note").doesNotContain("Exception");
    }

    @Test
    void aMalformedContentTypeIsRefused() {
        for (String type : List.of("application/json;;;", "json", "application/", "/json", "application/json; charset")) {
            HttpResponse<String> r = api.platform().send(api.platform().request(FP, "/api/v1/cases")
                    .header("Authorization", "Bearer " + requester).header("Content-Type", type)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"x\"}")).build());
            assertThat(r.statusCode()).as(type + ": " + r.body()).isIn(400, 415);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).as(type).startsWith("application/problem+json");
            assertThat(r.body()).doesNotContain("Exception");
        }
    }

    @Test
    void availabilityWithoutAwayIsA400() {
        assertProblem(api.send(FP, "PUT", "/api/v1/me/availability", agent, obj("until", "2027-01-09T00:00:00Z")),
                400, "away");
        assertThat(json(api.send(FP, "GET", "/api/v1/me/availability", agent, null)).get("away").asBoolean()).isFalse();
    }

    @Test
    void contactEmailAndPhoneAreChecked() {
        int before = myCases();
        HttpResponse<String> r = api.create(FP, requester, obj("service", "acceso-remoto", "template", "acceso-remoto",
                "title", "Contacto malo", "description", "d", "fields", obj("telefono-contacto", "601 555 0194"),
                "contact", obj("email", "no es un correo", "phone", "llámeme", "extension", "12a")));
        assertProblem(r, 422, "contact/email");
        assertThat(json(r).get("invalidParams").findValuesAsText("name")).contains("contact/phone", "contact/extension");
        assertThat(myCases()).isEqualTo(before);
        HttpResponse<String> ok = api.create(FP, requester, obj("service", "acceso-remoto", "template", "acceso-remoto",
                "title", "Contacto bueno", "description", "d", "fields", obj("telefono-contacto", "601 555 0194"),
                "contact", obj("email", "ana.perez@funcionpublica.gov.co", "phone", "+57 (601) 555-0194", "extension", "1234")));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
        assertThat(json(ok).at("/contact/email").asText()).isEqualTo("ana.perez@funcionpublica.gov.co");
    }

    @Test
    void aMalformedPercentEscapeInThePathIsA400() throws Exception {
        for (String path : List.of("/api/v1/cases/%zz", "/api/v1/queue%", "/%E0%A4%A")) {
            String raw = raw("GET " + path + " HTTP/1.1\r\nHost: " + FP + "\r\nAccept: application/json\r\n"
                    + "Connection: close\r\n\r\n");
            assertThat(raw).as(path).startsWith("HTTP/1.1 400");
            assertThat(raw).as(path).contains("application/problem+json").doesNotContain("Exception");
        }
    }

    @Test
    void theLogosNotFoundIsAProblemNotAPage() {
        HttpResponse<String> r = api.platform().get(FP, "/assets/tenant/no-existe/logo", "Accept", "text/html,image/*,*/*");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    }

    @Test
    void anUploadWhoseBytesContradictItsTypeIsRefused() {
        // A script that says it is a PNG.
        HttpResponse<String> script = upload("foto.png", "image/png", "#!/bin/sh\nrm -rf /\n".getBytes(StandardCharsets.UTF_8));
        assertThat(script.statusCode()).as(script.body()).isEqualTo(415);
        assertThat(json(script).get("detail").asText()).contains("image/png").contains("application/x-sh");
        // A PDF that says it is a PNG.
        HttpResponse<String> pdf = upload("foto.png", "image/png", "%PDF-1.4\n%%EOF\n".getBytes(StandardCharsets.UTF_8));
        assertThat(pdf.statusCode()).as(pdf.body()).isEqualTo(415);
        // The real thing passes.
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        assertThat(upload("foto.png", "image/png", png).statusCode()).isEqualTo(201);
    }

    @Test
    void bidirectionalControlsLeaveFileNames() {
        HttpResponse<String> r = upload("factura\u202Egnp.exe", "application/pdf", "%PDF-1.4\n%%EOF\n".getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(json(r).get("fileName").asText()).isEqualTo("facturagnp.exe");
        HttpResponse<String> isolate = upload("\u2066nota\u2069\u202B.pdf", "application/pdf", "%PDF-1.4\n%%EOF\n".getBytes(StandardCharsets.UTF_8));
        assertThat(json(isolate).get("fileName").asText()).isEqualTo("nota.pdf");
    }

    @Test
    void pagesAndAnswersCarryTheSecurityHeaders() {
        HttpResponse<String> page = api.platform().get(FP, "/", "Accept", "text/html");
        assertThat(page.statusCode()).isEqualTo(200);
        String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertThat(csp).contains("object-src 'none'").contains("form-action 'self'").contains("frame-ancestors 'none'");
        assertThat(page.headers().firstValue("Cross-Origin-Opener-Policy")).hasValue("same-origin");
        assertThat(page.headers().firstValue("Permissions-Policy").orElse("")).contains("camera=()").contains("geolocation=()");
        // The tests run over plain HTTP, as the dev run does: no HSTS there (SecurityHeadersTest covers HTTPS).
        assertThat(page.headers().firstValue("Strict-Transport-Security")).isEmpty();
        HttpResponse<String> apiAnswer = api.send(FP, "GET", "/api/v1/tenant", null, null);
        assertThat(apiAnswer.headers().firstValue("Cross-Origin-Opener-Policy")).hasValue("same-origin");
    }

    private HttpResponse<String> upload(String name, String type, byte[] content) {
        return api.platform().send(api.platform().request(FP, "/api/v1/attachments?name="
                        + java.net.URLEncoder.encode(name, StandardCharsets.UTF_8))
                .header("Authorization", "Bearer " + requester).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofByteArray(content)).build());
    }

    /** A request written by hand: java.net.http refuses to send a malformed path. */
    private static String raw(String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", api.platform().port())) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
