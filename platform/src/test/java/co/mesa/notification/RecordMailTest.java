package co.mesa.notification;

import co.mesa.identity.Roles;
import co.mesa.record.RecordSlaSweep;
import co.mesa.shared.Jdbc;
import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantRegistry;
import co.mesa.testsupport.CaseApi;
import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.testsupport.TestMail;
import co.mesa.testsupport.TestTenants;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static co.mesa.testsupport.CaseApi.json;
import static co.mesa.testsupport.CaseApi.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Records' mail through the outbox and GreenMail's real SMTP server: SLA warnings and breaches of problems
 * written once each by the sweep (twice-run, and concurrently) and sent once each by two dispatchers; the
 * committee's decision on a change reaching the named person in Spanish; and no record entry ever reaching
 * another entity's people. Runs on copies of both entities so no other class's agents or entries count.
 */
@NeedsKeycloak
class RecordMailTest {

    static final String GROUP = "mesa-servicio-primer-nivel";
    static CaseApi api;
    static TestMail mail;
    static OutboxDispatcher dispatcher;
    static RecordSlaSweep sweep;
    static TenantTransactions tx;
    static String host;
    static String otherHost;
    static TenantContext tenant;
    static TenantContext other;
    static String agentA;
    static String agentB;
    static String requester;

    @BeforeAll
    static void start() {
        api = new CaseApi();
        mail = TestMail.get();
        host = TestTenants.copyOf("funcion-publica", "rm-entidad");
        otherHost = TestTenants.copyOf("prosperidad-social", "rm-otra");
        dispatcher = api.platform().bean(OutboxDispatcher.class);
        sweep = api.platform().bean(RecordSlaSweep.class);
        tx = api.platform().bean(TenantTransactions.class);
        tenant = api.platform().bean(TenantRegistry.class).bySlug("rm-entidad").orElseThrow();
        other = api.platform().bean(TenantRegistry.class).bySlug("rm-otra").orElseThrow();
        agentA = api.agent("rm-entidad", "rm-agente-a", GROUP);
        agentB = api.agent("rm-entidad", "rm-agente-b", GROUP);
        requester = api.token("rm-entidad", "rm-solicitante", Roles.REQUESTER);
    }

    static JsonNode problem(Object body) {
        HttpResponse<String> r = api.send(host, "POST", "/api/v1/problems", agentA, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r);
    }

