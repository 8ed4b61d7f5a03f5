package co.mesa.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import co.mesa.identity.internal.PlatformSessionStore;
import co.mesa.identity.internal.SessionStore;
import co.mesa.shared.ProblemException;
import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.TenantContext;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jwt.JWTClaimsSet;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpStatus;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Server-side sign-in for pages: authorization code + PKCE (S256) against the realm of the host's
 * tenant, with {@code state} (one use) and {@code nonce} checked, and a database session behind an
 * opaque cookie. On the platform's own host the same flow runs against the operators' realm
 * ({@link PlatformRealm}), with its sessions in the platform's own tables (never a tenant's).
 */
@Singleton
public class PageSessions {

    /** The attribute of a page session's {@code Authentication} holding its CSRF token (bearer tokens have none). */
    public static final String CSRF_ATTRIBUTE = "mesa.csrf";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final TenantTransactions tx;
    private final SessionStore store;
    private final PlatformSessionStore platformStore;
    private final PlatformRealm platformRealm;
    private final KeycloakEndpoints endpoints;
    private final RealmKeys keys;
    private final TenantTokenValidator tokens;
    private final RealmProvisioner realms;
    /** The portal client's secret per realm, read from Keycloak once an hour and kept in memory only. */
    private final Cache<String, String> secrets = Caffeine.newBuilder()
            .maximumSize(10_000).expireAfterWrite(Duration.ofHours(1)).build();
    private final PeopleService people;
    private final Duration sessionLength;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public PageSessions(TenantTransactions tx, SessionStore store, PlatformSessionStore platformStore,
                        PlatformRealm platformRealm, KeycloakEndpoints endpoints, RealmKeys keys,
                        TenantTokenValidator tokens, RealmProvisioner realms, PeopleService people,
                        @Value("${mesa.identity.session-length:10h}") Duration sessionLength) {
        this.tx = tx;
        this.store = store;
        this.platformStore = platformStore;
        this.platformRealm = platformRealm;
        this.endpoints = endpoints;
        this.keys = keys;
        this.tokens = tokens;
        this.realms = realms;
        this.people = people;
        this.sessionLength = sessionLength;
    }

    /** A signed-in page session, as the platform keeps it. */
    public record Signed(String cookie, String returnTo) {
    }

    /**
     * Starts a login: the Keycloak URL to send the browser to, asking for its pages in the person's
     * languages (the portal's switch, else the browser's), then the entity's own.
     */
    public URI begin(TenantContext tenant, String redirectUri, String returnTo, List<Locale> preferred) {
        requireReachable(tenant.config().tenant().realm());
        String state = random(32);
        String nonce = random(32);
        String verifier = random(48);
        tx.write(tenant.id(), c -> {
            store.saveAttempt(c, tenant.id(), new SessionStore.Attempt(state, nonce, verifier, safeReturn(returnTo), null));
            return null;
        });
        String realm = tenant.config().tenant().realm();
        return authorize(realm, redirectUri, state, nonce, verifier, uiLocales(preferred, tenant.config().tenant().locale()));
    }

    /** Finishes a login: checks state, exchanges the code, checks the ID token's nonce, opens a session. */
    public Signed complete(TenantContext tenant, String state, String code, String redirectUri) {
        SessionStore.Attempt attempt = tx.write(tenant.id(), c -> store.takeAttempt(c, state))
                .orElseThrow(() -> badLogin("state"));
        String realm = tenant.config().tenant().realm();
        Tokens t = exchange(realm, attempt, code, redirectUri);
        Authentication auth = tokens.verify(t.access(), realm, tenant).orElseThrow(() ->
                TenantTokenValidator.refusedAsLocalAccount(t.access(), tenant) ? localAccountRefused() : badLogin("access_token"));
        people.signedIn(tenant, auth);
        String cookie = random(32);
        SessionStore.Session session = newSession(auth, t.id());
        tx.write(tenant.id(), c -> {
            store.saveSession(c, tenant.id(), cookie, session);
            return null;
        });
        return new Signed(cookie, attempt.returnTo());
    }

    /** The session behind a cookie, as an authentication, if it is live. */
    public Optional<Authentication> authentication(TenantContext tenant, String cookie) {
        return session(tenant, cookie).map(PageSessions::authentication);
    }

