package co.mesa.ticket;

import co.mesa.identity.Roles;
import co.mesa.notification.OutboxDispatcher;
import co.mesa.shared.TenantTransactions;
import co.mesa.sla.BusinessCalendars;
import co.mesa.sla.SlaTargets;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantRegistry;
import co.mesa.testsupport.CaseApi;
import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.testsupport.TestClock;
import co.mesa.testsupport.TestMail;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static co.mesa.testsupport.CaseApi.FP;
import static co.mesa.testsupport.CaseApi.PS;
import static co.mesa.testsupport.CaseApi.json;
import static co.mesa.testsupport.CaseApi.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The satisfaction survey of both entities (issue 23) through the API, the e-mail and the link's page: offered with
 * the solution (and, at Función Pública, with a rejection) for the entity's business days; answered once, on the
 * portal side or from the e-mail's single-use link; a used or expired link refused; Prosperidad Social's "Abierto por
 * Encuesta" closed by the answer or by its time; Función Pública's novedades in the review list with their three
 * outcomes; answers readable by the case's agents and supervisors only.
 */
@NeedsKeycloak
class SurveyLifecycleTest {

    static final Pattern LINK = Pattern.compile("/encuesta/([A-Za-z0-9_-]{43})");

    static CaseApi api;
    static TestMail mail;
    static TenantContext fp;
    static TenantContext ps;
    static String fpRequester;
    static String fpOther;
    static String fpAgent;
    static String fpAgentId;
    static String fpColleague;
    static String fpSupervisor;
    static String fpOutsider;
    static String psRequester;
    static String psAgent;

    @BeforeAll
    static void people() {
        api = new CaseApi();
        mail = TestMail.get();
        fp = api.platform().bean(TenantRegistry.class).bySlug("funcion-publica").orElseThrow();
        ps = api.platform().bean(TenantRegistry.class).bySlug("prosperidad-social").orElseThrow();
        fpRequester = api.token("funcion-publica", "sv-solicitante", Roles.REQUESTER);
        fpOther = api.token("funcion-publica", "sv-otra-solicitante", Roles.REQUESTER);
        fpAgent = api.agent("funcion-publica", "sv-agente", "mesa-servicio-primer-nivel");
        fpColleague = api.agent("funcion-publica", "sv-colega", "mesa-servicio-primer-nivel");
        fpSupervisor = api.token("funcion-publica", "sv-supervisora", List.of("mesa-servicio-primer-nivel"),
                Roles.REQUESTER, Roles.AGENT, Roles.SUPERVISOR);
        fpOutsider = api.agent("funcion-publica", "sv-infra", "infraestructura-tecnologica");
        psRequester = api.token("prosperidad-social", "sv-solicitante", Roles.REQUESTER);
        psAgent = api.agent("prosperidad-social", "sv-agente", "soporte-primer-nivel");
        fpAgentId = api.personId(FP, fpAgent);
        api.personId(FP, fpColleague);
        api.personId(FP, fpSupervisor);
        api.personId(FP, fpOutsider);
        api.personId(PS, psAgent);
    }

