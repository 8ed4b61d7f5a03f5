package co.mesa.pages;

import co.mesa.identity.Roles;
import co.mesa.notices.Notice;
import co.mesa.notices.NoticeService;
import co.mesa.shared.ProblemException;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantRegistry;
import co.mesa.testsupport.CaseApi;
import co.mesa.testsupport.MesaPlatform;
import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.testsupport.TestBrowser;
import co.mesa.testsupport.TestSessions;
import co.mesa.identity.SessionCookieAuthenticationFetcher;
import com.microsoft.playwright.Page;
import io.micronaut.security.authentication.Authentication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static co.mesa.testsupport.CaseApi.FP;
import static co.mesa.testsupport.CaseApi.PS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * "Avisos / alertas para técnicos" (issue 27, 002 §11): a supervisor posts a notice on its page (bad input named
 * next to each field, nothing posted), the entity's agents see it on the console home only within its window and
 * until it is withdrawn, another entity's agents never, and only supervisors and tenant administrators post.
 * axe-core on the page, its refusal and the home. Every notice posted here is withdrawn at the end, so other
 * tests' homes are as before.
 */
@NeedsKeycloak
class AgentNoticesTest {

    static final String COOKIE = SessionCookieAuthenticationFetcher.COOKIE;
    static final DateTimeFormatter TYPED = DateTimeFormatter.ofPattern("dd/MM/uuuu HH:mm");
    static MesaPlatform platform;
    static CaseApi api;
    static NoticeService notices;
    static TenantContext fp;
    static TenantContext ps;
    static String tag;
    static final List<UUID> posted = new ArrayList<>();

    @BeforeAll
    static void people() {
        platform = MesaPlatform.withKeycloak();
        api = new CaseApi();
        notices = platform.bean(NoticeService.class);
        TenantRegistry registry = platform.bean(TenantRegistry.class);
        fp = registry.bySlug("funcion-publica").orElseThrow();
        ps = registry.bySlug("prosperidad-social").orElseThrow();
        tag = "av" + co.mesa.testsupport.Tags.letters(8);
        api.token("funcion-publica", "av-supervisora", Roles.REQUESTER, Roles.SUPERVISOR);
        api.agent("funcion-publica", "av-agente", "mesa-servicio-primer-nivel");
        api.token("prosperidad-social", "av-agente-ps", Roles.REQUESTER, Roles.AGENT);
    }

    @AfterAll
    static void withdrawAll() {
        for (UUID id : posted) {
            notices.withdraw(fp, supervisor(), id);
        }
    }

    static Authentication supervisor() {
        return Authentication.build(UUID.randomUUID().toString(), List.of(Roles.SUPERVISOR),
                Map.of("preferred_username", "av-supervisor-servicio", "name", "Supervisora de Prueba", "mesaGroups", List.of()));
    }

    static String typed(Instant at, TenantContext t) {
        return TYPED.format(ZonedDateTime.ofInstant(at, t.zone()));
    }

    @Test
    void aSupervisorPostsANoticeAndTheEntitysAgentsSeeItOnTheirHome() {
        Page page = TestBrowser.get().newPage();
        TestBrowser.signIn(page, "funcion-publica", "av-supervisora", "/consola/avisos");
        assertThat(page.locator("h1").innerText()).isEqualTo("Avisos para los agentes");
        TestBrowser.assertAccessible(page, "fp-avisos");

        // Nothing to say, an end before the start, a day that does not exist: each named, what was typed kept.
        page.locator("#notice-body").fill("");
        page.locator("#notice-validFrom").fill("31/02/2026 10:00");
        page.locator("#notice-validUntil").fill(typed(Instant.now().plus(Duration.ofDays(1)), fp));
        page.locator("form[action='/consola/avisos'] button[type=submit]").click();
        assertThat(page.locator("#notice-body-error").innerText()).isEqualTo("Escriba el texto del aviso.");
        assertThat(page.locator("#notice-from-error").innerText()).contains("dd/mm/aaaa hh:mm");
        assertThat(page.locator("#notice-validFrom").inputValue()).isEqualTo("31/02/2026 10:00");
        assertThat(page.locator("#notice-validFrom").getAttribute("aria-invalid")).isEqualTo("true");
        TestBrowser.assertAccessible(page, "fp-avisos-error");
        page.locator("#notice-body").fill("Correo caído " + tag);
        page.locator("#notice-validFrom").fill(typed(Instant.now().plus(Duration.ofHours(3)), fp));
        page.locator("#notice-validUntil").fill(typed(Instant.now().plus(Duration.ofHours(2)), fp));
        page.locator("form[action='/consola/avisos'] button[type=submit]").click();
        assertThat(page.locator("#notice-until-error").innerText()).isEqualTo("La fecha de fin debe ser posterior a la de inicio.");
        assertThat(notices.shownAt(fp, Instant.now().plus(Duration.ofHours(3))).stream().map(Notice::body))
                .noneMatch(b -> b.contains(tag));

        // Posted: from an hour ago to two hours ahead, critical.
        page.locator("#notice-validFrom").fill(typed(Instant.now().minus(Duration.ofHours(1)), fp));
        page.locator("#notice-validUntil").fill(typed(Instant.now().plus(Duration.ofHours(2)), fp));
        page.locator("#notice-importance-critical").check();
        page.locator("form[action='/consola/avisos'] button[type=submit]").click();
        page.waitForURL(u -> u.contains("aviso=publicado"));
        assertThat(page.locator(".notice-success").innerText()).isEqualTo("Aviso publicado.");
        assertThat(page.locator("table").innerText()).contains("Correo caído " + tag).contains("Crítico");
        Notice mine = notices.shown(fp).stream().filter(n -> n.body().contains(tag)).findFirst().orElseThrow();
        posted.add(mine.id());
        page.context().close();

        // Función Pública's agent sees it first on the home, its importance in words.
        Page agent = TestBrowser.get().newPage();
        TestBrowser.signIn(agent, "funcion-publica", "av-agente", "/consola");
        assertThat(agent.locator("#agent-notices li").first().innerText()).startsWith("Crítico:").contains("Correo caído " + tag);
        assertThat(agent.locator("a[href='/consola/avisos']").count()).as("agents do not post").isZero();
        TestBrowser.assertAccessible(agent, "fp-consola-inicio-avisos");
        agent.context().close();

        // Prosperidad Social's agent never sees it.
        String psCookie = TestSessions.signIn(PS, "av-agente-ps");
        String psHome = platform.get(PS, "/consola", "Cookie", COOKIE + "=" + psCookie).body();
        assertThat(psHome).doesNotContain(tag);
        assertThat(notices.shown(ps)).extracting(Notice::body).noneMatch(b -> b.contains(tag));

        // Withdrawn: gone from the home at once; another entity cannot withdraw it.
        assertThat(notices.withdraw(ps, supervisor(), mine.id())).isFalse();
        assertThat(notices.shown(fp)).extracting(Notice::id).contains(mine.id());
        assertThat(notices.withdraw(fp, supervisor(), mine.id())).isTrue();
        assertThat(notices.shown(fp)).extracting(Notice::id).doesNotContain(mine.id());
    }

