package co.mesa.web;

import co.mesa.identity.Roles;
import co.mesa.testsupport.CaseApi;
import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.testsupport.TestTenants;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every operation of the OpenAPI document, with hostile values in each parameter, header and body field,
 * sent with valid tokens (a requester, and an agent who is also supervisor and tenant admin) to an entity
 * of this class's own ("fz-entidad", a copy of Función Pública, so whatever the fuzz files stays there).
 * No answer may be a 5xx, and no body may carry a stack trace or the database's words. Bounded: one
 * hostile value at a time, a few thousand requests in all.
 */
@NeedsKeycloak
class OpenApiFuzzTest {

    static final int MAX_REQUESTS = 4_000;

    /** What a body must never show: Java stack traces and exception names, the driver's and the server's words. */
    static final Pattern LEAK = Pattern.compile("Exception|\\tat |\\bat (co\\.mesa|io\\.micronaut|java\\.)|PSQL|SQLState|"
            + "org\\.postgresql|syntax error at|violates .* constraint|relation \"|java\\.lang");

    static final List<String> HOSTILE_TEXT = List.of("", " ", "\u0000", "a\u0000b", "\u0007", "%00", "%zz", "'; DROP TABLE service_case;--",
            "\" OR 1=1 --", "<script>alert(1)</script>", "../../../../etc/passwd", "\u202Egnp.exe", "ñ𝄞\uFFFF",
            "-1", "0", "99999999999999999999999999", "1e400", "NaN", "null", "true", "{}", "[]",
            "+999999999-12-31T23:59:59Z", "2026-02-30", "P99999999999D", "x".repeat(5_000));
    static final List<Object> HOSTILE_JSON = List.of(123, -1, 1.5e300, true, false, "", "\u0000", "x".repeat(20_000),
            List.of(), List.of((Object) "a"), Map.of(), Map.of("a", Map.of("b", List.of())), "+999999999-12-31T23:59:59Z",
            "00000000-0000-0000-0000-000000000000", "<script>", "\u202E");
    static final List<String> RAW_BODIES = List.of("", "null", "[]", "{}", "123", "\"x\"", "{\"a\":", "{\"a\":1,}",
            "[".repeat(3_000), "{\"title\":\"\\u0000\"}", "\u0000", "{\"a\":\"\\ud800\"}");

