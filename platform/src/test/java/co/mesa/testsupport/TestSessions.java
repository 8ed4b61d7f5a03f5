package co.mesa.testsupport;

import co.mesa.identity.SessionCookieAuthenticationFetcher;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Real page sessions without a browser: the host's {@code /auth/login}, Keycloak's real login form posted
 * with the user's password, and the platform's callback, as {@code LoginFlowTest} walks it. Returns the
 * value of the session cookie. On the platform's host it signs in against the operators' realm.
 */
public final class TestSessions {

    private static final HttpClient KEYCLOAK = HttpClient.newHttpClient();
    private static final Pattern LOGIN_FORM = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");

    private TestSessions() {
    }

    /** Signs {@code username} (password {@link TestRealms#PASSWORD}) in on {@code host}; the session cookie's value. */
    public static String signIn(String host, String username) {
        MesaPlatform platform = MesaPlatform.get();
        HttpResponse<String> start = platform.get(host, "/auth/login?returnTo=/");
        if (start.statusCode() != 303) {
            throw new IllegalStateException("login on " + host + ": " + start.statusCode() + " " + start.body());
        }
        try {
            HttpResponse<String> form = KEYCLOAK.send(HttpRequest.newBuilder(
                    URI.create(start.headers().firstValue("Location").orElseThrow())).build(), HttpResponse.BodyHandlers.ofString());
            // Keycloak marks its cookies Secure; Java's cookie jar would not send them back over http.
            String cookies = String.join("; ", form.headers().allValues("Set-Cookie").stream()
                    .map(c -> c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';'))).toList());
            Matcher action = LOGIN_FORM.matcher(form.body());
            if (!action.find()) {
                throw new IllegalStateException("no Keycloak login form for " + host);
            }
            HttpResponse<String> posted = KEYCLOAK.send(HttpRequest.newBuilder(URI.create(action.group(1).replace("&amp;", "&")))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", cookies)
                    .POST(HttpRequest.BodyPublishers.ofString("username=" + URLEncoder.encode(username, StandardCharsets.UTF_8)
                            + "&password=" + URLEncoder.encode(TestRealms.PASSWORD, StandardCharsets.UTF_8) + "&credentialId="))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (posted.statusCode() != 302) {
                throw new IllegalStateException("Keycloak refused " + username + " for " + host + ": " + posted.statusCode());
            }
            URI callback = URI.create(posted.headers().firstValue("Location").orElseThrow());
            HttpResponse<String> landed = platform.get(host, callback.getRawPath() + "?" + callback.getRawQuery());
            String prefix = SessionCookieAuthenticationFetcher.COOKIE + "=";
            String setCookie = landed.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(prefix))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no session for " + username + " on " + host
                            + ": " + landed.statusCode() + " " + landed.body()));
            return setCookie.substring(prefix.length(), setCookie.indexOf(';') < 0 ? setCookie.length() : setCookie.indexOf(';'));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