    @Test
    void aNoticeIsShownOnlyWithinItsWindow() {
        Instant start = Instant.now().plus(Duration.ofDays(1));
        Instant end = start.plus(Duration.ofDays(2));
        Notice n = notices.post(fp, supervisor(), new Notice.Draft("Mantenimiento " + tag, Notice.Importance.IMPORTANT, start, end));
        posted.add(n.id());
        assertThat(notices.shownAt(fp, start.minusSeconds(1))).extracting(Notice::id).doesNotContain(n.id());
        assertThat(notices.shownAt(fp, start)).extracting(Notice::id).contains(n.id());
        assertThat(notices.shownAt(fp, end.minusSeconds(1))).extracting(Notice::id).contains(n.id());
        assertThat(notices.shownAt(fp, end)).extracting(Notice::id).doesNotContain(n.id());
        assertThat(notices.shownAt(ps, start.plusSeconds(60))).extracting(Notice::id).doesNotContain(n.id());

        // An end already past, or a window over 90 days: refused, nothing written.
        Instant now = Instant.now();
        assertThatThrownBy(() -> notices.post(fp, supervisor(), new Notice.Draft("Viejo " + tag, Notice.Importance.INFO,
                now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)))))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.paramErrors())
                        .extracting(ProblemException.ParamError::key).containsExactly("notice.param.until.past"));
        assertThatThrownBy(() -> notices.post(fp, supervisor(), new Notice.Draft("Largo " + tag, Notice.Importance.INFO,
                now, now.plus(Duration.ofDays(91)))))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.paramErrors())
                        .extracting(ProblemException.ParamError::key).containsExactly("notice.param.until.too-long"));
        assertThat(notices.shownAt(fp, now.plus(Duration.ofDays(1))).stream().map(Notice::body))
                .noneMatch(b -> b.equals("Largo " + tag));
    }

    @Test
    void onlySupervisorsAndTenantAdministratorsPostNotices() {
        String agentCookie = TestSessions.signIn(FP, "av-agente");
        assertThat(platform.get(FP, "/consola/avisos", "Cookie", COOKIE + "=" + agentCookie).statusCode()).isEqualTo(403);
        api.token("funcion-publica", "av-admin", Roles.REQUESTER, Roles.TENANT_ADMIN);
        String adminCookie = TestSessions.signIn(FP, "av-admin");
        assertThat(platform.get(FP, "/consola/avisos", "Cookie", COOKIE + "=" + adminCookie).statusCode()).isEqualTo(200);
        Authentication agent = Authentication.build(UUID.randomUUID().toString(), List.of(Roles.AGENT),
                Map.of("preferred_username", "av-agente-servicio", "name", "Agente", "mesaGroups", List.of()));
        Instant now = Instant.now();
        assertThatThrownBy(() -> notices.post(fp, agent, new Notice.Draft("No " + tag, Notice.Importance.INFO, now,
                now.plus(Duration.ofHours(1))))).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.status().getCode()).isEqualTo(403));
        assertThat(notices.shownAt(fp, now.plusSeconds(60)).stream().map(Notice::body)).noneMatch(b -> b.equals("No " + tag));
    }
}
