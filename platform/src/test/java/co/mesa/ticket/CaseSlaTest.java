package co.mesa.ticket;

import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.identity.Roles;
import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantRegistry;
import co.mesa.testsupport.CaseApi;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static co.mesa.testsupport.CaseApi.FP;
import static co.mesa.testsupport.CaseApi.json;
import static co.mesa.testsupport.CaseApi.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SLA as the case API shows it, derived from the case's events: the policy, every counted and
 * paused span, due dates that move with pauses, warnings and breaches written once to the outbox,
 * and the outcome a closed case keeps. Assertions hold on any day of the week.
 */
@NeedsKeycloak
class CaseSlaTest {

    static CaseApi api;
    static String requester;
    static String agent;
    static TenantContext fp;

    @BeforeAll
    static void people() {
        api = new CaseApi();
        requester = api.token("funcion-publica", "sla-solicitante", Roles.REQUESTER);
        agent = api.agent("funcion-publica", "sla-agente", "mesa-servicio-primer-nivel");
        fp = api.platform().bean(TenantRegistry.class).bySlug("funcion-publica").orElseThrow();
    }

    static JsonNode file(String title) {
        return api.fileRemoteAccess(FP, requester, title);
    }

    @Test
    void theCaseShowsItsPolicyTimelineAndDueDatesAndAPauseMovesThemLater() {
        JsonNode c = file("SLA con pausa");
        String id = c.get("id").asText();
        JsonNode sla = c.get("sla");
        // 002's example: "SLA TI - 24 HORAS" on "Calendario Técnicos Primer Nivel".
        assertThat(sla.get("policy").asText()).isEqualTo("sla-ti-24-horas");
        assertThat(sla.get("calendar").asText()).isEqualTo("tecnicos-primer-nivel");
        assertThat(sla.at("/resolution/target").asText()).isEqualTo("PT24H");
        assertThat(sla.at("/response/target").asText()).isEqualTo("PT9H");
        assertThat(sla.at("/resolution/status").asText()).isEqualTo("RUNNING");
        Instant dueBefore = Instant.parse(sla.at("/resolution/dueAt").asText());
        Instant warnBefore = Instant.parse(sla.at("/resolution/warnAt").asText());
        assertThat(warnBefore).isBefore(dueBefore);
        assertThat(sla.get("timeline")).hasSize(1);
        assertThat(sla.at("/timeline/0/counted").asBoolean()).isTrue();

        JsonNode a = api.actOk(FP, agent, id, obj("kind", "question", "note", "¿Desde qué red se conecta?"));
        sla = a.get("sla");
        assertThat(sla.get("paused").asBoolean()).isTrue();
        assertThat(sla.at("/resolution/status").asText()).isEqualTo("PAUSED");
        assertThat(sla.at("/resolution/dueAt").isNull()).isTrue();
        Duration left = Duration.parse(sla.at("/resolution/remaining").asText());
        assertThat(left).isPositive().isLessThanOrEqualTo(Duration.ofHours(24));
        JsonNode pause = sla.get("timeline").get(sla.get("timeline").size() - 1);
        assertThat(pause.get("counted").asBoolean()).isFalse();
        assertThat(pause.get("reason").asText()).isEqualTo("pendiente-respuesta-usuario");
        assertThat(pause.get("label").asText()).isEqualTo("Pendiente respuesta del usuario");
        assertThat(pause.get("end").isNull()).isTrue();

        a = api.actOk(FP, requester, id, obj("kind", "answer", "note", "Desde la casa."));
        sla = a.get("sla");
        assertThat(sla.get("paused").asBoolean()).isFalse();
        Instant dueAfter = Instant.parse(sla.at("/resolution/dueAt").asText());
        assertThat(dueAfter).isAfterOrEqualTo(dueBefore);
        List<String> reasons = new ArrayList<>();
        List<Boolean> counted = new ArrayList<>();
        sla.get("timeline").forEach(s -> {
            reasons.add(s.get("reason").asText());
            counted.add(s.get("counted").asBoolean());
        });
        assertThat(reasons.subList(reasons.size() - 2, reasons.size()))
                .containsExactly("pendiente-respuesta-usuario", "con-respuesta-del-usuario");
        assertThat(counted.subList(counted.size() - 2, counted.size())).containsExactly(false, true);
        // The requester sees the same due dates.
        assertThat(json(api.get(FP, requester, id)).at("/sla/resolution/dueAt").asText())
                .isEqualTo(sla.at("/resolution/dueAt").asText());
    }

    @Test
    void warningsAndBreachesAreWrittenToTheOutboxOnceAndTheCaseIsMarkedExpired() {
        JsonNode c = file("SLA vencido");
        String id = c.get("id").asText();
        Instant warnAt = Instant.parse(c.at("/sla/resolution/warnAt").asText());
        Instant dueAt = Instant.parse(c.at("/sla/resolution/dueAt").asText());
        CaseSweeps sweeps = api.platform().bean(CaseSweeps.class);
        sweeps.sla(fp, warnAt.plusSeconds(1));
        // By then the 9-hour response target (nobody answered) is past due; the 24-hour resolution is warned.
        assertThat(slaTopics(id)).contains("slaWarning:resolution", "slaBreached:response")
                .doesNotContain("slaBreached:resolution");
        assertThat(expired(id)).as("expired is about resolution only").isFalse();
        sweeps.sla(fp, dueAt.plusSeconds(1));
        sweeps.sla(fp, dueAt.plus(Duration.ofDays(3)));
        // Each once, whatever the number of sweeps; no warning for a target already breached when first seen.
        assertThat(slaTopics(id)).containsExactly("slaBreached:response", "slaWarning:resolution", "slaBreached:resolution");
        assertThat(expired(id)).isTrue();
    }

    @Test
    void aClosedCaseKeepsTheOutcomeItWasClosedWith() {
        JsonNode c = file("SLA cerrado");
        String id = c.get("id").asText();
        api.actOk(FP, agent, id, obj("kind", "firstLineSolution", "note", "Resuelto en la llamada."));
        JsonNode closed = json(api.get(FP, agent, id)).get("sla");
        assertThat(closed.get("frozen").asBoolean()).isTrue();
        assertThat(closed.at("/resolution/status").asText()).isEqualTo("MET");
        assertThat(closed.at("/resolution/metAt").isNull()).isFalse();
        // Later sweeps, even far in the future, do not touch it.
        api.platform().bean(CaseSweeps.class).sla(fp, Instant.now().plus(Duration.ofDays(90)));
        assertThat(json(api.get(FP, agent, id)).get("sla")).isEqualTo(closed);
        assertThat(expired(id)).isFalse();
    }

    static List<String> slaTopics(String id) {
        return api.platform().bean(TenantTransactions.class).read(fp.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT topic || ':' || (payload->>'target') FROM outbox "
                    + "WHERE case_id = ? AND topic LIKE 'sla%' ORDER BY id")) {
                ps.setObject(1, UUID.fromString(id));
                List<String> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            }
        });
    }

    static boolean expired(String id) {
        return api.platform().bean(TenantTransactions.class).read(fp.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT expired FROM service_case WHERE id = ?")) {
                ps.setObject(1, UUID.fromString(id));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getBoolean(1);
                }
            }
        });
    }
}
