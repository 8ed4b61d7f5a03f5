package co.mesa.notification;

import co.mesa.identity.SessionCookieAuthenticationFetcher;
import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.TenantContext;
import co.mesa.testsupport.CaseApi;
import co.mesa.testsupport.Json;
import co.mesa.testsupport.MesaPlatform;
import com.fasterxml.jackson.databind.JsonNode;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static co.mesa.testsupport.CaseApi.FP;
import static co.mesa.testsupport.CaseApi.json;
import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP and SQL steps of {@link MailQuarantineTest}: pages with a session, forms with its token, the stored row. */
record QuarantineSteps(MesaPlatform platform, CaseApi api, TenantContext fp, String agentToken) {

    static final String COOKIE = SessionCookieAuthenticationFetcher.COOKIE;

    String csrf(String host, String cookie) {
        return Json.parse(platform.get(host, "/auth/session", "Cookie", COOKIE + "=" + cookie).body()).get("csrf").asText();
    }

    HttpResponse<String> page(String host, String cookie, String path) {
        return platform.get(host, path, "Cookie", COOKIE + "=" + cookie, "Accept", "text/html");
    }

    HttpResponse<String> post(String host, String cookie, String csrf, String path, Map<String, String> fields) {
        StringBuilder body = new StringBuilder("csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8));
        fields.forEach((k, v) -> body.append('&').append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return platform.send(platform.request(host, path).header("Cookie", COOKIE + "=" + cookie)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
    }

    /** A reply to a problem's mail from the requester: quarantined as record-reply, its sender a known person. */
    void recordReply(String subject, String body) throws Exception {
        EmailIntakeTest.send(EmailIntakeTest.email("funcion-publica", "mq-solicitante"), subject, body,
                Map.of("References", "<record." + UUID.randomUUID() + "@funcion-publica.example.invalid>"));
    }

    JsonNode apiList(String host, String token) {
        return json(api.send(host, "GET", "/api/v1/mail/quarantine", token, null));
    }

    long idOf(String subject) {
        for (JsonNode m : apiList(FP, agentToken)) {
            if (m.get("subject").asText().equals(subject)) {
                return m.get("id").asLong();
            }
        }
        throw new AssertionError("not quarantined: " + subject);
    }

    /** The stored row: outcome, case, who handled it (person id), when, the dismissal's reason. */
    List<Object> row(long id) {
        return platform.bean(TenantTransactions.class).read(fp.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT outcome, case_id, handled_by, handled_at, dismiss_reason "
                    + "FROM inbound_mail WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).as("the row is kept").isTrue();
                    List<Object> out = new ArrayList<>();
                    for (int i = 1; i <= 5; i++) {
                        Object o = rs.getObject(i);
                        out.add(o == null ? null : o.toString());
                    }
                    return out;
                }
            }
        });
    }

    long homeCount(String host, String cookie) {
        Matcher m = Pattern.compile("id=\"mail-quarantine\">\\s*<li class=\"card\"><a class=\"counter-link\" "
                + "href=\"/consola/correo\"><span class=\"counter\">(\\d+)</span>").matcher(page(host, cookie, "/consola").body());
        assertThat(m.find()).as("the home's section").isTrue();
        return Long.parseLong(m.group(1));
    }

    /** Rows of the page, following its pages to the end. */
    long listed(String host, String cookie) {
        long rows = 0;
        for (int n = 1; ; n++) {
            String body = page(host, cookie, "/consola/correo?pagina=" + n).body();
            rows += Pattern.compile("<tr class=\"mail-row\">").matcher(body).results().count();
            if (!body.contains("id=\"next-page\"")) {
                return rows;
            }
        }
    }
}
