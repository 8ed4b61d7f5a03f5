package co.mesa.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keycloak for the benchmark, through its admin REST API: a throwaway client in a tenant realm with
 * the password grant (the realm's own portal client has none), whose tokens carry what the portal's
 * do for the API — the platform's audience and the {@code mesaGroups} attribute as {@code mesa_groups}
 * — as {@code TestRealms} sets up the tests' client; and the demo users' tokens.
 *
 * <p>DEV-ONLY: the admin login (admin/admin) and the client secret are throwaway values of the dev
 * Keycloak on 127.0.0.1; never point this at a shared Keycloak.
 *
 * <p>{@code ensure-client} (create if missing, then wait until every {@code --users} user can sign in),
 * {@code delete-client}, {@code token} (prints one access token), {@code tokens} (one line per realm:
 * realm, tab, access token). Arguments {@code --name=value}: keycloak, realm, admin-user, admin-password,
 * client, secret, audience, users, password, username, timeout; {@code --realms=a,b,…} instead of
 * {@code --realm} does the same in each realm, in one JVM (the spread mode's 20 entities).
 */
public final class BenchKeycloak {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Map<String, String> args;

    private BenchKeycloak(Map<String, String> args) {
        this.args = args;
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0) {
            throw new IllegalArgumentException("usage: ensure-client | delete-client | token  --name=value ...");
        }
        Map<String, String> args = parse(argv, 1);
        BenchKeycloak kc = new BenchKeycloak(args);
        List<String> realms = List.of(args.getOrDefault("realms", args.getOrDefault("realm", "")).split(","));
        for (String realm : realms) {
            args.put("realm", realm);
            switch (argv[0]) {
                case "ensure-client" -> kc.ensureClient();
                case "delete-client" -> kc.deleteClient();
                case "token" -> System.out.println(token(args.get("keycloak"), realm, args.get("client"),
                        args.get("secret"), args.get("username"), args.get("password")));
                case "tokens" -> System.out.println(realm + "\t" + token(args.get("keycloak"), realm, args.get("client"),
                        args.get("secret"), args.get("username"), args.get("password")));
                default -> throw new IllegalArgumentException("unknown command " + argv[0]);
            }
        }
    }

    static Map<String, String> parse(String[] argv, int from) {
        Map<String, String> args = new HashMap<>();
        for (int i = from; i < argv.length; i++) {
            String a = argv[i];
            int eq = a.indexOf('=');
            if (!a.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException("arguments are --name=value: " + a);
            }
            args.put(a.substring(2, eq), a.substring(eq + 1));
        }
        return args;
    }

    /** An access token by the password grant (a DEV-ONLY demo password). */
    static String token(String keycloak, String realm, String client, String secret, String username, String password)
            throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(keycloak + "/realms/" + realm
                        + "/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("grant_type", "password", "client_id", client,
                        "client_secret", secret, "username", username, "password", password, "scope", "openid"))))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("token for " + username + " in realm " + realm + ": HTTP " + r.statusCode() + " "
                    + r.body());
        }
        return JSON.readTree(r.body()).get("access_token").asText();
    }

    private String adminToken() throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(args.get("keycloak")
                        + "/realms/master/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("grant_type", "password", "client_id", "admin-cli",
                        "username", args.getOrDefault("admin-user", "admin"),
                        "password", args.getOrDefault("admin-password", "admin")))))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("Keycloak admin login: HTTP " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body()).get("access_token").asText();
    }

    private HttpResponse<String> admin(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(args.get("keycloak") + "/admin/realms/" + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + adminToken());
        if (body != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void ensureClient() throws Exception {
        String realm = args.get("realm");
        String client = args.get("client");
        long deadline = System.nanoTime() + Duration.ofSeconds(Long.parseLong(args.getOrDefault("timeout", "180"))).toNanos();
        // The platform provisions the realm in the background after its start.
        while (admin("GET", realm, null).statusCode() != 200) {
            waitOrFail(deadline, "realm " + realm + " did not appear in Keycloak");
        }
        if (clientId(realm, client) == null) {
            Map<String, Object> rep = new LinkedHashMap<>();
            rep.put("clientId", client);
            rep.put("name", "Mesa benchmark (dev-only, .ci/bench-cases)");
            rep.put("enabled", true);
            rep.put("protocol", "openid-connect");
            rep.put("publicClient", false);
            rep.put("secret", args.get("secret"));
            rep.put("standardFlowEnabled", false);
            rep.put("directAccessGrantsEnabled", true);
            rep.put("protocolMappers", List.of(
                    Map.of("name", "platform-audience", "protocol", "openid-connect", "protocolMapper", "oidc-audience-mapper",
                            "config", Map.of("included.custom.audience", args.getOrDefault("audience", "mesa-platform-api"),
                                    "access.token.claim", "true", "id.token.claim", "false",
                                    "introspection.token.claim", "true")),
                    Map.of("name", "mesa groups", "protocol", "openid-connect",
                            "protocolMapper", "oidc-usermodel-attribute-mapper",
                            "config", Map.of("user.attribute", "mesaGroups", "claim.name", "mesa_groups",
                                    "jsonType.label", "String", "multivalued", "true", "access.token.claim", "true",
                                    "id.token.claim", "false", "introspection.token.claim", "true",
                                    "userinfo.token.claim", "false"))));
            HttpResponse<String> r = admin("POST", realm + "/clients", JSON.writeValueAsString(rep));
            if (r.statusCode() != 201 && r.statusCode() != 409) {
                throw new IOException("cannot create client " + client + ": HTTP " + r.statusCode() + " " + r.body());
            }
            System.err.println("[keycloak] created client " + client + " in realm " + realm);
        }
        // The demo users arrive right after the realm (DevDemoUsers): wait until each can sign in.
        for (String user : args.getOrDefault("users", "").split(",")) {
            if (user.isBlank()) {
                continue;
            }
            while (true) {
                try {
                    token(args.get("keycloak"), realm, client, args.get("secret"), user, args.get("password"));
                    break;
                } catch (IOException e) {
                    waitOrFail(deadline, "user " + user + " cannot sign in to realm " + realm + ": " + e.getMessage());
                }
            }
        }
    }

    private void deleteClient() throws Exception {
        String id = clientId(args.get("realm"), args.get("client"));
        if (id != null) {
            admin("DELETE", args.get("realm") + "/clients/" + id, null);
            System.err.println("[keycloak] deleted client " + args.get("client") + " from realm " + args.get("realm"));
        }
    }

    private String clientId(String realm, String client) throws IOException, InterruptedException {
        HttpResponse<String> r = admin("GET", realm + "/clients?clientId=" + enc(client), null);
        if (r.statusCode() != 200) {
            throw new IOException("cannot list clients of realm " + realm + ": HTTP " + r.statusCode());
        }
        JsonNode list = JSON.readTree(r.body());
        return list.isArray() && list.size() > 0 ? list.get(0).get("id").asText() : null;
    }

    private static void waitOrFail(long deadline, String message) throws InterruptedException {
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException(message);
        }
        Thread.sleep(1000);
    }

    private static String form(Map<String, String> fields) {
        StringBuilder b = new StringBuilder();
        fields.forEach((k, v) -> b.append(b.length() == 0 ? "" : "&").append(enc(k)).append('=').append(enc(v)));
        return b.toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
