package co.mesa.routing;

import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.identity.Roles;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantRegistry;
import co.mesa.testsupport.CaseApi;
import co.mesa.testsupport.TestTenants;
import co.mesa.ticket.CaseSweeps;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static co.mesa.testsupport.CaseApi.PS;
import static co.mesa.testsupport.CaseApi.json;
import static co.mesa.testsupport.CaseApi.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who gets a case, at once: the tenant's rules (by service, category, site), the group's strategy
 * among agents who are not away, re-routing on a category change, the safety-net sweep with two
 * instances at once, and read scopes inside a tenant (a vendor's agent sees only its group's cases).
 *
 * <p>Función Pública's cases are filed in a copy of that tenant of this class's own ({@link TestTenants}):
 * the assertions name exactly who routing picks within a group, which any other class's agent in the
 * same group of the shared tenant would change.
 */
@NeedsKeycloak
class RoutingTest {

    /** This class's own copy of Función Pública: its groups hold only the agents made here. */
    static final String FP_SLUG = "rt-funcion-publica";
    static String FP;
    static CaseApi api;
    static String fpRequester;
    static String psRequester;

    @BeforeAll
    static void people() {
        api = new CaseApi();
        FP = TestTenants.copyOf("funcion-publica", FP_SLUG);
        fpRequester = api.token(FP_SLUG, "rt-solicitante", Roles.REQUESTER);
        psRequester = api.token("prosperidad-social", "rt-solicitante", Roles.REQUESTER);
    }

    /** An agent of these groups, signed in once so routing knows them; returns [token, personId]. */
    static String[] agent(String slug, String username, String... groups) {
        String token = api.agent(slug, username, groups);
        return new String[] {token, api.personId(slug.equals(FP_SLUG) ? FP : PS, token)};
    }

