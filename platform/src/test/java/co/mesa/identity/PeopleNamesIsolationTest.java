package co.mesa.identity;

import co.mesa.testsupport.NeedsServices;
import co.mesa.identity.internal.PersonStore;
import co.mesa.shared.TenantTransactions;
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
import static org.assertj.core.api.Assertions.entry;

/**
 * {@link PeopleService#names}: a person-type field's id becomes a name only within the entity that
 * person belongs to. Asked under another entity, the id names no one, through the query's filter and,
 * underneath it, row level security.
 */
@NeedsServices
class PeopleNamesIsolationTest {

    static PeopleService people;
    static TenantContext funcionPublica;
    static TenantContext prosperidadSocial;
    static PersonView fpPerson;
    static PersonView psPerson;

    @BeforeAll
    static void start() {
        MesaPlatform platform = MesaPlatform.get();
        people = platform.bean(PeopleService.class);
        TenantRegistry registry = platform.bean(TenantRegistry.class);
        funcionPublica = registry.bySlug("funcion-publica").orElseThrow();
        prosperidadSocial = registry.bySlug("prosperidad-social").orElseThrow();
        fpPerson = people.signedIn(funcionPublica, person("Persona de prueba FP"));
        psPerson = people.signedIn(prosperidadSocial, person("Persona de prueba PS"));
    }

    /** A signed-in person with an invented name and a fresh subject. */
    static Authentication person(String name) {
        return person("names-probe-" + UUID.randomUUID(), name);
    }

    static Authentication person(String subject, String name) {
        return Authentication.build(subject, List.of(Roles.REQUESTER),
                Map.of("preferred_username", subject, "name", name));
    }

    @Test
    void namesKeptInMemoryAreKeptPerEntity() {
        assertThat(people.names(funcionPublica, List.of(fpPerson.id()))).containsOnlyKeys(fpPerson.id());
        assertThat(people.cachedNames(funcionPublica, List.of(fpPerson.id())))
                .containsExactly(entry(fpPerson.id(), "Persona de prueba FP"));
        // Remembered for Función Pública, and still no one's under Prosperidad Social.
        assertThat(people.cachedNames(prosperidadSocial, List.of(fpPerson.id()))).isEmpty();
        assertThat(people.names(prosperidadSocial, List.of(fpPerson.id()))).isEmpty();
        assertThat(people.cachedNames(prosperidadSocial, List.of(fpPerson.id()))).isEmpty();
    }

    @Test
    void aPersonWhoseNameChangesIsNamedAnewAtTheirNextSignIn() {
        String subject = "names-rename-" + UUID.randomUUID();
        PersonView before = people.signedIn(funcionPublica, person(subject, "Nombre anterior"));
        assertThat(people.names(funcionPublica, List.of(before.id()))).containsEntry(before.id(), "Nombre anterior");
        PersonView after = people.signedIn(funcionPublica, person(subject, "Nombre nuevo"));
        assertThat(after.id()).isEqualTo(before.id());
        assertThat(people.cachedNames(funcionPublica, List.of(before.id()))).as("forgotten on the write").isEmpty();
        assertThat(people.names(funcionPublica, List.of(before.id()))).containsEntry(before.id(), "Nombre nuevo");
    }

    @Test
    void eachEntityNamesItsOwnPeople() {
        assertThat(people.names(funcionPublica, List.of(fpPerson.id())))
                .containsExactly(entry(fpPerson.id(), "Persona de prueba FP"));
        assertThat(people.names(prosperidadSocial, List.of(psPerson.id())))
                .containsExactly(entry(psPerson.id(), "Persona de prueba PS"));
    }

    @Test
    void askedUnderProsperidadSocialForAFuncionPublicaPersonItAnswersNothing() {
        assertThat(people.names(prosperidadSocial, List.of(fpPerson.id()))).isEmpty();
        // Mixed with its own people and an id of no one: only its own come back.
        assertThat(people.names(prosperidadSocial, List.of(fpPerson.id(), psPerson.id(), UUID.randomUUID())))
                .containsOnlyKeys(psPerson.id());
        assertThat(people.names(funcionPublica, List.of(psPerson.id()))).isEmpty();
    }

    @Test
    void rowLevelSecurityAloneHidesThePersonWhenTheFilterNamesTheOtherEntity() {
        // The store's query filtered by Función Pública's id, run inside Prosperidad Social's transaction.
        MesaPlatform platform = MesaPlatform.get();
        TenantTransactions tx = platform.bean(TenantTransactions.class);
        PersonStore store = platform.bean(PersonStore.class);
        assertThat(tx.<Map<UUID, String>>read(prosperidadSocial.id(),
                c -> store.names(c, funcionPublica.id(), List.of(fpPerson.id())))).isEmpty();
        // The same query in Función Pública's transaction finds them: the emptiness above is the wall.
        assertThat(tx.<Map<UUID, String>>read(funcionPublica.id(),
                c -> store.names(c, funcionPublica.id(), List.of(fpPerson.id())))).containsOnlyKeys(fpPerson.id());
    }
}
