package co.mesa.web;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.env.Environment;
import io.micronaut.core.naming.conventions.StringConvention;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Headers on every answer: {@code Cross-Origin-Opener-Policy}, {@code Permissions-Policy} (no camera,
 * microphone, location, payment, USB) and, where the public scheme is HTTPS (not the dev run or tests),
 * {@code Strict-Transport-Security}. A page's Content-Security-Policy gains {@code object-src 'none'} and
 * {@code form-action} limited to the platform itself and the Keycloak origins its sign-out form redirects to.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Requires(notEnv = "migrate-only")
public class SecurityHeaders implements Ordered {

    static final String PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
            + "accelerometer=(), gyroscope=(), magnetometer=()";
    static final String HSTS = "max-age=31536000";

    private final boolean https;
    private final String formAction;

    public SecurityHeaders(@Value("${mesa.identity.public-scheme:https}") String scheme,
                           @Value("${mesa.keycloak.url}") String keycloakUrl,
                           @Value("${mesa.keycloak.issuer-base:}") String issuerBase,
                           Environment environment) {
        this("https".equalsIgnoreCase(scheme), keycloakOrigins(issuerBase == null || issuerBase.isBlank() ? keycloakUrl
                : issuerBase, environment.getProperties("mesa.keycloak.realm-urls", StringConvention.RAW).values()));
    }

    SecurityHeaders(boolean https, Set<String> keycloakOrigins) {
        this.https = https;
        Set<String> origins = new LinkedHashSet<>();
        origins.add("'self'");
        origins.addAll(keycloakOrigins);
        this.formAction = "form-action " + String.join(" ", origins);
    }

    /** Where the sign-out form's redirect may go: the browser-facing Keycloak and any realm's own. */
    static Set<String> keycloakOrigins(String browserBase, java.util.Collection<Object> realmUrls) {
        Set<String> origins = new LinkedHashSet<>();
        origins.add(origin(browserBase));
        realmUrls.forEach(v -> origins.add(origin(String.valueOf(v))));
        origins.remove(null);
        return origins;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.FIRST.order();
    }

    @ResponseFilter
    public void headers(HttpRequest<?> request, MutableHttpResponse<?> response) {
        response.getHeaders().set("Cross-Origin-Opener-Policy", "same-origin");
        response.getHeaders().set("Permissions-Policy", PERMISSIONS_POLICY);
        if (https) {
            response.getHeaders().set("Strict-Transport-Security", HSTS);
        }
        String csp = response.getHeaders().get("Content-Security-Policy");
        if (csp != null) {
            StringBuilder more = new StringBuilder(csp.strip());
            if (!csp.contains("form-action")) {
                more.append(more.toString().endsWith(";") ? " " : "; ").append(formAction);
            }
            if (!csp.contains("object-src") && !csp.contains("default-src 'none'")) {
                more.append("; object-src 'none'");
            }
            response.getHeaders().set("Content-Security-Policy", more.toString());
        }
    }

    private static String origin(String url) {
        try {
            URI u = URI.create(url.strip());
            if (u.getScheme() == null || u.getHost() == null) {
                return null;
            }
            return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
