package co.mesa.web.page;

import io.micronaut.http.MediaType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The CSRF filter's reading of a form's text fields, as browsers send them. */
class PostedFieldsTest {

    static final String B = "----WebKitFormBoundaryAbC123";

    static String part(String name, String value) {
        return "--" + B + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
    }

    static String file(String name, String filename, String content) {
        return "--" + B + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + content + "\r\n";
    }

    static PostedFields multipart(String body) {
        return PostedFields.parse(Optional.of(MediaType.of(MediaType.MULTIPART_FORM_DATA + "; boundary=" + B)),
                body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aUrlEncodedFormsFirstValues() {
        PostedFields f = PostedFields.parse(Optional.of(MediaType.APPLICATION_FORM_URLENCODED_TYPE),
                "csrf=a%2Bb%3D&nota=se+adjunta&nota=otra&vac%C3%ADo=".getBytes(StandardCharsets.UTF_8));
        assertThat(f.values()).containsEntry("csrf", "a+b=").containsEntry("nota", "se adjunta").containsEntry("vacío", "");
        assertThat(f.hadFiles()).isFalse();
    }

    @Test
    void aMultipartFormsTextFieldsAndWhetherAFileWasChosen() {
        PostedFields chosen = multipart(part("csrf", "tok\u00e9n") + part("note", "línea 1\r\nlínea 2")
                + file("files", "evidencia.pdf", "%PDF-1.4 …") + part("after", "x") + "--" + B + "--\r\n");
        assertThat(chosen.values()).containsEntry("csrf", "tokén").containsEntry("note", "línea 1\r\nlínea 2")
                .containsEntry("after", "x");
        assertThat(chosen.hadFiles()).isTrue();
        PostedFields none = multipart(part("csrf", "t") + file("files", "", "") + "--" + B + "--\r\n");
        assertThat(none.values()).containsOnlyKeys("csrf");
        assertThat(none.hadFiles()).isFalse();
    }

    @Test
    void aBodyCutShortInsideAFileGivesTheFieldsBeforeIt() {
        String whole = part("csrf", "t") + part("note", "n") + file("files", "grande.pdf", "x".repeat(5000));
        PostedFields head = multipart(whole.substring(0, whole.indexOf("filename=") + 40));
        assertThat(head.values()).containsEntry("csrf", "t").containsEntry("note", "n");
        assertThat(head.hadFiles()).isTrue();
    }

    @Test
    void otherBodiesCarryNoToken() {
        assertThat(PostedFields.parse(Optional.of(MediaType.APPLICATION_JSON_TYPE), "{\"csrf\":\"t\"}".getBytes(StandardCharsets.UTF_8))
                .values()).isEmpty();
        assertThat(PostedFields.parse(Optional.empty(), "csrf=t".getBytes(StandardCharsets.UTF_8)).values()).isEmpty();
    }
}
