package co.mesa.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.net.MalformedURLException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Set;

/**
 * Signing keys per realm, fetched from Keycloak's JWKS endpoint only for realms the tenant
 * registry names (never for a token's own {@code iss}), cached, and refetched when a token
 * carries an unknown key id (Keycloak rotated its keys), at most once per refresh interval.
 */
@Singleton
public class RealmKeys {

    private final KeycloakEndpoints endpoints;
    private final String audience;
    private final long minRefreshMillis;
    private final int clockSkewSeconds;
    private final Clock clock;
    /** Key sources and token processors per realm (realms from the tenant registry only); a dropped one is rebuilt. */
    private final Cache<String, JWKSource<SecurityContext>> sources = Caffeine.newBuilder()
            .maximumSize(10_000).expireAfterAccess(Duration.ofHours(1)).build();
    private final Cache<String, DefaultJWTProcessor<SecurityContext>> processors = Caffeine.newBuilder()
            .maximumSize(10_000).expireAfterAccess(Duration.ofHours(1)).build();

    public RealmKeys(KeycloakEndpoints endpoints,
                     @Value("${mesa.identity.audience:mesa-platform-api}") String audience,
                     @Value("${mesa.identity.jwks-min-refresh:5s}") Duration minRefresh,
                     @Value("${mesa.identity.clock-skew:30s}") Duration clockSkew,
                     Clock clock) {
        this.endpoints = endpoints;
        this.audience = audience;
        this.minRefreshMillis = minRefresh.toMillis();
        this.clockSkewSeconds = (int) clockSkew.toSeconds();
        this.clock = clock;
    }

    public String audience() {
        return audience;
    }

    /** How far past its {@code exp} a token is still accepted (clocks of Keycloak and platform differ a little). */
    Duration clockSkew() {
        return Duration.ofSeconds(clockSkewSeconds);
    }

    /**
     * The processor that accepts only RS256 tokens signed by this realm, issued by it, for the
     * platform's audience, and not expired.
     */
    DefaultJWTProcessor<SecurityContext> processorFor(String realm) {
        return processorFor(realm, audience);
    }

    /** Same checks for another audience: the portal client's ID tokens are addressed to it. */
    DefaultJWTProcessor<SecurityContext> processorFor(String realm, String expectedAudience) {
        return processors.get(realm + " " + expectedAudience, k -> build(realm, expectedAudience));
    }

    private JWKSource<SecurityContext> source(String realm) {
        return sources.get(realm, this::fetchFrom);
    }

    private JWKSource<SecurityContext> fetchFrom(String realm) {
        JWKSource<SecurityContext> keys;
        try {
            // Nimbus waits 500 ms by default; a busy Keycloak on a small machine needs longer.
            keys = JWKSourceBuilder.<SecurityContext>create(URI.create(endpoints.certs(realm)).toURL(),
                            new DefaultResourceRetriever(2_000, 5_000, 256 * 1024))
                    .cache(Duration.ofHours(1).toMillis(), Duration.ofSeconds(5).toMillis())
                    .rateLimited(minRefreshMillis)
                    .retrying(false)
                    // Keycloak briefly down: keep verifying with the keys already fetched.
                    .outageTolerant(Duration.ofHours(12).toMillis())
                    .build();
        } catch (MalformedURLException e) {
            throw new IllegalStateException("bad Keycloak URL for realm " + realm, e);
        }
        return keys;
    }

    private DefaultJWTProcessor<SecurityContext> build(String realm, String expectedAudience) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, source(realm)));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                expectedAudience,
                new JWTClaimsSet.Builder().issuer(endpoints.issuer(realm)).build(),
                Set.of("sub", "exp", "iat")) {
            @Override
            protected Date currentTime() {
                // "exp" and "nbf" are judged by the platform's clock bean (a test moves it instead of sleeping).
                return Date.from(clock.instant());
            }
        };
        // Nimbus allows 60 s of clock skew by default; Keycloak and the platform share NTP time.
        claims.setMaxClockSkew(clockSkewSeconds);
        processor.setJWTClaimsSetVerifier(claims);
        return processor;
    }
}