    public Optional<SessionStore.Session> session(TenantContext tenant, String cookie) {
        return tx.read(tenant.id(), c -> store.findSession(c, cookie));
    }

    /** Ends the session here and returns Keycloak's logout URL, which ends it there too. */
    public URI end(TenantContext tenant, String cookie, String postLogoutRedirect) {
        Optional<SessionStore.Session> s = session(tenant, cookie);
        tx.write(tenant.id(), c -> {
            store.deleteSession(c, cookie);
            return null;
        });
        String realm = tenant.config().tenant().realm();
        return logout(realm, s, postLogoutRedirect);
    }

    // ---- the platform's own host: operators of the platform realm ------------------------------

    /** Starts an operator's login on the platform host: the URL of the platform realm's login. */
    public URI beginPlatform(String redirectUri, String returnTo, List<Locale> preferred) {
        String realm = platformRealm.realm();
        requireReachable(realm);
        String state = random(32);
        String nonce = random(32);
        String verifier = random(48);
        tx.platform(c -> {
            platformStore.saveAttempt(c, new SessionStore.Attempt(state, nonce, verifier, safeReturn(returnTo), null));
            return null;
        });
        return authorize(realm, redirectUri, state, nonce, verifier, uiLocales(preferred, "es-CO"));
    }

    /** Finishes an operator's login: same checks as a tenant's, the session in the platform's table. */
    public Signed completePlatform(String state, String code, String redirectUri) {
        SessionStore.Attempt attempt = tx.platform(c -> platformStore.takeAttempt(c, state))
                .orElseThrow(() -> badLogin("state"));
        String realm = platformRealm.realm();
        Tokens t = exchange(realm, attempt, code, redirectUri);
        // No tenant: the token must be the platform realm's, and carries no tenant attribute.
        Authentication auth = tokens.verify(t.access(), realm, null).orElseThrow(() -> badLogin("access_token"));
        String cookie = random(32);
        SessionStore.Session session = newSession(auth, t.id());
        tx.platform(c -> {
            platformStore.saveSession(c, cookie, session);
            return null;
        });
        return new Signed(cookie, attempt.returnTo());
    }

    /** The platform session behind a cookie, as an authentication, if it is live. */
    public Optional<Authentication> platformAuthentication(String cookie) {
        return tx.platform(c -> platformStore.findSession(c, cookie)).map(PageSessions::authentication);
    }

    /** Ends an operator's session here and returns the platform realm's logout URL. */
    public URI endPlatform(String cookie, String postLogoutRedirect) {
        Optional<SessionStore.Session> s = tx.platform(c -> {
            Optional<SessionStore.Session> found = platformStore.findSession(c, cookie);
            platformStore.deleteSession(c, cookie);
            return found;
        });
        return logout(platformRealm.realm(), s, postLogoutRedirect);
    }

    // ---- shared steps --------------------------------------------------------------------------

    /** The ID and access tokens of a finished login. */
    private record Tokens(String id, String access) {
    }

    /**
     * OpenID Connect's {@code ui_locales}: language tags, best first, separated by spaces; Keycloak
     * shows the first its realm supports (a tag's bare language counts). At most four, then the fallback.
     */
    static String uiLocales(List<Locale> preferred, String fallback) {
        java.util.LinkedHashSet<String> tags = new java.util.LinkedHashSet<>();
        // A tag Java could not read comes out as "und" (undetermined): it asks for nothing.
        preferred.stream().map(Locale::toLanguageTag).filter(t -> !t.startsWith("und"))
                .limit(4).forEach(tags::add);
        tags.add(fallback);
        return String.join(" ", tags);
    }

    private URI authorize(String realm, String redirectUri, String state, String nonce, String verifier, String locale) {
        return URI.create(endpoints.authorize(realm)
                + "?response_type=code&client_id=" + enc(RealmProvisioner.PORTAL_CLIENT)
                + "&redirect_uri=" + enc(redirectUri)
                + "&scope=" + enc("openid profile email")
                + "&state=" + enc(state) + "&nonce=" + enc(nonce)
                + "&code_challenge=" + enc(challenge(verifier)) + "&code_challenge_method=S256"
                + "&ui_locales=" + enc(locale));
    }

