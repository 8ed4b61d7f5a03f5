package co.mesa.identity;

import co.mesa.identity.internal.PersonStore;
import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantRegistry;
import co.mesa.testsupport.CaseApi;
import co.mesa.testsupport.MesaPlatform;
import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.testsupport.TestRealms;
import co.mesa.testsupport.TestSessions;
import co.mesa.testsupport.TestTenants;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.resource.UserResource;
import org.keycloak.representations.idm.UserRepresentation;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static co.mesa.testsupport.CaseApi.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The people directory filled from the realm (issue 20, decision 0027), against the run's real Keycloak,
 * on a copy of Función Pública of its own (a sync marks inactive whoever its realm does not list, so it
 * never runs on the shared launch tenants here).
 */
@NeedsKeycloak
class PeopleSyncTest {

    // The tenant copy of this class and of AdminDirectoryBrowserTest (a sync never runs on the launch tenants).
    static final String SLUG = "directorio-sync";
    static MesaPlatform platform;
    static CaseApi api;
    static String host;
    static TenantContext tenant;
    static TenantContext funcionPublica;
    static PeopleSync sync;
    static PeopleService people;
    static String caseId;
    static String agentCookie;

    @BeforeAll
    static void tenantWithACase() {
        host = TestTenants.copyOf("funcion-publica", SLUG);
        platform = MesaPlatform.withKeycloak();
        api = new CaseApi();
        TenantRegistry registry = platform.bean(TenantRegistry.class);
        tenant = registry.bySlug(SLUG).orElseThrow();
        funcionPublica = registry.bySlug("funcion-publica").orElseThrow();
        sync = platform.bean(PeopleSync.class);
        people = platform.bean(PeopleService.class);
        String requester = api.token(SLUG, "dsync-solicitante", Roles.REQUESTER);
        String agent = api.agent(SLUG, "dsync-agente", "mesa-servicio-primer-nivel");
        String agentId = api.personId(host, agent);
        HttpResponse<String> filed = api.create(host, requester, obj("origin", "portal", "service", "acceso-remoto",
                "template", "acceso-remoto", "title", "No me conecta la VPN",
                "description", "Desde ayer la VPN dice que la credencial es inválida.",
                "impact", "moderado", "urgency", "medio", "fields", obj("telefono-contacto", "601 555 0101")));
        assertThat(filed.statusCode()).as(filed.body()).isEqualTo(201);
        caseId = CaseApi.json(filed).get("id").asText();
        api.actOk(host, agent, caseId, obj("kind", "reassign", "group", "mesa-servicio-primer-nivel",
                "agentId", agentId, "note", "Lo atiendo yo"));
        agentCookie = TestSessions.signIn(host, "dsync-agente");
    }

    static String casePage() {
        HttpResponse<String> page = platform.get(host, "/consola/casos/" + caseId, "Cookie",
                SessionCookieAuthenticationFetcher.COOKIE + "=" + agentCookie);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        return page.body();
    }

    /** The HTML of one action form of the case page ({@code <details id="action-KEY">}). */
    static String form(String html, String key) {
        int start = html.indexOf("id=\"action-" + key + "\"");
        assertThat(start).as("form " + key).isGreaterThan(0);
        return html.substring(start, html.indexOf("</details>", start));
    }

