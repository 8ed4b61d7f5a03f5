package co.mesa.identity;

import co.mesa.testsupport.NeedsServices;
import co.mesa.console.ConsoleAgents;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantRegistry;
import co.mesa.testsupport.MesaPlatform;
import io.micronaut.security.authentication.Authentication;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The directory's agent list ({@link PeopleService#agents}, what the console's selects show) holds
 * the agents of the asking entity only: never a person of another entity, never a non-agent.
 */
@NeedsServices
class PeopleAgentsIsolationTest {

    static PeopleService people;
    static TenantContext funcionPublica;
    static TenantContext prosperidadSocial;
    static PersonView fpAgent;
    static PersonView fpRequester;
    static PersonView psAgent;

    @BeforeAll
    static void directories() {
        MesaPlatform platform = MesaPlatform.get();
        people = platform.bean(PeopleService.class);
        TenantRegistry registry = platform.bean(TenantRegistry.class);
        funcionPublica = registry.bySlug("funcion-publica").orElseThrow();
        prosperidadSocial = registry.bySlug("prosperidad-social").orElseThrow();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        // The same username in both entities: two people, one per directory.
        String username = "iso-agente-" + suffix;
        fpAgent = people.signedIn(funcionPublica, person(username, "Prueba Aislamiento FP " + suffix,
                List.of("mesa-servicio-primer-nivel"), Roles.REQUESTER, Roles.AGENT));
        fpRequester = people.signedIn(funcionPublica, person("iso-solicitante-" + suffix,
                "Prueba Solicitante FP " + suffix, List.of(), Roles.REQUESTER));
        psAgent = people.signedIn(prosperidadSocial, person(username, "Prueba Aislamiento PS " + suffix,
                List.of("soporte-primer-nivel"), Roles.REQUESTER, Roles.AGENT));
    }

    static Authentication person(String username, String name, List<String> groups, String... roles) {
        return Authentication.build(UUID.randomUUID().toString(), List.of(roles),
                Map.of("preferred_username", username, "name", name, "mesaGroups", groups,
                        // As every realm user has one: routing may hand these agents other classes' cases.
                        "email", username + "@aislamiento.example.invalid"));
    }

    @Test
    void prosperidadSocialsAgentsNeverIncludeAFuncionPublicaPerson() {
        List<PeopleService.Agent> ps = people.agents(prosperidadSocial);
        assertThat(ps).extracting(PeopleService.Agent::id).contains(psAgent.id())
                .doesNotContain(fpAgent.id(), fpRequester.id());
        assertThat(ps).extracting(PeopleService.Agent::name).doesNotContain(fpAgent.name(), fpRequester.name());
        // None of Función Pública's agents shows up, not only the ones made here.
        List<UUID> fpIds = people.agents(funcionPublica).stream().map(PeopleService.Agent::id).toList();
        assertThat(fpIds).contains(fpAgent.id());
        assertThat(ps).extracting(PeopleService.Agent::id).doesNotContainAnyElementsOf(fpIds);
        // The console reads the same list.
        assertThat(MesaPlatform.get().bean(ConsoleAgents.class).all(prosperidadSocial))
                .extracting(ConsoleAgents.Agent::id)
                .contains(psAgent.id().toString()).doesNotContain(fpAgent.id().toString());
    }

    @Test
    void funcionPublicasAgentsAreItsAgentsWithTheirGroupsAndNoRequesters() {
        List<PeopleService.Agent> fp = people.agents(funcionPublica);
        assertThat(fp).contains(new PeopleService.Agent(fpAgent.id(), fpAgent.name(), List.of("mesa-servicio-primer-nivel")));
        assertThat(fp).extracting(PeopleService.Agent::id).doesNotContain(fpRequester.id(), psAgent.id());
    }
}
