package co.mesa.testsupport;

import java.util.List;

/**
 * The launch entities' change committees as the tests know them (issue 27): Función Pública's three members of
 * {@code comite-cambios}, Prosperidad Social's two of {@code comite-control-cambios}. Every test class that votes
 * calls these first, so a committee's size — and so its rule's threshold — does not depend on which class ran before.
 */
public final class ChangeCommittees {

    private ChangeCommittees() {
    }

    /** The members' tokens, each person known to the platform. */
    public static List<String> funcionPublica(CaseApi api) {
        List<String> members = List.of(api.agent("funcion-publica", "rfc-comite-1", "comite-cambios"),
                api.agent("funcion-publica", "rfc-comite-2", "comite-cambios"),
                api.agent("funcion-publica", "rfc-comite-3", "comite-cambios"));
        members.forEach(t -> api.personId(CaseApi.FP, t));
        return members;
    }

    public static List<String> prosperidadSocial(CaseApi api) {
        List<String> members = List.of(api.agent("prosperidad-social", "rfc-comite-1", "comite-control-cambios"),
                api.agent("prosperidad-social", "rfc-comite-2", "comite-control-cambios"));
        members.forEach(t -> api.personId(CaseApi.PS, t));
        return members;
    }
}