    @Test
    void noOperationAnswersA5xxOrLeaksItsInsides() {
        CaseApi api = new CaseApi();
        String host = TestTenants.copyOf("funcion-publica", "fz-entidad");
        String requester = api.token("fz-entidad", "fz-solicitante", Roles.REQUESTER);
        String staff = api.token("fz-entidad", "fz-personal", List.of("mesa-servicio-primer-nivel"),
                Roles.REQUESTER, Roles.AGENT, Roles.SUPERVISOR, Roles.TENANT_ADMIN);
        String caseId = CaseApi.json(api.create(host, requester, CaseApi.obj("service", "acceso-remoto",
                "template", "acceso-remoto", "title", "Caso del fuzz", "description", "d",
                "fields", CaseApi.obj("telefono-contacto", "601 555 0195")))).get("id").asText();

        HttpResponse<String> doc = api.platform().get(host, "/openapi/mesa-1.yml");
        assertThat(doc.statusCode()).isEqualTo(200);
        Map<String, Object> openapi = new Yaml().load(doc.body());
        Map<String, Object> schemas = map(map(openapi.get("components")).get("schemas"));

        List<String> failures = new ArrayList<>();
        int sent = 0;
        Set<String> operations = new LinkedHashSet<>();
        for (Map.Entry<String, Object> path : map(openapi.get("paths")).entrySet()) {
            for (Map.Entry<String, Object> op : map(path.getValue()).entrySet()) {
                String method = op.getKey().toUpperCase(java.util.Locale.ROOT);
                if (!Set.of("GET", "POST", "PUT", "DELETE", "PATCH").contains(method)) {
                    continue;
                }
                operations.add(method + " " + path.getKey());
                Map<String, Object> operation = map(op.getValue());
                List<Map<String, Object>> params = new ArrayList<>();
                for (Object p : list(operation.get("parameters"))) {
                    params.add(map(p));
                }
                Map<String, String> validPath = new LinkedHashMap<>();
                for (Map<String, Object> p : params) {
                    if ("path".equals(p.get("in"))) {
                        String name = (String) p.get("name");
                        validPath.put(name, name.equals("id") ? caseId : name.equals("kind") ? "settings"
                                : name.equals("slug") ? "fz-entidad" : "1");
                    }
                }
                List<Variant> variants = new ArrayList<>();
                variants.add(new Variant(Map.of(), Map.of(), Map.of(), null));
                for (Map<String, Object> p : params) {
                    String name = (String) p.get("name");
                    for (String v : HOSTILE_TEXT) {
                        switch (String.valueOf(p.get("in"))) {
                            case "path" -> variants.add(new Variant(Map.of(name, v), Map.of(), Map.of(), null));
                            case "query" -> variants.add(new Variant(Map.of(), Map.of(name, v), Map.of(), null));
                            case "header" -> {
                                if (v.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f) && v.length() < 1_000) {
                                    variants.add(new Variant(Map.of(), Map.of(), Map.of(name, v), null));
                                }
                            }
                            default -> { }
                        }
                    }
                }
                Map<String, Object> content = map(map(operation.get("requestBody")).get("content"));
                if (content.containsKey("application/json")) {
                    for (String raw : RAW_BODIES) {
                        variants.add(new Variant(Map.of(), Map.of(), Map.of(), new Body("application/json", raw)));
                    }
                    for (String property : properties(map(map(content.get("application/json")).get("schema")), schemas)) {
                        for (Object v : HOSTILE_JSON) {
                            variants.add(new Variant(Map.of(), Map.of(), Map.of(), new Body("application/json",
                                    CaseApi.write(Map.of(property, v)))));
                        }
                    }
                } else if (!content.isEmpty()) {
                    String type = content.keySet().iterator().next().replace("*/*", "application/octet-stream");
                    for (String raw : List.of("", "\u0000\u0001\u0002", "%PDF-1.4", "PK\u0003\u0004broken", "x".repeat(10_000))) {
                        variants.add(new Variant(Map.of(), Map.of(), Map.of(), new Body(type, raw)));
                    }
                }
                for (Variant v : variants) {
                    for (String token : List.of(requester, staff)) {
                        if (sent >= MAX_REQUESTS) {
                            continue;
                        }
                        sent++;
                        String target = target(path.getKey(), validPath, v);
                        HttpRequest.Builder b;
                        try {
                            b = api.platform().request(host, target).header("Authorization", "Bearer " + token);
                        } catch (IllegalArgumentException unsendable) {
                            continue; // java.net.http refuses the URI itself: nothing reaches the platform
                        }
                        v.headers().forEach(b::header);
                        if (v.body() != null) {
                            b.header("Content-Type", v.body().type());
                            b.method(method, HttpRequest.BodyPublishers.ofString(v.body().text()));
                        } else {
                            b.method(method, HttpRequest.BodyPublishers.noBody());
                        }
                        HttpResponse<String> r;
                        try {
                            r = api.platform().send(b.build());
                        } catch (java.io.UncheckedIOException closed) {
                            failures.add(method + " " + abbreviate(target) + " " + v.headers() + " "
                                    + (v.body() == null ? "" : abbreviate(v.body().text())) + " -> no answer: " + closed.getMessage());
                            continue;
                        }
                        String body = r.body() == null ? "" : r.body();
                        if (r.statusCode() >= 500 || LEAK.matcher(body).find()) {
                            failures.add(method + " " + abbreviate(target) + " " + v.headers() + " "
                                    + (v.body() == null ? "" : abbreviate(v.body().text())) + " -> " + r.statusCode() + " "
                                    + abbreviate(body));
                        }
                    }
                }
            }
        }
        assertThat(operations).as("operations in the document").hasSizeGreaterThan(25);
        assertThat(sent).as("requests sent").isGreaterThan(1_000);
        assertThat(failures).as(failures.size() + " of " + sent + " requests answered 5xx or leaked").isEmpty();
    }

    record Body(String type, String text) {
    }

    record Variant(Map<String, String> path, Map<String, String> query, Map<String, String> headers, Body body) {
    }

    static String target(String template, Map<String, String> valid, Variant v) {
        String out = template;
        for (Map.Entry<String, String> p : valid.entrySet()) {
            String value = v.path().getOrDefault(p.getKey(), p.getValue());
            out = out.replace("{" + p.getKey() + "}", URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        StringBuilder q = new StringBuilder();
        v.query().forEach((k, value) -> q.append(q.length() == 0 ? "?" : "&").append(k).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return out + q;
    }

    /** The top-level property names of a body's schema (following one $ref). */
    static List<String> properties(Map<String, Object> schema, Map<String, Object> schemas) {
        Object ref = schema.get("$ref");
        Map<String, Object> s = ref == null ? schema : map(schemas.get(String.valueOf(ref).substring(String.valueOf(ref).lastIndexOf('/') + 1)));
        List<String> names = new ArrayList<>(map(s.get("properties")).keySet());
        return names.isEmpty() ? List.of("title") : names;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    static List<?> list(Object o) {
        return o instanceof List<?> l ? l : List.of();
    }

    static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