    /** Exchanges the code (with the PKCE verifier) and checks the ID token's signature, audience and nonce. */
    private Tokens exchange(String realm, SessionStore.Attempt attempt, String code, String redirectUri) {
        Map<String, String> form = Map.of("grant_type", "authorization_code", "code", code,
                "redirect_uri", redirectUri, "client_id", RealmProvisioner.PORTAL_CLIENT,
                "client_secret", secrets.get(realm, realms::portalClientSecret), "code_verifier", attempt.verifier());
        Map<String, Object> answer = post(endpoints.token(realm), form);
        String idToken = (String) answer.get("id_token");
        String accessToken = (String) answer.get("access_token");
        if (idToken == null || accessToken == null) {
            throw badLogin("tokens");
        }
        try {
            JWTClaimsSet id = keys.processorFor(realm, RealmProvisioner.PORTAL_CLIENT).process(idToken, null);
            if (!attempt.nonce().equals(id.getStringClaim("nonce"))) {
                throw badLogin("nonce");
            }
        } catch (ParseException | BadJOSEException | JOSEException e) {
            throw badLogin("id_token");
        }
        return new Tokens(idToken, accessToken);
    }

    private SessionStore.Session newSession(Authentication auth, String idToken) {
        Map<String, Object> attributes = new HashMap<>(auth.getAttributes());
        return new SessionStore.Session(auth.getName(),
                String.valueOf(attributes.getOrDefault("preferred_username", auth.getName())),
                List.copyOf(auth.getRoles()), attributes, idToken, random(24), Instant.now().plus(sessionLength));
    }

    private static Authentication authentication(SessionStore.Session s) {
        Map<String, Object> attributes = new HashMap<>(s.attributes());
        attributes.put(CSRF_ATTRIBUTE, s.csrf());
        return Authentication.build(s.subject(), s.roles(), attributes);
    }

    private URI logout(String realm, Optional<SessionStore.Session> s, String postLogoutRedirect) {
        return URI.create(endpoints.logout(realm) + "?client_id=" + enc(RealmProvisioner.PORTAL_CLIENT)
                + "&post_logout_redirect_uri=" + enc(postLogoutRedirect)
                + s.map(x -> "&id_token_hint=" + enc(x.idToken())).orElse(""));
    }

    /**
     * Sending a browser to a Keycloak that does not answer would show it the browser's own error;
     * a short look first lets us answer with our Spanish page (503) instead.
     */
    private void requireReachable(String realm) {
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(
                            URI.create(endpoints.base(realm) + "/.well-known/openid-configuration"))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() == 200) {
                return;
            }
        } catch (IOException e) {
            // falls through to 503
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw IdentityProblems.unavailable();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> post(String url, Map<String, String> form) {
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(enc(k)).append('=').append(enc(v)));
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .timeout(Duration.ofSeconds(10))
                            .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw badLogin("code");
            }
            return new com.fasterxml.jackson.databind.ObjectMapper().readValue(r.body(), Map.class);
        } catch (IOException e) {
            throw IdentityProblems.unavailable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Only same-site paths: a login never redirects to another site. */
    static String safeReturn(String returnTo) {
        if (returnTo == null || !returnTo.startsWith("/") || returnTo.startsWith("//") || returnTo.contains("\\")) {
            return "/";
        }
        // A space, tab, CR/LF or other character a URI cannot hold would fail the redirect after the
        // password (issue 31): such a return address is not one; the home page is.
        try {
            java.net.URI uri = new java.net.URI(returnTo);
            return uri.isAbsolute() || uri.getRawAuthority() != null ? "/" : returnTo;
        } catch (java.net.URISyntaxException e) {
            return "/";
        }
    }

    /** A local account where the entity allows directory people only ({@code identity.localAccounts: false}). */
    private static ProblemException localAccountRefused() {
        return new ProblemException(HttpStatus.FORBIDDEN, "local-account-refused", "problem.identity.local-account.title",
                "problem.identity.local-account.detail");
    }

    private static ProblemException badLogin(String what) {
        return new ProblemException(HttpStatus.BAD_REQUEST, "login-failed", "problem.login.failed.title",
                "problem.login.failed.detail", what);
    }

    static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
