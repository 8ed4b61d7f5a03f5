package co.mesa.ticket;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Apache Tika's core detector reads an upload's type from its bytes; a contradicting declared type is caught. */
class FileTypesTest {

    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
    static final byte[] PDF = "%PDF-1.4\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
    static final byte[] EXE = {'M', 'Z', (byte) 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, (byte) 0xff, (byte) 0xff, 0, 0};

    @Test
    void detectsFromBytes() {
        assertThat(FileTypes.detect(PNG)).isEqualTo("image/png");
        assertThat(FileTypes.detect(PDF)).isEqualTo("application/pdf");
        assertThat(FileTypes.detect("hola, mundo\n".getBytes(StandardCharsets.UTF_8))).isEqualTo("text/plain");
    }

    @Test
    void aContradictionIsNamed() {
        assertThat(FileTypes.contradiction("image/png", PNG)).isEmpty();
        assertThat(FileTypes.contradiction("application/pdf", PDF)).isEmpty();
        assertThat(FileTypes.contradiction("image/png", PDF)).hasValue("application/pdf");
        assertThat(FileTypes.contradiction("application/pdf", "hola, no soy un PDF\n".getBytes(StandardCharsets.UTF_8))).hasValue("text/plain");
        assertThat(FileTypes.contradiction("image/png", "#!/bin/sh\nrm -rf /\n".getBytes(StandardCharsets.UTF_8))).hasValue("application/x-sh");
        assertThat(FileTypes.contradiction("image/jpeg", EXE)).isPresent();
        // Text declared as another text type, and bytes that match no signature, contradict nothing.
        assertThat(FileTypes.contradiction("text/csv", "a;b\n1;2\n".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(FileTypes.contradiction("application/pdf", new byte[64])).isEmpty();
    }

    @Test
    void bidirectionalControlsLeaveFileNames() {
        assertThat(AttachmentService.sanitize("factura\u202Egnp.exe")).isEqualTo("facturagnp.exe");
        assertThat(AttachmentService.sanitize("\u2066nota\u2069\u202A\u202B\u202C\u202D.pdf")).isEqualTo("nota.pdf");
    }
}
