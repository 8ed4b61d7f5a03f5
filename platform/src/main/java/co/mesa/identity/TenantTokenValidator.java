package co.mesa.identity;

import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantAttributes;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jwt.JWTClaimsSet;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.jwt.validator.ReactiveJsonWebTokenValidator;
import io.micronaut.security.token.validator.TokenValidator;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.text.ParseException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Accepts a bearer token only when the realm that signed it is the realm of the tenant the host
 * resolved to (the operators' realm on the platform host), its audience holds the platform's API,
 * and it has not expired. Replaces micronaut-security-jwt's validator, which would accept a token
 * signed by any configured key set and knows one issuer.
 */
@Singleton
@Replaces(ReactiveJsonWebTokenValidator.class)
@Requires(notEnv = "migrate-only")
public class TenantTokenValidator implements TokenValidator<HttpRequest<?>> {

    /** Realm roles the platform knows (besides catalog audiences); others (offline_access, …) are not carried. */
    public static final Set<String> ROLES = Set.of(Roles.REQUESTER, Roles.AGENT, Roles.SUPERVISOR, Roles.TENANT_ADMIN,
            Roles.OPERATOR);

    private static final Logger LOG = LoggerFactory.getLogger(TenantTokenValidator.class);

    private final RealmKeys keys;
    private final String platformRealm;
    /**
     * Tokens already verified, until their {@code exp}: a signature that was good stays good (key
     * rotation keeps old tokens working too), so each token is checked once, not on every request.
     */
    private final VerifiedTokens verified;

    public TenantTokenValidator(RealmKeys keys, @Value("${mesa.identity.platform-realm:mesa-platform}") String platformRealm,
                                Clock clock) {
        this.keys = keys;
        this.platformRealm = platformRealm;
        // The same clock as the signature check's expiry (RealmKeys): a cached token expires when a fresh one would.
        this.verified = new VerifiedTokens(20_000, clock);
    }

    @Override
    public Publisher<Authentication> validateToken(String token, HttpRequest<?> request) {
        Optional<String> realm = realmOf(request);
        if (realm.isEmpty()) {
            return Mono.empty();
        }
        TenantContext tenant = request.getAttribute(TenantAttributes.TENANT, TenantContext.class).orElse(null);
        Authentication known = verified.get(cacheKey(token, realm.get(), tenant));
        if (known != null) {
            return Mono.just(known); // verified before and not expired: no signature check, no thread hop
        }
        // JWKS may need a fetch: off the event loop.
        return Mono.fromCallable(() -> verify(token, realm.get(), tenant).orElse(null))
                .subscribeOn(Schedulers.boundedElastic());
    }

    /** The claim the realm's portal client puts in tokens of directory users (their LDAP entry's id). */
    public static final String DIRECTORY_CLAIM = "directory_id";

    /**
     * Whether only the entity's directory people may sign in: {@code identity.localAccounts: false} with a
     * directory enabled (without one, local accounts are all there is).
     */
    static boolean directoryOnly(@io.micronaut.core.annotation.Nullable TenantContext tenant) {
        if (tenant == null) {
            return false;
        }
        var identity = tenant.config().tenant().identity();
        return !identity.localAccounts() && identity.directory() != null && identity.directory().isEnabled();
    }

    /** For the sign-in's message only (the token was refused already): it was refused as a local account. */
    static boolean refusedAsLocalAccount(String token, TenantContext tenant) {
        if (!directoryOnly(tenant)) {
            return false;
        }
        try {
            return com.nimbusds.jwt.JWTParser.parse(token).getJWTClaimsSet().getClaim(DIRECTORY_CLAIM) == null;
        } catch (ParseException e) {
            return false;
        }
    }

    Optional<String> realmOf(HttpRequest<?> request) {
        Optional<TenantContext> tenant = request.getAttribute(TenantAttributes.TENANT, TenantContext.class);
        if (tenant.isPresent()) {
            return Optional.of(tenant.get().config().tenant().realm());
        }
        if (request.getAttribute(TenantAttributes.PLATFORM, Boolean.class).orElse(false)) {
            return Optional.of(platformRealm);
        }
        return Optional.empty();
    }

    private static String cacheKey(String token, String realm, @io.micronaut.core.annotation.Nullable TenantContext tenant) {
        // The tenant's revision is part of the key: its catalog audiences decide which roles a token carries.
        return realm + '|' + (tenant == null ? "" : tenant.revision()) + '|' + token;
    }

    /** The authentication a token stands for in {@code realm}; empty when it is not valid there. */
    Optional<Authentication> verify(String token, String realm, TenantContext tenant) {
        JWTClaimsSet claims;
        try {
            claims = keys.processorFor(realm).process(token, null);
        } catch (KeySourceException e) {
            if (!unreachable(e)) {
                // Keys were fetched but none fits (unknown key id, refresh rate-limited): a foreign or forged token.
                LOG.debug("Token refused for realm {}: {}", realm, e.getMessage());
                return Optional.empty();
            }
            // No keys known and Keycloak unreachable: not the caller's fault.
            LOG.warn("Cannot get signing keys of realm {}: {}", realm, e.getMessage());
            throw IdentityProblems.unavailable();
        } catch (ParseException | BadJOSEException | JOSEException e) {
            LOG.debug("Token refused for realm {}: {}", realm, e.getMessage());
            return Optional.empty();
        }
        if (directoryOnly(tenant) && claims.getClaim(DIRECTORY_CLAIM) == null) {
            LOG.debug("Token refused for realm {}: a local account where the entity allows directory people only", realm);
            return Optional.empty();
        }
        Map<String, Object> attributes = new HashMap<>();
        attributes.put(Claims.REALM, realm);
        if (tenant != null) {
            attributes.put(Claims.TENANT, tenant.slug());
        }
        copy(claims, attributes, "preferred_username", "name", "given_name", "family_name", "email", "phone_number",
                "job_title", "dependency", "groups", "mesaGroups", "sid");
        // The realm's mapper writes the platform groups (DemoUsers.GROUPS_ATTRIBUTE) as "mesa_groups".
        Object platformGroups = claims.getClaim("mesa_groups");
        if (platformGroups != null) {
            attributes.put("mesaGroups", platformGroups);
        }
        Set<String> known = new java.util.HashSet<>(ROLES);
        if (tenant != null) {
            // Catalog audiences are realm roles too: they decide who may request restricted templates.
            tenant.config().catalog().audiences().forEach(a -> known.add(a.key()));
        }
        Authentication auth = Authentication.build(claims.getSubject(), realmRoles(claims, known), attributes);
        if (claims.getExpirationTime() != null) {
            verified.put(cacheKey(token, realm, tenant), auth, claims.getExpirationTime().toInstant());
        }
        return Optional.of(auth);
    }

    /** Whether fetching the realm's keys failed on the network (Keycloak down), not on their content. */
    private static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    static List<String> realmRoles(JWTClaimsSet claims, Set<String> known) {
        Object access = claims.getClaim("realm_access");
        if (access instanceof Map<?, ?> map && map.get("roles") instanceof List<?> roles) {
            return ((List<Object>) roles).stream().map(String::valueOf).filter(known::contains).toList();
        }
        return List.of();
    }

    private static void copy(JWTClaimsSet claims, Map<String, Object> into, String... names) {
        for (String name : names) {
            Object value = claims.getClaim(name);
            if (value != null) {
                into.put(name, value);
            }
        }
    }

    /** Attribute names the platform adds to an authentication. */
    public static final class Claims {
        public static final String REALM = "mesa.realm";
        public static final String TENANT = "mesa.tenant";

        private Claims() {
        }
    }
}