    /** The record's due date and the warning time the sweep derived. */
    static Instant[] times(String id) {
        return tx.read(tenant.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT due_at, warn_at FROM work_record WHERE id = ?")) {
                ps.setObject(1, UUID.fromString(id));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new Instant[] {Jdbc.instant(rs.getTimestamp(1)), Jdbc.instant(rs.getTimestamp(2))};
                }
            }
        });
    }

    /** Two dispatchers (as two replicas) draining the tenant at once, then until nothing is left. */
    static void dispatchTwice(TenantContext t, Instant now) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> runs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                runs.add(pool.submit(() -> dispatcher.dispatch(t, now)));
            }
            for (Future<Integer> f : runs) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        while (dispatcher.dispatch(t, now) > 0) {
            // next round
        }
    }

    /** The sweep run twice at once and once more; returns how many outbox entries all three wrote. */
    static int sweepThrice(Instant now) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Integer> a = pool.submit(() -> sweep.sweep(tenant, now));
            Future<Integer> b = pool.submit(() -> sweep.sweep(tenant, now));
            return a.get() + b.get() + sweep.sweep(tenant, now);
        } finally {
            pool.shutdown();
        }
    }

    static void outbox(TenantContext t, String topic, String payload, String key) {
        tx.write(t.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO outbox (tenant_id, topic, case_id, payload, "
                    + "dedupe_key, created_at) VALUES (?, ?, NULL, ?::jsonb, ?, now())")) {
                ps.setObject(1, t.id().value());
                ps.setString(2, topic);
                ps.setString(3, payload);
                ps.setString(4, key);
                return ps.executeUpdate();
            }
        });
    }

    @Test
    void aProblemsWarningAndBreachReachItsAssigneeOnceEachAndAGroupsProblemItsAgents() throws Exception {
        String aId = api.personId(host, agentA);
        api.personId(host, agentB);
        JsonNode mine = problem(obj("title", "Caídas del correo", "description", "Varias incidencias", "assignedGroup", GROUP,
                "assignedAgentId", aId));
        JsonNode groups = problem(obj("title", "Lentitud del SIGEP", "description", "Sin agente", "assignedGroup", GROUP));
        String id = mine.get("id").asText();
        String code = mine.get("code").asText();
        String groupId = groups.get("id").asText();
        String groupCode = groups.get("code").asText();
        Instant created = Instant.now();

        // The first sweeps derive the warning time only: nothing is due yet.
        sweepThrice(created);
        assertThat(entries(id, null) + entries(groupId, null)).isZero();
        Instant[] t = times(id);
        Instant[] g = times(groupId);
        assertThat(t[0]).as("a problem's due date (20 business days)").isAfter(created.plus(20, ChronoUnit.DAYS));
        assertThat(t[1]).as("warned before the due date").isAfter(created).isBefore(t[0]);

        // Past both warning times (before either due date): each warned once, however often and by how many swept.
        Instant warning = t[1].isAfter(g[1]) ? t[1] : g[1];
        assertThat(warning).isBefore(t[0]).isBefore(g[0]);
        sweepThrice(warning);
        sweepThrice(warning.plusSeconds(60));
        assertThat(entries(id, "recordSlaWarning")).isEqualTo(1);
        assertThat(entries(groupId, "recordSlaWarning")).isEqualTo(1);
        dispatchTwice(tenant, warning.plusSeconds(60));
        String a = "rm-agente-a@rm-entidad.example.invalid";
        String b = "rm-agente-b@rm-entidad.example.invalid";
        assertThat(subjects(a, code)).containsExactly("[" + code + "] Problema " + code + " próximo a vencer");
        // B holds neither problem, but is an agent of the group of the one nobody holds; A is too.
        assertThat(subjects(b, code)).isEmpty();
        assertThat(subjects(b, groupCode)).containsExactly("[" + groupCode + "] Problema " + groupCode + " próximo a vencer");
        assertThat(subjects(a, groupCode)).containsExactly("[" + groupCode + "] Problema " + groupCode + " próximo a vencer");
        MimeMessage first = mail.to(a).stream().filter(m -> subject(m).contains(code)).findFirst().orElseThrow();
        assertThat(NotificationTest.body(first)).contains("asignado a usted o a su grupo").contains("Caídas del correo")
                .contains("http://rm-entidad.localhost/consola/problemas/" + id);

        Instant due = t[0].isAfter(g[0]) ? t[0] : g[0];
        sweepThrice(due);
        sweepThrice(due.plus(3, ChronoUnit.DAYS));
        assertThat(entries(id, "recordSlaBreached")).isEqualTo(1);
        assertThat(entries(groupId, "recordSlaBreached")).isEqualTo(1);
        assertThat(entries(id, null) + entries(groupId, null)).as("nothing more after the breach").isEqualTo(4);
        dispatchTwice(tenant, due.plus(3, ChronoUnit.DAYS));
        dispatchTwice(tenant, due.plus(4, ChronoUnit.DAYS));
        assertThat(subjects(a, code)).containsExactly("[" + code + "] Problema " + code + " próximo a vencer",
                "[" + code + "] Problema " + code + " vencido");
        assertThat(subjects(b, groupCode)).containsExactly("[" + groupCode + "] Problema " + groupCode + " próximo a vencer",
                "[" + groupCode + "] Problema " + groupCode + " vencido");
    }

    static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Subjects of the mails to this address about this record code. */
    static List<String> subjects(String address, String code) {
        return mail.to(address).stream().map(RecordMailTest::subject).filter(s -> s.startsWith("[" + code + "]")).toList();
    }

    /** The outbox entries about a record (of a topic, or of any). */
    static int entries(String recordId, String topic) {
        return tx.read(tenant.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM outbox WHERE payload ->> 'recordId' = ? "
                    + "AND (?::text IS NULL OR topic = ?)")) {
                ps.setString(1, recordId);
                ps.setString(2, topic);
                ps.setString(3, topic);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    @Test
    void aClosedProblemIsNotWarned() throws Exception {
        JsonNode p = problem(obj("title", "Cerrado pronto", "description", "d", "assignedGroup", GROUP,
                "assignedAgentId", api.personId(host, agentA)));
        String id = p.get("id").asText();
        HttpResponse<String> closed = api.send(host, "POST", "/api/v1/problems/" + id + "/transitions", agentA,
                obj("transition", "cerrar", "note", "Causa eliminada"), "If-Match", "\"" + p.get("version").asInt() + "\"");
        assertThat(closed.statusCode()).as(closed.body()).isEqualTo(200);
        Instant later = times(id)[0].plus(1, ChronoUnit.DAYS);
        sweep.sweep(tenant, later);
        sweep.sweep(tenant, later.plus(30, ChronoUnit.DAYS));
        assertThat(entries(id, null)).isZero();
    }

    @Test
    void theCommitteesDecisionReachesTheNamedPersonInSpanishWithTheChangesPage() throws Exception {
        String requesterId = api.personId(host, requester);
        UUID change = UUID.randomUUID();
        String code = "RFC 2026-" + change.toString().substring(0, 5);
        // A change as issue 27 stores it (the kind is the engine's; its workflow may not be in this copy's data).
        tx.write(tenant.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO work_record (tenant_id, id, kind, code, code_year, "
                    + "code_sequence, title, description, state, created_by_id, created_at, updated_at, version) "
                    + "VALUES (?, ?, 'cambio', ?, 2026, ?, 'Actualizar el concentrador VPN', 'd', 'en-comite', ?, now(), now(), 1)")) {
                ps.setObject(1, tenant.id().value());
                ps.setObject(2, change);
                ps.setString(3, code);
                ps.setLong(4, Math.abs(change.getLeastSignificantBits() % 1_000_000_000L));
                ps.setObject(5, UUID.fromString(requesterId));
                return ps.executeUpdate();
            }
        });
        String payload = "{\"recordId\":\"" + change + "\",\"code\":\"" + code + "\",\"title\":\"Actualizar el concentrador VPN\","
                + "\"approved\":true,\"recipientId\":\"" + requesterId + "\"}";
        outbox(tenant, "changeDecided", payload, "change-decided:" + change);
        dispatchTwice(tenant, Instant.now().plusSeconds(1));
        List<MimeMessage> got = mail.to("rm-solicitante@rm-entidad.example.invalid");
        assertThat(got).hasSize(1);
        assertThat(got.get(0).getSubject()).isEqualTo("[" + code + "] Cambio " + code + " aprobado");
        String body = NotificationTest.body(got.get(0));
        assertThat(body).contains("El cambio " + code + " fue aprobado por el comité de cambios.")
                .contains("http://rm-entidad.localhost/consola/cambios/" + change)
                .doesNotContain("rechazado");
        assertThat(got.get(0).getHeader("References")[0]).isEqualTo("<record." + change + "@rm-entidad.example.invalid>");
    }

    @Test
    void aRecordEntryNeverReachesAnotherEntitysPeople() throws Exception {
        String psAgent = api.agent("rm-otra", "rm-agente-otra", "soporte-primer-nivel");
        String psAgentId = api.personId(otherHost, psAgent);
        JsonNode p = problem(obj("title", "Problema de esta entidad", "description", "d", "assignedGroup", GROUP,
                "assignedAgentId", api.personId(host, agentA)));
        String id = p.get("id").asText();
        // This entity's record naming the other entity's person: nobody is found, nothing is sent.
        outbox(tenant, "changeDecided", "{\"recordId\":\"" + id + "\",\"approved\":false,\"recipientId\":\"" + psAgentId
                + "\"}", "iso-1:" + id);
        // The other entity's outbox naming this entity's record: no such record there, nobody is told.
        outbox(other, "recordSlaBreached", "{\"recordId\":\"" + id + "\",\"dueAt\":\"2026-01-01T00:00:00Z\","
                + "\"recipients\":[\"assignee\",\"creator\"],\"recipientId\":\"" + api.personId(host, agentA) + "\"}",
                "iso-2:" + id);
        int before = mail.to("rm-agente-a@rm-entidad.example.invalid").size();
        dispatchTwice(tenant, Instant.now().plusSeconds(1));
        dispatchTwice(other, Instant.now().plusSeconds(1));
        assertThat(mail.to("rm-agente-otra@rm-otra.example.invalid")).isEmpty();
        assertThat(mail.to("rm-agente-a@rm-entidad.example.invalid")).hasSize(before);
        // Both entries were handled (delivered to nobody), not left to be retried.
        for (TenantContext t : List.of(tenant, other)) {
            int pending = tx.read(t.id(), c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM outbox WHERE dedupe_key LIKE 'iso-%' "
                        + "AND delivered_at IS NULL")) {
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getInt(1);
                    }
                }
            });
            assertThat(pending).isZero();
        }
    }
}
