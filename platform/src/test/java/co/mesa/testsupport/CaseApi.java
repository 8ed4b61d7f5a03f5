package co.mesa.testsupport;

import co.mesa.identity.RealmKeys;
import co.mesa.identity.RealmProvisioner;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The case API as tests call it: real tokens from the run's Keycloak (users created on demand with
 * realm roles), JSON in and out, and the host deciding the tenant.
 */
public final class CaseApi {

    public static final String FP = "funcion-publica.localhost";
    public static final String PS = "prosperidad-social.localhost";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Tokens with when they were taken: reused for a minute, well inside the realm's lifespan. */
    private static final Map<String, Map.Entry<Long, String>> TOKENS = new ConcurrentHashMap<>();
    private static boolean realmsReady;

    private final MesaPlatform platform = MesaPlatform.withKeycloak();

    public CaseApi() {
        ensureRealms();
    }

    public MesaPlatform platform() {
        return platform;
    }

    private synchronized void ensureRealms() {
        if (realmsReady) {
            return;
        }
        RealmProvisioner provisioner = platform.bean(RealmProvisioner.class);
        String audience = platform.bean(RealmKeys.class).audience();
        for (String slug : List.of("funcion-publica", "prosperidad-social")) {
            TenantContext t = platform.bean(TenantRegistry.class).bySlug(slug).orElseThrow();
            provisioner.provision(t.config());
            TestRealms.ensureTestClients(slug, audience);
        }
        realmsReady = true;
    }

    /** A token for an agent (realm roles requester and agent) in these platform groups (created once). */
    public String agent(String slug, String username, String... groups) {
        return token(slug, username, List.of(groups), "requester", "agent");
    }

    /** A token for a user of the tenant's realm with these realm roles (created once). */
    public String token(String slug, String username, String... roles) {
        return token(slug, username, List.of(), roles);
    }

    /** A token for a user with these realm roles and platform groups (created once). */
    public String token(String slug, String username, List<String> groups, String... roles) {
        return TOKENS.compute(slug + "/" + username, (k, old) -> {
            if (old != null && System.currentTimeMillis() - old.getKey() < 60_000) {
                return old;
            }
            if (old == null) {
                TestRealms.ensureUser(slug, username, "Prueba", username, List.of(roles), groups);
            }
            return Map.entry(System.currentTimeMillis(), TestRealms.accessToken(slug, TestRealms.DIRECT_CLIENT, username));
        }).getValue();
    }

    /** The person id the platform gives the token's user (creating the person on first call). */
    public String personId(String host, String token) {
        return json(send(host, "GET", "/api/v1/me", token, null)).get("id").asText();
    }

    public HttpResponse<String> send(String host, String method, String path, String token, Object body,
                                     String... headers) {
        HttpRequest.Builder b = platform.request(host, path);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json");
            b.method(method, HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : write(body)));
        }
        return platform.send(b.build());
    }

    public HttpResponse<String> create(String host, String token, Object body, String... headers) {
        return send(host, "POST", "/api/v1/cases", token, body, headers);
    }

    /** Files a remote-access request (both launch entities' catalogs have it), insists on 201; returns the answer. */
    public JsonNode fileRemoteAccess(String host, String token, String title) {
        HttpResponse<String> r = create(host, token, obj("service", "acceso-remoto", "template", "acceso-remoto",
                "title", title, "description", "d", "fields", obj("telefono-contacto", "601 555 0111")));
        if (r.statusCode() != 201) {
            throw new AssertionError("filing " + title + " → " + r.statusCode() + " " + r.body());
        }
        return json(r);
    }

    public HttpResponse<String> get(String host, String token, String caseId) {
        return send(host, "GET", "/api/v1/cases/" + caseId, token, null);
    }

    /** Acts with the case's current ETag (read first), as a careful client does. */
    public HttpResponse<String> act(String host, String token, String caseId, Object action) {
        HttpResponse<String> current = get(host, token, caseId);
        String etag = current.headers().firstValue("ETag").orElse("\"0\"");
        return send(host, "POST", "/api/v1/cases/" + caseId + "/actions", token, action, "If-Match", etag);
    }

    /** Acts and insists it worked; returns the case after. */
    public JsonNode actOk(String host, String token, String caseId, Object action) {
        HttpResponse<String> r = act(host, token, caseId, action);
        if (r.statusCode() != 200) {
            throw new AssertionError("action " + action + " → " + r.statusCode() + " " + r.body());
        }
        return json(r);
    }

    public static ObjectNode obj(Object... keyValues) {
        ObjectNode n = JSON.createObjectNode();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            n.set((String) keyValues[i], JSON.valueToTree(keyValues[i + 1]));
        }
        return n;
    }

    public static JsonNode json(HttpResponse<String> r) {
        return Json.parse(r.body());
    }

    public static String write(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