    static int count(String text, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    static UserResource realmUser(String username) {
        var users = TestRealms.admin().realm(SLUG).users();
        return users.get(users.searchByUsername(username, true).get(0).getId());
    }

    @Test
    void aNewAgentIsOfferedForEscalationBeforeSigningInAndNoLongerOnceDisabledInTheRealm() {
        String tag = UUID.randomUUID().toString().substring(0, 6);
        String username = "dsync-nuevo-" + tag;
        String name = "Ximena Nueva" + tag;
        TestRealms.ensureUser(SLUG, username, "Ximena", "Nueva" + tag, List.of(Roles.REQUESTER, Roles.AGENT),
                List.of("sigep-mesa"));
        assertThat(form(casePage(), "escalate")).doesNotContain(name);

        PeopleSync.Outcome first = sync.sync(tenant);

        assertThat(first.skipped()).isFalse();
        assertThat(first.added()).isGreaterThanOrEqualTo(1);
        assertThat(form(casePage(), "escalate")).contains(name);
        PersonView synced = people.search(tenant, username).get(0);
        assertThat(synced.groups()).containsExactly("sigep-mesa");
        assertThat(synced.roles()).contains(Roles.AGENT);

        UserResource user = realmUser(username);
        UserRepresentation rep = user.toRepresentation();
        rep.setEnabled(false);
        user.update(rep);
        PeopleSync.Outcome second = sync.sync(tenant);

        assertThat(second.updated()).isGreaterThanOrEqualTo(1);
        assertThat(form(casePage(), "escalate")).doesNotContain(name);
        assertThat(people.search(tenant, username)).isEmpty();
        assertThat(people.agents(tenant)).extracting(PeopleService.Agent::id).doesNotContain(synced.id());
        // Never deleted: a case naming them keeps the name.
        assertThat(people.names(tenant, List.of(synced.id()))).containsEntry(synced.id(), name);
    }

    @Test
    void aPersonRemovedFromTheRealmIsMarkedInactiveNotDeleted() {
        String tag = UUID.randomUUID().toString().substring(0, 6);
        String username = "dsync-retirado-" + tag;
        TestRealms.ensureUser(SLUG, username, "Rita", "Retirada" + tag, List.of(Roles.REQUESTER));
        sync.sync(tenant);
        PersonView synced = people.search(tenant, username).get(0);

        realmUser(username).remove();
        PeopleSync.Outcome after = sync.sync(tenant);

        assertThat(after.deactivated()).isGreaterThanOrEqualTo(1);
        assertThat(people.search(tenant, username)).isEmpty();
        assertThat(people.names(tenant, List.of(synced.id()))).containsEntry(synced.id(), "Rita Retirada" + tag);
    }

    @Test
    void aSupervisorOfTwoGroupsAppearsOnceInReassign() {
        String tag = UUID.randomUUID().toString().substring(0, 6);
        String username = "dsync-supervisor-" + tag;
        TestRealms.ensureUser(SLUG, username, "Sofía", "Supervisora" + tag,
                List.of(Roles.REQUESTER, Roles.AGENT, Roles.SUPERVISOR), List.of("mesa-servicio-primer-nivel", "sigep-mesa"));
        sync.sync(tenant);
        String id = people.search(tenant, username).get(0).id().toString();

        String reassign = form(casePage(), "reassign");

        assertThat(count(reassign, "value=\"" + id + "\"")).isEqualTo(1);
        assertThat(reassign).contains("Sofía Supervisora" + tag + " (también");
    }

    @Test
    void aSyncWritesOnlyItsOwnEntitysPeople() {
        String tag = UUID.randomUUID().toString().substring(0, 6);
        String username = "dsync-aislado-" + tag;
        TestRealms.ensureUser(SLUG, username, "Iris", "Aislada" + tag, List.of(Roles.REQUESTER));
        sync.sync(tenant);

        assertThat(people.search(tenant, username)).hasSize(1);
        assertThat(people.search(funcionPublica, username)).isEmpty();
        assertThat(people.search(funcionPublica, "Aislada" + tag)).isEmpty();
        // Row-level security refuses a directory row of another entity inside this entity's transaction.
        PersonStore store = platform.bean(PersonStore.class);
        PersonStore.Fields fields = new PersonStore.Fields(UUID.randomUUID().toString(), username, "Intrusa", null, null,
                null, null, List.of(), List.of(Roles.REQUESTER));
        assertThatThrownBy(() -> platform.bean(TenantTransactions.class).write(tenant.id(),
                c -> store.fromDirectory(c, funcionPublica.id(), fields, true)))
                .hasMessageContaining("row-level security");
        assertThat(people.search(funcionPublica, "Intrusa")).extracting(PersonView::username).doesNotContain(username);
    }

    @Test
    void theAdministratorSyncsFromTheApiAndTheOthersMayNot() {
        String admin = api.token(SLUG, "dsync-admin", Roles.TENANT_ADMIN);
        String agent = api.agent(SLUG, "dsync-agente", "mesa-servicio-primer-nivel");

        HttpResponse<String> ran = api.send(host, "POST", "/api/v1/admin/people/sync", admin, null);
        assertThat(ran.statusCode()).as(ran.body()).isEqualTo(200);
        JsonNode body = CaseApi.json(ran);
        assertThat(body.get("seen").asInt()).isGreaterThanOrEqualTo(2);
        HttpResponse<String> last = api.send(host, "GET", "/api/v1/admin/people/sync", admin, null);
        assertThat(last.statusCode()).as(last.body()).isEqualTo(200);
        assertThat(CaseApi.json(last).get("seen").asInt()).isEqualTo(body.get("seen").asInt());

        HttpResponse<String> refused = api.send(host, "POST", "/api/v1/admin/people/sync", agent, null);
        assertThat(refused.statusCode()).isEqualTo(403);
        // Another entity's administrator token is not valid on this host.
        String fpAdmin = api.token("funcion-publica", "dsync-admin-fp", Roles.TENANT_ADMIN);
        assertThat(api.send(host, "POST", "/api/v1/admin/people/sync", fpAdmin, null).statusCode()).isEqualTo(401);
    }
}
