package co.mesa.pages;

import co.mesa.testsupport.CaseApi;
import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.testsupport.TestBrowser;
import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import static co.mesa.testsupport.CaseApi.FP;
import static co.mesa.testsupport.CaseApi.PS;
import static co.mesa.testsupport.CaseApi.json;
import static co.mesa.testsupport.CaseApi.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's change pages in a real browser, axe-core (WCAG 2.1 A/AA) on each: the home's "Cambios y entregas"
 * and "Mis tareas", the lists their counters open (as many rows as the counter said), a change's page with a task
 * added and a committee member's vote from the keyboard, and the refusal an agent outside the committee gets. The
 * committees are the ones {@link co.mesa.testsupport.ChangeCommittees} makes, so their size is known.
 */
@NeedsKeycloak
class ChangeBrowserTest {

    static CaseApi api;

    @BeforeAll
    static void people() {
        api = new CaseApi();
        // The committees at their full size whatever ran before: one member's vote must not decide alone.
        co.mesa.testsupport.ChangeCommittees.funcionPublica(api);
        co.mesa.testsupport.ChangeCommittees.prosperidadSocial(api);
    }

    static JsonNode change(String host, String token, String agentId, String service, String tag) {
        HttpResponse<String> r = api.send(host, "POST", "/api/v1/changes", token, obj("title", "Renovar certificados " + tag,
                "description", "Certificados TLS del portal.", "type", "normal", "reason", "Vencen este mes.",
                "services", List.of(service), "risk", "bajo", "impact", "medio", "implementationPlan", "Instalar y probar.",
                "backoutPlan", "Reinstalar los anteriores.", "windowStart", "2026-12-20T23:00:00Z",
                "windowEnd", "2026-12-21T01:00:00Z", "assignedAgentId", agentId));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r);
    }

    void walk(String slug, String host, String user, String group, String service, String name) {
        String token = api.agent(slug, user, group);
        String agentId = api.personId(host, token);
        String tag = UUID.randomUUID().toString().substring(0, 8);
        JsonNode c = change(host, token, agentId, service, tag);
        String code = c.at("/record/code").asText();
        Page page = TestBrowser.get().newPage();
        TestBrowser.signIn(page, slug, user, "/consola");
        assertThat(page.locator("#changes-title").innerText()).isEqualTo("Cambios y entregas");
        assertThat(page.locator("#my-work-title").innerText()).isEqualTo("Mis tareas");
        TestBrowser.assertAccessible(page, name + "-inicio-cambios");
        var counter = page.locator("#changes-mine a.counter-link").first();
        int counted = Integer.parseInt(counter.locator(".counter").innerText().trim());
        assertThat(counted).isPositive();
        counter.click();
        page.waitForURL(u -> u.contains("/consola/cambios?vista=mine"));
        assertThat(page.locator("#changes-list tbody tr").count()).isEqualTo(counted);
        TestBrowser.assertAccessible(page, name + "-cambios-lista");
        page.locator("#changes-list a", new Page.LocatorOptions().setHasText(code)).click();
        page.waitForURL(u -> u.contains("/consola/cambios/"));
        assertThat(page.locator("h1").innerText()).contains(code);
        TestBrowser.assertAccessible(page, name + "-cambio");
        // A task for the agent's group, typed and sent from the keyboard.
        page.locator("#task-title").fill("Avisar a la mesa " + tag);
        page.locator("#task-group").selectOption(group);
        page.locator("#task-due").fill("2026-12-19");
        page.locator("#task-due").press("Enter");
        page.waitForURL(u -> u.contains("aviso=tarea"));
        assertThat(page.locator("#change-tasks").innerText()).contains("Avisar a la mesa " + tag);
        TestBrowser.assertAccessible(page, name + "-cambio-tarea");
        // "Mis tareas" → tasks of my groups: as many rows as the counter says, and this one among them.
        page.navigate(TestBrowser.origin(slug) + "/consola");
        var tasks = page.locator("#work-groups a.counter-link").last();
        int open = Integer.parseInt(tasks.locator(".counter").innerText().trim());
        tasks.click();
        page.waitForURL(u -> u.contains("/consola/mis-tareas?vista=groups&tipo=tasks"));
        assertThat(page.locator("#work-list tbody tr").count()).isEqualTo(open);
        assertThat(page.locator("#work-list").innerText()).contains("Avisar a la mesa " + tag);
        TestBrowser.assertAccessible(page, name + "-mis-tareas");
        page.context().close();
    }

    @Test
    void funcionPublicaAgentsFollowTheCountersToTheChangeAndAddATask() {
        walk("funcion-publica", FP, "rfb-agente", "infraestructura-tecnologica", "acceso-remoto", "fp");
    }

    @Test
    void prosperidadSocialAgentsFollowTheCountersToTheChangeAndAddATask() {
        walk("prosperidad-social", PS, "rfb-agente", "infraestructura", "gestion-incidentes-requerimientos", "ps");
    }

    @Test
    void aCommitteeMemberVotesOnThePageAndAnOutsiderIsToldWhyNot() {
        String token = api.agent("funcion-publica", "rfb-agente-comite", "infraestructura-tecnologica");
        String agentId = api.personId(FP, token);
        String member = api.agent("funcion-publica", "rfc-comite-3", "comite-cambios");
        api.personId(FP, member);
        String tag = UUID.randomUUID().toString().substring(0, 8);
        JsonNode c = change(FP, token, agentId, "acceso-remoto", tag);
        String id = c.at("/record/id").asText();
        HttpResponse<String> sent = api.send(FP, "POST", "/api/v1/changes/" + id + "/transitions", token,
                obj("transition", "enviar-comite", "note", "Al comité."), "If-Match", "\"" + c.at("/record/version").asInt() + "\"");
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);

        Page outsider = TestBrowser.get().newPage();
        TestBrowser.signIn(outsider, "funcion-publica", "rfb-agente-comite", "/consola/cambios/" + id);
        outsider.locator("#vote-approve").check();
        outsider.locator("#vote-reason").fill("Yo también apruebo.");
        outsider.locator("#vote-form button[type=submit]").click();
        assertThat(outsider.locator("main").innerText()).contains("Solo los miembros del comité de cambios");
        TestBrowser.assertAccessible(outsider, "fp-cambio-voto-rechazado");
        outsider.context().close();

        Page page = TestBrowser.get().newPage();
        TestBrowser.signIn(page, "funcion-publica", "rfc-comite-3", "/consola/cambios/" + id);
        page.locator("#vote-approve").focus();
        page.keyboard().press("Space");
        page.locator("#vote-reason").fill("Riesgo bajo y reversión probada.");
        page.locator("#vote-form button[type=submit]").press("Enter");
        page.waitForURL(u -> u.contains("aviso=voto"));
        assertThat(page.locator("#change-votes").innerText()).contains("Riesgo bajo y reversión probada.");
        assertThat(page.locator("#change-state").innerText()).as("one of three is not a majority").isEqualTo("En comité de cambios");
        TestBrowser.assertAccessible(page, "fp-cambio-voto");
        page.context().close();
    }

    /**
     * "Nuevo cambio" from a problem's page: one field wrong (the window ends before it starts) is refused on the same
     * form with every value kept and the error beside the field; fixed, it lands on the change's page with the problem
     * linked; its facts are then edited from that page; and an agent of the other entity gets 404 for the edit page.
     */
    void newChangeFromAProblem(String slug, String host, String user, String group, String service, String name,
                               String otherSlug, String otherUser, String otherGroup) {
        String token = api.agent(slug, user, group);
        api.personId(host, token);
        String tag = UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> p = api.send(host, "POST", "/api/v1/problems", token, obj("title", "Portal lento " + tag,
                "description", "El portal tarda en responder."));
        assertThat(p.statusCode()).as(p.body()).isEqualTo(201);
        String problemId = json(p).get("id").asText();
        String problemCode = json(p).get("code").asText();
        Page page = TestBrowser.get().newPage();
        TestBrowser.signIn(page, slug, user, "/consola/problemas/" + problemId);
        page.locator("#problem-new-change").click();
        page.waitForURL(u -> u.contains("/consola/cambios/nuevo?problema=" + problemId));
        assertThat(page.locator("#nc-problem").innerText()).contains(problemCode);
        TestBrowser.assertAccessible(page, name + "-nuevo-cambio");
        page.locator("#nc-title").fill("Ampliar el portal " + tag);
        page.locator("#nc-description").fill("Más memoria para el portal.");
        page.locator("#nc-type-normal").check();
        page.locator("#nc-reason").fill("Responde lento en horas pico.");
        page.locator("#nc-services input[value='" + service + "']").check();
        page.locator("#nc-risk").selectOption("medio");
        page.locator("#nc-impact").selectOption("bajo");
        page.locator("#nc-implementation").fill("Ampliar la memoria y reiniciar.");
        page.locator("#nc-backout").fill("Volver a la memoria anterior.");
        page.locator("#nc-start").fill("20/12/2026 18:00");
        page.locator("#nc-end").fill("20/12/2026 17:00");
        page.locator("#nc-end").press("Enter");
        page.waitForSelector("#nc-end-error");
        assertThat(page.url()).endsWith("/consola/cambios/nuevo");
        assertThat(page.locator("#nc-end-error").innerText()).contains("posterior a su inicio");
        assertThat(page.locator("#nc-end").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(page.locator("#aviso-error a[href='#nc-end']").count()).isEqualTo(1);
        assertThat(page.locator("#nc-title").inputValue()).isEqualTo("Ampliar el portal " + tag);
        assertThat(page.locator("#nc-reason").inputValue()).isEqualTo("Responde lento en horas pico.");
        assertThat(page.locator("#nc-type-normal").isChecked()).isTrue();
        assertThat(page.locator("#nc-services input[value='" + service + "']").isChecked()).isTrue();
        assertThat(page.locator("#nc-risk").inputValue()).isEqualTo("medio");
        assertThat(page.locator("#nc-start").inputValue()).isEqualTo("20/12/2026 18:00");
        assertThat(page.locator("#nc-problem").innerText()).contains(problemCode);
        TestBrowser.assertAccessible(page, name + "-nuevo-cambio-rechazado");
        HttpResponse<String> none = api.send(host, "GET", "/api/v1/changes?view=all", token, null);
        assertThat(none.statusCode()).as(none.body()).isEqualTo(200);
        assertThat(none.body()).as("nothing written").doesNotContain("Ampliar el portal " + tag);
        page.locator("#nc-end").fill("20/12/2026 20:00");
        page.locator("#nc-end").press("Enter");
        page.waitForURL(u -> u.matches(".*/consola/cambios/[0-9a-f-]{36}$"));
        assertThat(page.locator("h1").innerText()).contains("Ampliar el portal " + tag);
        assertThat(page.locator("#change-problems").innerText()).contains(problemCode);
        String changeId = page.url().substring(page.url().lastIndexOf('/') + 1);
        // Its facts, edited from its page while it is new.
        page.locator("#change-edit").click();
        page.waitForURL(u -> u.endsWith("/consola/cambios/" + changeId + "/editar"));
        assertThat(page.locator("#nc-start").inputValue()).isEqualTo("20/12/2026 18:00");
        // Someone else edits it meanwhile: the stale form is refused with the conflict message and keeps the input.
        JsonNode now = json(api.send(host, "GET", "/api/v1/changes/" + changeId, token, null));
        HttpResponse<String> meanwhile = api.send(host, "POST", "/api/v1/changes/" + changeId + "/edit", token,
                obj("impact", "alto"), "If-Match", "\"" + now.at("/record/version").asInt() + "\"");
        assertThat(meanwhile.statusCode()).as(meanwhile.body()).isEqualTo(200);
        page.locator("#nc-reason").fill("Responde lento en horas pico y en cierres de mes.");
        page.locator("#nc-reason").press("Tab");
        page.locator("#nc-form button[type=submit]").press("Enter");
        page.waitForSelector("#aviso-error");
        assertThat(page.locator("#aviso-error").innerText()).contains("Otra persona cambió este cambio");
        assertThat(page.locator("#nc-reason").inputValue()).isEqualTo("Responde lento en horas pico y en cierres de mes.");
        page.locator("#nc-form button[type=submit]").press("Enter");
        page.waitForURL(u -> u.contains("aviso=editado"));
        assertThat(page.locator("#change-facts").innerText()).contains("en cierres de mes");
        page.context().close();
        // The other entity's agent: no such change there, not even its edit page.
        api.personId(otherSlug.equals("funcion-publica") ? FP : PS, api.agent(otherSlug, otherUser, otherGroup));
        Page other = TestBrowser.get().newPage();
        TestBrowser.signIn(other, otherSlug, otherUser, "/consola");
        var response = other.navigate(TestBrowser.origin(otherSlug) + "/consola/cambios/" + changeId + "/editar");
        assertThat(response.status()).isEqualTo(404);
        other.context().close();
    }

    @Test
    void funcionPublicaAgentsOpenAChangeFromAProblemAndEditIt() {
        newChangeFromAProblem("funcion-publica", FP, "rfn-agente", "infraestructura-tecnologica", "acceso-remoto", "fp",
                "prosperidad-social", "rfn-agente-otra", "infraestructura");
    }

    @Test
    void prosperidadSocialAgentsOpenAChangeFromAProblemAndEditIt() {
        newChangeFromAProblem("prosperidad-social", PS, "rfn-agente", "infraestructura", "gestion-incidentes-requerimientos",
                "ps", "funcion-publica", "rfn-agente-otra", "infraestructura-tecnologica");
    }
}