    static JsonNode fp(String service, String category, String caseType) {
        HttpResponse<String> r = api.create(FP, fpRequester, obj("service", service, "category", category,
                "caseType", caseType, "title", "Ruteo " + service, "description", "d"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r);
    }

    static String assignee(JsonNode c) {
        return c.get("assignedAgent").isNull() ? null : c.at("/assignedAgent/id").asText();
    }

    static void away(String token, boolean away) {
        HttpResponse<String> r = api.send(FP, "PUT", "/api/v1/me/availability", token,
                obj("away", away, "note", away ? "Vacaciones" : null));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).get("away").asBoolean()).isEqualTo(away);
    }

    @Test
    void roundRobinTakesTurnsAndSkipsAnAgentWhoIsAway() {
        String[] a = agent(FP_SLUG, "rt-admin-a", "administradores-mesa-ti");
        String[] b = agent(FP_SLUG, "rt-admin-b", "administradores-mesa-ti");
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            JsonNode c = fp("aplicacion-mesa-servicio", "configuracion-mesa", "peticion");
            assertThat(c.at("/assignedGroup/key").asText()).isEqualTo("administradores-mesa-ti");
            got.add(assignee(c));
        }
        assertThat(got).containsOnly(a[1], b[1]);
        for (int i = 1; i < got.size(); i++) {
            assertThat(got.get(i)).as("turns alternate").isNotEqualTo(got.get(i - 1));
        }
        away(b[0], true);
        assertThat(assignee(fp("aplicacion-mesa-servicio", "configuracion-mesa", "peticion"))).isEqualTo(a[1]);
        assertThat(assignee(fp("aplicacion-mesa-servicio", "configuracion-mesa", "peticion"))).isEqualTo(a[1]);
        // Nobody can hand a case by hand to someone away either.
        JsonNode c = fp("aplicacion-mesa-servicio", "configuracion-mesa", "peticion");
        HttpResponse<String> r = api.act(FP, a[0], c.get("id").asText(), obj("kind", "reassign",
                "group", "administradores-mesa-ti", "agentId", b[1], "note", "Para Beatriz"));
        assertThat(r.statusCode()).isEqualTo(422);
        away(b[0], false);
        String next = assignee(fp("aplicacion-mesa-servicio", "configuracion-mesa", "peticion"));
        String after = assignee(fp("aplicacion-mesa-servicio", "configuracion-mesa", "peticion"));
        assertThat(List.of(next, after)).containsExactlyInAnyOrder(a[1], b[1]);
    }

    @Test
    void leastLoadedGivesTheCaseToWhoeverHasFewestOpenCases() {
        String[] c1 = agent(FP_SLUG, "rt-suit-a", "suit-mesa");
        String[] c2 = agent(FP_SLUG, "rt-suit-b", "suit-mesa");
        Map<String, Integer> load = new HashMap<>();
        List<JsonNode> cases = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            JsonNode c = fp("suit", "registro-tramites", "peticion");
            assertThat(c.at("/assignedGroup/key").asText()).isEqualTo("suit-mesa");
            load.merge(assignee(c), 1, Integer::sum);
            cases.add(c);
        }
        assertThat(load).containsEntry(c1[1], 2).containsEntry(c2[1], 2);
        // Close two of the first agent's cases: the next two go to them.
        int closed = 0;
        for (JsonNode c : cases) {
            if (closed < 2 && c1[1].equals(assignee(c))) {
                api.actOk(FP, c1[0], c.get("id").asText(), obj("kind", "firstLineSolution", "note", "Resuelto."));
                closed++;
            }
        }
        assertThat(assignee(fp("suit", "registro-tramites", "peticion"))).isEqualTo(c1[1]);
        assertThat(assignee(fp("suit", "registro-tramites", "peticion"))).isEqualTo(c1[1]);
    }

    @Test
    void rulesRouteBySiteAndACategoryChangeRunsThemAgain() {
        agent("prosperidad-social", "rt-ps-primer", "soporte-primer-nivel");
        String[] psSupervisor = {api.token("prosperidad-social", "rt-ps-supervisora",
                List.of("soporte-primer-nivel"), Roles.REQUESTER, Roles.AGENT, Roles.SUPERVISOR), null};
        HttpResponse<String> r = api.create(PS, psRequester, obj("service", "gestion-incidentes-requerimientos",
                "template", "falla-equipo", "site", "regional-amazonas", "title", "Impresora regional", "description", "d"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode regional = json(api.get(PS, psSupervisor[0], json(r).get("id").asText()));
        assertThat(regional.at("/events/1/data/rule").asText()).isEqualTo("regionales-primer-nivel");
        r = api.create(PS, psRequester, obj("service", "gestion-incidentes-requerimientos",
                "template", "falla-equipo", "title", "Impresora en Bogotá", "description", "d"));
        JsonNode central = json(api.get(PS, psSupervisor[0], json(r).get("id").asText()));
        assertThat(central.at("/events/1/data/rule").asText()).isEqualTo("primer-nivel");

        // Función Pública's guide: changing the category may send the case elsewhere.
        String[] sigep = agent(FP_SLUG, "rt-sigep", "sigep-mesa");
        String[] integrity = agent(FP_SLUG, "rt-integridad", "mesa-integridad-publica");
        JsonNode c = fp("sigep", "acceso-usuarios", "peticion");
        assertThat(c.at("/assignedGroup/key").asText()).isEqualTo("sigep-mesa");
        JsonNode moved = api.actOk(FP, sigep[0], c.get("id").asText(), obj("kind", "changeCategory",
                "category", "aplicativo-integridad-publica", "note", "Es del aplicativo de integridad"));
        assertThat(moved.at("/category/key").asText()).isEqualTo("aplicativo-integridad-publica");
        JsonNode now = json(api.get(FP, integrity[0], c.get("id").asText()));
        assertThat(now.at("/assignedGroup/key").asText()).isEqualTo("mesa-integridad-publica");
        assertThat(now.at("/assignedAgent/id").asText()).isEqualTo(integrity[1]);
        // The SIGEP agent no longer sees it.
        assertThat(api.get(FP, sigep[0], c.get("id").asText()).statusCode()).isEqualTo(404);
    }

    @Test
    void theSafetyNetAssignsEachWaitingCaseOnceEvenWithTwoSweepsAtOnce() throws Exception {
        String[] only = agent(FP_SLUG, "rt-sigep-solo", "sigep-mesa");
        // Everyone of the group away: cases wait in the group.
        List<String> sigepAgents = List.of("rt-sigep", "rt-sigep-solo");
        for (String u : sigepAgents) {
            away(api.agent(FP_SLUG, u, "sigep-mesa"), true);
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            JsonNode c = fp("sigep", "hoja-de-vida", "incidencia");
            assertThat(c.get("assignedAgent").isNull()).isTrue();
            ids.add(c.get("id").asText());
        }
        away(only[0], false);
        TenantContext fp = api.platform().bean(TenantRegistry.class).bySlug(FP_SLUG).orElseThrow();
        CaseSweeps sweeps = api.platform().bean(CaseSweeps.class);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Callable<Integer>> two = List.of(() -> sweeps.assignWaiting(fp, Instant.now()),
                () -> sweeps.assignWaiting(fp, Instant.now()));
        int total = 0;
        try {
            for (Future<Integer> f : pool.invokeAll(two)) {
                total += f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(total).isGreaterThanOrEqualTo(6);
        for (String id : ids) {
            JsonNode c = json(api.get(FP, only[0], id));
            assertThat(c.at("/assignedAgent/id").asText()).isEqualTo(only[1]);
            long assignments = 0;
            for (JsonNode e : c.get("events")) {
                if (e.get("kind").asText().equals("assigned") && e.at("/changes/assignedAgent/to").isTextual()) {
                    assignments++;
                }
            }
            assertThat(assignments).as("assigned once").isEqualTo(1);
        }
        away(api.agent(FP_SLUG, "rt-sigep", "sigep-mesa"), false);
    }

    @Test
    void aVendorsAgentSeesOnlyItsGroupsCasesAndASupervisorSeesTheirGroups() {
        String[] vendor = agent("prosperidad-social", "rt-fabrica", "fabrica-software");
        String[] first = agent("prosperidad-social", "rt-ps-primera", "soporte-primer-nivel");
        HttpResponse<String> r = api.create(PS, psRequester, obj("service", "gestion-incidentes-requerimientos",
                "template", "falla-software", "title", "Falla del aplicativo", "description", "d"));
        String id = json(r).get("id").asText();
        assertThat(api.get(PS, vendor[0], id).statusCode()).isEqualTo(404);
        assertThat(api.act(PS, vendor[0], id, obj("kind", "internalNote", "note", "x")).statusCode()).isEqualTo(404);
        // Escalated to the software factory, its agent sees it — and only it.
        api.actOk(PS, first[0], id, obj("kind", "escalate", "group", "fabrica-software", "agentId", vendor[1],
                "note", "Falla del código; pasa a la fábrica."));
        JsonNode seen = json(api.get(PS, vendor[0], id));
        assertThat(seen.at("/assignedAgent/id").asText()).isEqualTo(vendor[1]);
        HttpResponse<String> other = api.create(PS, psRequester, obj("service", "gestion-incidentes-requerimientos",
                "template", "falla-equipo", "title", "Otro caso", "description", "d"));
        assertThat(api.get(PS, vendor[0], json(other).get("id").asText()).statusCode()).isEqualTo(404);
        // A supervisor of the first-line group sees that group's case.
        String supervisor = api.token("prosperidad-social", "rt-ps-supervisor", List.of("soporte-primer-nivel"),
                Roles.REQUESTER, Roles.AGENT, Roles.SUPERVISOR);
        assertThat(api.get(PS, supervisor, json(other).get("id").asText()).statusCode()).isEqualTo(200);
        // Another entity's token is not even accepted here.
        String fpAgent = api.agent(FP_SLUG, "rt-admin-a", "administradores-mesa-ti");
        assertThat(api.send(PS, "GET", "/api/v1/me/availability", fpAgent, null).statusCode()).isEqualTo(401);
    }

    @Test
    void restrictedTemplatesAreShownOnlyToTheirAudienceAndRefusedToOthers() {
        String plain = api.token("prosperidad-social", "rt-plano", Roles.REQUESTER);
        String byRole = api.token("prosperidad-social", "rt-directivo", Roles.REQUESTER, "directivos-coordinadores");
        String byGroup = api.token("prosperidad-social", "rt-coordinadora", List.of("directivos-coordinadores"),
                Roles.REQUESTER);
        assertThat(templates(plain)).doesNotContain("conexion-remota-vpn").contains("falla-equipo");
        assertThat(templates(byRole)).contains("conexion-remota-vpn");
        assertThat(templates(byGroup)).contains("conexion-remota-vpn");
        HttpResponse<String> r = api.create(PS, plain, obj("service", "acceso-remoto", "template", "conexion-remota-vpn",
                "title", "VPN", "description", "d"));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(json(r).get("detail").asText()).contains("conexion-remota-vpn");
    }

    static List<String> templates(String token) {
        JsonNode catalog = json(api.send(PS, "GET", "/api/v1/catalog", token, null));
        return catalog.findValuesAsText("key");
    }
}
