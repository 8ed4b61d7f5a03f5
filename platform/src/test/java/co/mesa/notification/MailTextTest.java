package co.mesa.notification;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.Test;

import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** Inbound mail's text: HTML through jsoup (entities, style, script), quoted replies trimmed. */
class MailTextTest {

    static final String HTML = "<html><head><style>p { color: red; } .firma { display:none }</style>"
            + "<title>Asunto</title></head><body><p>Buenos d&iacute;as: la conexi&oacute;n &quot;VPN&quot; "
            + "no funciona &amp; el equipo &lt;PC-12&gt; tampoco.</p><script>alert('x')</script>"
            + "<div>Gracias,<br>Ana&nbsp;P&eacute;rez</div></body></html>";

    @Test
    void anHtmlOnlyMessageBecomesItsReadableText() throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setContent(HTML, "text/html; charset=utf-8");
        m.saveChanges();
        String text = MailboxPoller.text(m);
        assertThat(text).isEqualTo("Buenos días: la conexión \"VPN\" no funciona & el equipo <PC-12> tampoco.\n"
                + "Gracias,\nAna Pérez");
        assertThat(text).doesNotContain("color").doesNotContain("alert").doesNotContain("&amp;").doesNotContain("&oacute;")
                .doesNotContain("Asunto");
        assertThat(MailboxPoller.hasPlainText(m)).isFalse();
    }

    @Test
    void anAlternativeMessageKeepsItsPlainText() throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        MimeMultipart alt = new MimeMultipart("alternative");
        MimeBodyPart plain = new MimeBodyPart();
        plain.setText("Texto plano", "utf-8");
        MimeBodyPart html = new MimeBodyPart();
        html.setContent(HTML, "text/html; charset=utf-8");
        alt.addBodyPart(plain);
        alt.addBodyPart(html);
        m.setContent(alt);
        m.saveChanges();
        assertThat(MailboxPoller.text(m)).isEqualTo("Texto plano");
        assertThat(MailboxPoller.hasPlainText(m)).isTrue();
    }

    @Test
    void quotedRepliesAreTrimmed() {
        assertThat(MailText.trimQuoted("Ya reinicié el equipo y sigue igual.\n\nEl lun, 1 dic 2026 a las 9:00, Mesa "
                + "<mesa@funcionpublica.gov.co> escribió:\n> Su caso FP-2026-00012 espera su respuesta.\n> Gracias"))
                .isEqualTo("Ya reinicié el equipo y sigue igual.");
        assertThat(MailText.trimQuoted("Listo.\n-----Original Message-----\nFrom: Mesa\nSubject: caso"))
                .isEqualTo("Listo.");
        assertThat(MailText.trimQuoted("Respuesta\n> citado\nMás respuesta")).isEqualTo("Respuesta\nMás respuesta");
        // Nothing but a quote: the text stays rather than an empty comment.
        assertThat(MailText.trimQuoted("> solo cita")).isEqualTo("> solo cita");
    }

    @Test
    void htmlQuotesOfMailClientsAreDropped() {
        String reply = "<div dir=ltr>Adjunto la captura.</div><div class=gmail_quote>El lun escribió:"
                + "<blockquote>Mensaje anterior</blockquote></div>";
        assertThat(MailText.fromHtml(reply)).isEqualTo("Adjunto la captura.");
    }
}