    /** A Función Pública case of the survey requester, held by the survey agent. */
    static String fpCase(String title) {
        HttpResponse<String> r = api.create(FP, fpRequester, obj("origin", "portal", "service", "acceso-remoto",
                "template", "acceso-remoto", "title", title, "description", "La VPN no conecta.",
                "impact", "moderado", "urgency", "medio", "fields", obj("telefono-contacto", "601 555 0123")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        String id = json(r).get("id").asText();
        api.actOk(FP, fpAgent, id, obj("kind", "reassign", "group", "mesa-servicio-primer-nivel", "agentId", fpAgentId,
                "note", "Lo atiendo yo"));
        return id;
    }

    static String psCase(String title) {
        HttpResponse<String> r = api.create(PS, psRequester, obj("service", "gestion-incidentes-requerimientos",
                "template", "falla-equipo", "title", title, "description", "No enciende."));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        String id = json(r).get("id").asText();
        String agentId = api.personId(PS, psAgent);
        api.actOk(PS, psAgent, id, obj("kind", "reassign", "group", "soporte-primer-nivel", "agentId", agentId,
                "note", "Lo atiendo"));
        api.actOk(PS, psAgent, id, obj("kind", "firstResponse", "note", "Voy a su puesto."));
        return id;
    }

    static HttpResponse<String> survey(String host, String token, String caseId) {
        return api.send(host, "GET", "/api/v1/cases/" + caseId + "/survey", token, null);
    }

    static HttpResponse<String> answer(String host, String token, String caseId, Object answers) {
        return api.send(host, "POST", "/api/v1/cases/" + caseId + "/survey", token, obj("answers", answers));
    }

    static List<String> problemParams(HttpResponse<String> r) {
        List<String> out = new ArrayList<>();
        json(r).path("invalidParams").forEach(p -> out.add(p.get("name").asText()));
        return out;
    }

    /** Sends what is due now and returns the survey link's token of the case's invitation to this address. */
    static String linkToken(TenantContext tenant, String address, String code) throws Exception {
        OutboxDispatcher dispatcher = api.platform().bean(OutboxDispatcher.class);
        while (dispatcher.dispatch(tenant, Instant.now()) > 0) {
            // next round
        }
        String found = null;
        for (MimeMessage m : mail.to(address)) {
            if (m.getSubject().contains(code) && m.getSubject().contains("Encuesta")) {
                Matcher matcher = LINK.matcher(text(m));
                assertThat(matcher.find()).as("the invitation carries the link").isTrue();
                found = matcher.group(1);
            }
        }
        assertThat(found).as("an invitation for " + code + " to " + address).isNotNull();
        return found;
    }

    static String text(jakarta.mail.Part p) throws Exception {
        Object content = p.getContent();
        if (content instanceof Multipart mp) {
            StringBuilder all = new StringBuilder();
            for (int i = 0; i < mp.getCount(); i++) {
                BodyPart part = mp.getBodyPart(i);
                all.append(text(part));
            }
            return all.toString();
        }
        return String.valueOf(content);
    }

    static HttpResponse<String> page(String host, String path) {
        return api.platform().get(host, path, "Accept", "text/html");
    }

    static HttpResponse<String> postForm(String host, String path, Map<String, String> form) {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return api.platform().send(api.platform().request(host, path).header("Accept", "text/html")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    static String email(String slug, String username) {
        return username + "@" + slug + ".example.invalid";
    }

    @Test
    void funcionPublicaOffersTheSurveyWithTheSolutionForThreeBusinessDaysAnsweredOnceBesideCorrecta() {
        String id = fpCase("Encuesta por el portal");
        JsonNode solved = api.actOk(FP, fpAgent, id, obj("kind", "signSolution", "note", "Se desbloqueó la cuenta."));
        assertThat(solved.at("/state/key").asText()).isEqualTo("resuelta");

        JsonNode s = json(survey(FP, fpRequester, id));
        assertThat(s.get("occasion").asText()).isEqualTo("solution");
        assertThat(s.get("open").asBoolean()).isTrue();
        assertThat(s.get("mayAnswer").asBoolean()).as("the requester may answer").isTrue();
        assertThat(json(survey(FP, fpAgent, id)).get("mayAnswer").asBoolean()).as("the agent reads only").isFalse();
        assertThat(s.get("questions").findValuesAsText("key")).containsExactly("satisfecho", "atencion", "novedad");
        assertThat(s.get("questions").get(1).get("options")).hasSize(5);
        // 004 act. 6: three business days on the first-line technicians' calendar, from the solution.
        Instant offered = Instant.parse(s.get("offeredAt").asText());
        var config = fp.config();
        Duration three = config.settings().survey().answerWithin()
                .toBusinessTime(SlaTargets.workingDay(config.calendars().find("tecnicos-primer-nivel").orElseThrow()));
        Instant expected = api.platform().bean(BusinessCalendars.class).find(fp, "tecnicos-primer-nivel").orElseThrow()
                .addBusinessTime(offered, three, List.of());
        assertThat(Instant.parse(s.get("dueAt").asText())).isEqualTo(expected);

        // Required answers, values each question takes, known questions only: 422, nothing kept.
        HttpResponse<String> bad = answer(FP, fpRequester, id, obj("atencion", "7", "color", "azul"));
        assertThat(bad.statusCode()).as(bad.body()).isEqualTo(422);
        assertThat(bad.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(problemParams(bad)).containsExactlyInAnyOrder("answers/satisfecho", "answers/atencion", "answers/color");
        assertThat(json(survey(FP, fpRequester, id)).get("answeredAt").isNull()).isTrue();

        // Another requester of the entity neither reads nor answers it.
        assertThat(survey(FP, fpOther, id).statusCode()).isEqualTo(404);
        assertThat(answer(FP, fpOther, id, obj("satisfecho", "yes", "atencion", "5")).statusCode()).isEqualTo(404);
        // An agent of the case may read it but not answer for the requester.
        assertThat(answer(FP, fpAgent, id, obj("satisfecho", "yes", "atencion", "5")).statusCode()).isEqualTo(403);

        HttpResponse<String> ok = answer(FP, fpRequester, id, obj("satisfecho", "yes", "atencion", "5"));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(json(ok).get("answeredVia").asText()).isEqualTo("portal");
        assertThat(json(ok).get("mayAnswer").asBoolean()).isFalse();
        assertThat(json(ok).get("review").asText()).isEqualTo("none");
        // Once only.
        HttpResponse<String> again = answer(FP, fpRequester, id, obj("satisfecho", "no", "atencion", "1"));
        assertThat(again.statusCode()).isEqualTo(409);

        // The answer does not decide the solution: Correcta / Incorrecta are still the requester's.
        JsonNode c = json(api.get(FP, fpRequester, id));
        assertThat(c.at("/state/key").asText()).isEqualTo("resuelta");
        assertThat(c.get("availableActions").findValuesAsText("kind")).contains("confirmSolution", "refuseSolution");
        assertThat(c.get("events").findValuesAsText("kind")).contains("surveyAnswered");
        // The case's agents and supervisors read the answers.
        for (String reader : List.of(fpAgent, fpSupervisor)) {
            JsonNode read = json(survey(FP, reader, id));
            assertThat(read.at("/questions/0/answer").asText()).isEqualTo("yes");
            assertThat(read.at("/questions/1/answer").asText()).isEqualTo("5");
        }
        // An agent of another group does not see the case at all.
        assertThat(survey(FP, fpOutsider, id).statusCode()).isEqualTo(404);
        JsonNode closed = api.actOk(FP, fpRequester, id, obj("kind", "confirmSolution"));
        assertThat(closed.at("/state/key").asText()).isEqualTo("cerrada");
        // No novedad: nothing to review.
        assertThat(json(api.send(FP, "GET", "/api/v1/survey-reviews", fpAgent, null)).findValuesAsText("caseId"))
                .doesNotContain(id);
    }

    @Test
    void funcionPublicaRejectedCaseSurveyFromTheEmailLinkOnceThenItsNovedadIsReopenedToTheSigner() throws Exception {
        String id = fpCase("Encuesta del rechazo");
        JsonNode rejected = api.actOk(FP, fpAgent, id, obj("kind", "reject", "note", "No es un servicio de la mesa."));
        assertThat(rejected.at("/state/key").asText()).isEqualTo("rechazada");
        String code = rejected.get("code").asText();
        JsonNode s = json(survey(FP, fpRequester, id));
        assertThat(s.get("occasion").asText()).isEqualTo("rejection");
        assertThat(s.get("open").asBoolean()).isTrue();

        String token = linkToken(fp, email("funcion-publica", "sv-solicitante"), code);
        // Only the token's hash is stored.
        assertThat(storedHashes(fp, id)).containsExactly(java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII))));
        // The link opens that case's survey without signing in, and nothing else.
        HttpResponse<String> form = page(FP, "/encuesta/" + token);
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("¿Está satisfecho con la solución o la respuesta dada a su caso?").contains(code)
                .doesNotContain("No es un servicio de la mesa.");
        // A wrong answer shows the form again with the Spanish message; nothing is used up.
        HttpResponse<String> missing = postForm(FP, "/encuesta/" + token, Map.of("answer.atencion", "2"));
        assertThat(missing.statusCode()).isEqualTo(422);
        assertThat(missing.body()).contains("Es obligatorio: elija o escriba una respuesta.");
        HttpResponse<String> sent = postForm(FP, "/encuesta/" + token, Map.of("answer.satisfecho", "no",
                "answer.atencion", "2", "answer.novedad", "Sí es un servicio: es la VPN de la entidad."));
        assertThat(sent.statusCode()).isEqualTo(200);
        assertThat(sent.body()).contains("Gracias: su encuesta quedó registrada.");
        // Used: a clear page, and the answer cannot be sent twice.
        HttpResponse<String> used = page(FP, "/encuesta/" + token);
        assertThat(used.statusCode()).isEqualTo(410);
        assertThat(used.body()).contains("Este enlace ya fue usado");
        HttpResponse<String> twice = postForm(FP, "/encuesta/" + token, Map.of("answer.satisfecho", "yes",
                "answer.atencion", "5"));
        assertThat(twice.statusCode()).isEqualTo(410);
        assertThat(json(survey(FP, fpAgent, id)).at("/questions/0/answer").asText()).isEqualTo("no");
        // Another entity's host does not know the link.
        assertThat(page(PS, "/encuesta/" + token).statusCode()).isEqualTo(404);

        // The novedad waits for the agent who signed the rejection and the group's supervisor; not for others.
        JsonNode s2 = json(survey(FP, fpAgent, id));
        assertThat(s2.get("answeredVia").asText()).isEqualTo("email");
        assertThat(s2.get("review").asText()).isEqualTo("pending");
        String surveyId = s2.get("id").asText();
        assertThat(pendingReviews(fpAgent)).contains(surveyId);
        assertThat(pendingReviews(fpSupervisor)).contains(surveyId);
        assertThat(pendingReviews(fpColleague)).doesNotContain(surveyId);
        assertThat(pendingReviews(fpOutsider)).doesNotContain(surveyId);
        assertThat(pendingReviews(fpRequester)).isEmpty();
        assertThat(decide(fpColleague, surveyId, "reopened", "No es suyo").statusCode()).isEqualTo(404);

        // "Ampliar la solución": the rejected case reopens, back to the agent who signed.
        HttpResponse<String> reopened = decide(fpAgent, surveyId, "reopened", "Se revisa de nuevo: sí es de la mesa.");
        assertThat(reopened.statusCode()).as(reopened.body()).isEqualTo(200);
        JsonNode c = json(api.get(FP, fpAgent, id));
        assertThat(c.at("/state/key").asText()).isEqualTo("asignada");
        assertThat(c.at("/assignedAgent/id").asText()).isEqualTo(fpAgentId);
        assertThat(c.get("closedAt").isNull()).isTrue();
        assertThat(pendingReviews(fpAgent)).doesNotContain(surveyId);
        assertThat(json(survey(FP, fpRequester, id)).get("review").asText()).isEqualTo("reopened");
    }

    @Test
    void funcionPublicaNovedadAskingForANewCaseOrClosedWithANoteEndsTheSolvedCase() {
        String first = fpCase("Novedad: caso nuevo");
        String second = fpCase("Novedad: cerrar");
        List<String> surveys = new ArrayList<>();
        for (String id : List.of(first, second)) {
            api.actOk(FP, fpAgent, id, obj("kind", "signSolution", "note", "Se reinstaló el cliente VPN."));
            HttpResponse<String> r = answer(FP, fpRequester, id, obj("satisfecho", "no", "atencion", "1",
                    "novedad", "Ahora falla el correo."));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(json(r).get("review").asText()).isEqualTo("pending");
            surveys.add(json(r).get("id").asText());
        }
        // A decision needs an outcome among the three and a note.
        HttpResponse<String> invalid = decide(fpAgent, surveys.get(0), "olvidar", " ");
        assertThat(invalid.statusCode()).isEqualTo(422);
        assertThat(problemParams(invalid)).containsExactlyInAnyOrder("outcome", "note");

        HttpResponse<String> newCase = decide(fpSupervisor, surveys.get(0), "new-case",
                "El correo es otro servicio: por favor radique un caso nuevo.");
        assertThat(newCase.statusCode()).as(newCase.body()).isEqualTo(200);
        JsonNode c1 = json(api.get(FP, fpRequester, first));
        assertThat(c1.at("/state/key").asText()).isEqualTo("cerrada");
        // The note reaches the requester.
        assertThat(c1.get("events").findValuesAsText("note")).contains("El correo es otro servicio: por favor radique un caso nuevo.");

        HttpResponse<String> close = decide(fpAgent, surveys.get(1), "closed", "No hay más soluciones para este caso.");
        assertThat(close.statusCode()).as(close.body()).isEqualTo(200);
        assertThat(json(api.get(FP, fpRequester, second)).at("/state/key").asText()).isEqualTo("cerrada");
        // Decided once: the second decision finds nothing pending.
        assertThat(decide(fpAgent, surveys.get(1), "reopened", "Otra vez").statusCode()).isEqualTo(404);
        assertThat(pendingReviews(fpAgent)).doesNotContainAnyElementsOf(surveys);
    }

    @Test
    void anExpiredLinkGetsAClearPageAndTheUnansweredCaseClosesAfterTheEntitysTime() throws Exception {
        String id = fpCase("Encuesta sin respuesta");
        JsonNode solved = api.actOk(FP, fpAgent, id, obj("kind", "signSolution", "note", "Se cambió la contraseña."));
        String token = linkToken(fp, email("funcion-publica", "sv-solicitante"), solved.get("code").asText());
        Instant due = Instant.parse(json(survey(FP, fpRequester, id)).get("dueAt").asText());
        try (TestClock.Moved ignored = TestClock.get().movedTo(due.plus(Duration.ofHours(1)))) {
            HttpResponse<String> expired = page(FP, "/encuesta/" + token);
            assertThat(expired.statusCode()).isEqualTo(410);
            assertThat(expired.body()).contains("Este enlace venció");
            HttpResponse<String> late = postForm(FP, "/encuesta/" + token, Map.of("answer.satisfecho", "yes",
                    "answer.atencion", "5"));
            assertThat(late.statusCode()).isEqualTo(410);
        }
        // Unanswered after three business days: the solution closes on its own, the survey with it.
        api.platform().bean(CaseSweeps.class).sweep(fp, Instant.now().plus(Duration.ofDays(30)));
        JsonNode c = json(api.get(FP, fpAgent, id));
        assertThat(c.at("/state/key").asText()).isEqualTo("cerrada");
        assertThat(json(survey(FP, fpAgent, id)).get("answeredAt").isNull()).isTrue();
        // A made-up link is unknown.
        assertThat(page(FP, "/encuesta/" + "A".repeat(43)).statusCode()).isEqualTo(404);
    }

    @Test
    void prosperidadSocialWaitsInAbiertoPorEncuestaUntilTheEmailedSurveyIsAnswered() throws Exception {
        String id = psCase("Encuesta por correo");
        JsonNode solved = api.actOk(PS, psAgent, id, obj("kind", "signSolution", "note", "Se cambió la fuente."));
        assertThat(solved.at("/state/key").asText()).isEqualTo("abierto-por-encuesta");
        String token = linkToken(ps, email("prosperidad-social", "sv-solicitante"), solved.get("code").asText());
        HttpResponse<String> form = page(PS, "/encuesta/" + token);
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("¿Cómo califica la oportunidad en la atención de su caso?");
        HttpResponse<String> sent = postForm(PS, "/encuesta/" + token, Map.of("answer.oportunidad", "5",
                "answer.calidad", "4", "answer.comentarios", "Muy amable el técnico."));
        assertThat(sent.statusCode()).isEqualTo(200);
        JsonNode c = json(api.get(PS, psAgent, id));
        assertThat(c.at("/state/key").asText()).isEqualTo("cerrado");
        assertThat(json(survey(PS, psAgent, id)).at("/questions/2/answer").asText()).isEqualTo("Muy amable el técnico.");
        assertThat(page(PS, "/encuesta/" + token).statusCode()).isEqualTo(410);
        // Prosperidad Social reviews no novedades (its data marks none).
        assertThat(json(survey(PS, psAgent, id)).get("review").asText()).isEqualTo("none");
    }

    @Test
    void prosperidadSocialUnansweredSurveyClosesTheCaseAfterItsTime() {
        String id = psCase("Encuesta sin respuesta PS");
        api.actOk(PS, psAgent, id, obj("kind", "signSolution", "note", "Se reinició el equipo."));
        CaseSweeps sweeps = api.platform().bean(CaseSweeps.class);
        sweeps.sweep(ps, Instant.now());
        assertThat(json(api.get(PS, psAgent, id)).at("/state/key").asText()).isEqualTo("abierto-por-encuesta");
        sweeps.sweep(ps, Instant.now().plus(Duration.ofDays(30)));
        JsonNode c = json(api.get(PS, psAgent, id));
        assertThat(c.at("/state/key").asText()).isEqualTo("cerrado");
        JsonNode last = c.get("events").get(c.get("events").size() - 1);
        assertThat(last.get("kind").asText()).isEqualTo("autoClose");
    }

    @Test
    void answersStayInsideTheirEntityAndTheirCase() {
        String id = fpCase("Aislamiento de la encuesta");
        api.actOk(FP, fpAgent, id, obj("kind", "signSolution", "note", "Listo."));
        assertThat(answer(FP, fpRequester, id, obj("satisfecho", "yes", "atencion", "4")).statusCode()).isEqualTo(200);
        // Another entity's people, on their host, do not find the case or its survey.
        assertThat(survey(PS, psAgent, id).statusCode()).isEqualTo(404);
        assertThat(answer(PS, psRequester, id, obj("oportunidad", "1", "calidad", "1")).statusCode()).isEqualTo(404);
        // A token of Prosperidad Social is not accepted on Función Pública's host.
        assertThat(survey(FP, psAgent, id).statusCode()).isEqualTo(401);
        // Row level security: under Prosperidad Social's tenant the rows are not there at all.
        assertThat(surveyRows(ps, id)).isZero();
        assertThat(surveyRows(fp, id)).as("the offering and its two answers").isEqualTo(3);
    }

    @Test
    void calificadaInTheQueueShowsWhetherTheSurveyWasAnsweredAndFiltersByIt() {
        String marker = "calificada" + Long.toString(System.nanoTime(), 36).replaceAll("[0-9]", "");
        String answered = fpCase("Caso " + marker + " respondido");
        String silent = fpCase("Caso " + marker + " sin respuesta");
        for (String id : List.of(answered, silent)) {
            api.actOk(FP, fpAgent, id, obj("kind", "signSolution", "note", "Listo."));
        }
        assertThat(answer(FP, fpRequester, answered, obj("satisfecho", "yes", "atencion", "5")).statusCode()).isEqualTo(200);
        JsonNode all = queue("status=all&q=" + marker);
        Map<String, Boolean> rated = new java.util.HashMap<>();
        all.get("items").forEach(i -> rated.put(i.get("id").asText(), i.get("rated").asBoolean()));
        assertThat(rated).containsEntry(answered, true).containsEntry(silent, false);
        assertThat(queue("status=all&rated=true&q=" + marker).get("items").findValuesAsText("id"))
                .contains(answered).doesNotContain(silent);
        assertThat(queue("status=all&rated=false&q=" + marker).get("items").findValuesAsText("id"))
                .contains(silent).doesNotContain(answered);
        HttpResponse<String> bad = api.send(FP, "GET", "/api/v1/queue?rated=quizas", fpAgent, null);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(problemParams(bad)).containsExactly("rated");
    }

    static JsonNode queue(String query) {
        HttpResponse<String> r = api.send(FP, "GET", "/api/v1/queue?" + query, fpAgent, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    static List<String> pendingReviews(String token) {
        HttpResponse<String> r = api.send(FP, "GET", "/api/v1/survey-reviews", token, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r).findValuesAsText("surveyId");
    }

    static HttpResponse<String> decide(String token, String surveyId, String outcome, String note) {
        return api.send(FP, "POST", "/api/v1/survey-reviews/" + surveyId, token, obj("outcome", outcome, "note", note));
    }

    static List<String> storedHashes(TenantContext tenant, String caseId) {
        return api.platform().bean(TenantTransactions.class).read(tenant.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT encode(token_hash, 'hex') FROM case_survey "
                    + "WHERE case_id = ? AND token_hash IS NOT NULL")) {
                ps.setObject(1, UUID.fromString(caseId));
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

    static int surveyRows(TenantContext tenant, String caseId) {
        return api.platform().bean(TenantTransactions.class).read(tenant.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT (SELECT count(*) FROM case_survey WHERE case_id = ?) "
                    + "+ (SELECT count(*) FROM case_survey_answer WHERE case_id = ?)")) {
                ps.setObject(1, UUID.fromString(caseId));
                ps.setObject(2, UUID.fromString(caseId));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }
}
