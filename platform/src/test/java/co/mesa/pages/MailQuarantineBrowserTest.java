package co.mesa.pages;

import co.mesa.notification.MailboxPoller;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantRegistry;
import co.mesa.testsupport.CaseApi;
import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.testsupport.TestBrowser;
import co.mesa.testsupport.TestMail;
import com.microsoft.playwright.Page;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Correo por revisar" (decision 0034) in Chromium with axe-core: the console home's section leads to the list, a
 * message whose body carries markup shows it as text, a dismissal without a reason is refused beside its field with
 * what was typed kept, then done and announced.
 */
@NeedsKeycloak
class MailQuarantineBrowserTest {

    static final String TAG = UUID.randomUUID().toString().substring(0, 6);

    @Test
    void anAgentReadsAMessageAsTextAndDismissesIt() throws Exception {
        CaseApi api = new CaseApi();
        api.personId(CaseApi.FP, api.agent("funcion-publica", "mq-navegador", "mesa-servicio-primer-nivel"));
        TenantContext fp = api.platform().bean(TenantRegistry.class).bySlug("funcion-publica").orElseThrow();
        MailboxPoller poller = api.platform().bean(MailboxPoller.class);
        poller.poll(fp, fp.config().settings().mailboxes().get(0));
        String subject = "Ganó un premio " + TAG;
        String body = "<script>document.title='pwned'</script><b>Haga clic</b> aquí";
        send("desconocido-" + TAG + "@otro.example.invalid", subject, body);
        assertThat(poller.poll(fp, fp.config().settings().mailboxes().get(0)).quarantined()).isEqualTo(1);

        Page page = TestBrowser.get().newPage();
        try {
            TestBrowser.signIn(page, "funcion-publica", "mq-navegador", "/consola");
            assertThat(page.locator("#mail-quarantine .counter").innerText()).matches("[1-9][0-9]*");
            page.locator("#mail-quarantine a").click();
            page.waitForURL(u -> u.endsWith("/consola/correo"));
            assertThat(page.locator("h1").innerText()).isEqualTo("Correo por revisar");
            assertThat(page.locator("nav.console-nav a[aria-current=page]").innerText()).isEqualTo("Correo por revisar");
            TestBrowser.assertAccessible(page, "consola-correo");
            page.locator("#mail-list a", new Page.LocatorOptions().setHasText(subject)).click();
            page.waitForURL(u -> u.matches(".*/consola/correo/[0-9]+$"));

            // The body is shown as the sender wrote it: text, never markup.
            assertThat(page.locator("#mail-body").innerText()).isEqualTo(body);
            assertThat(page.locator("#mail-body script, #mail-body b").count()).isZero();
            assertThat(page.title()).doesNotContain("pwned");
            assertThat(page.locator("#mail-reason").innerText())
                    .isEqualTo("El remitente no es una persona del directorio ni un contacto registrado.");
            TestBrowser.assertAccessible(page, "consola-correo-mensaje");

            page.locator("#mail-motivo").fill("   ");
            page.locator("form[action$='/descartar'] button[type=submit]").click();
            assertThat(page.locator("#mail-motivo-error").innerText()).startsWith("Escriba por qué descarta el correo");
            assertThat(page.locator("#mail-motivo").getAttribute("aria-invalid")).isEqualTo("true");
            TestBrowser.assertAccessible(page, "consola-correo-error");

            page.locator("#mail-motivo").fill("spam");
            page.locator("form[action$='/descartar'] button[type=submit]").click();
            page.waitForURL(u -> u.contains("hecho=descartado"));
            assertThat(page.locator("#aviso").innerText()).isEqualTo("Correo descartado. Se conserva con el motivo.");
            assertThat(page.locator("#mail-list").count() == 0 || !page.locator("#mail-list").innerText().contains(subject))
                    .isTrue();
        } finally {
            page.context().close();
        }
    }

    static void send(String from, String subject, String body) throws Exception {
        Properties p = new Properties();
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", String.valueOf(TestMail.get().smtpPort()));
        MimeMessage m = new MimeMessage(Session.getInstance(p));
        m.setFrom(new InternetAddress(from));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress("mesa-servicio@funcion-publica.example.invalid"));
        m.setSubject(subject, "UTF-8");
        m.setText(body, "UTF-8");
        Transport.send(m);
    }
}
