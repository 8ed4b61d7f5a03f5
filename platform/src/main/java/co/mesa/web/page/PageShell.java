package co.mesa.web.page;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import co.mesa.identity.PageSessions;
import co.mesa.identity.Roles;
import co.mesa.onboarding.TenantBranding;
import co.mesa.shared.Messages;
import co.mesa.shared.ProblemException;
import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.I18n;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.shared.Languages;
import co.mesa.shared.Themes;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The frame every tenant page shares: the GOV.CO top bar, the entity's header (logo, colours),
 * navigation by role, the language switch, the institutional footer (attention hours, channels,
 * policy links), and the security headers. Page controllers build a {@link Page} from the request
 * and render their template into it.
 *
 * <p>Branding chain: the tenant's stored branding (logo, colours) → its theme folder, if any → base.
 */
@Singleton
public class PageShell {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern COLOR = Pattern.compile("#[0-9a-fA-F]{3,8}");
    private static final Pattern TOKEN = Pattern.compile("[a-z][a-z0-9-]{0,40}");
    private static final Duration BRANDING_TTL = Duration.ofSeconds(10);

    private final PageRenderer renderer;
    private final PageMessages messages;
    private final Themes themes;
    private final TenantBranding branding;
    private final Messages platformMessages;
    /** Stored branding per tenant, read on every page: an edit elsewhere shows within {@link #BRANDING_TTL}. */
    private final Cache<String, Optional<TenantBranding.Stored>> brandingCache = Caffeine.newBuilder()
            .maximumSize(10_000).expireAfterWrite(BRANDING_TTL).build();

    public PageShell(PageRenderer renderer, PageMessages messages, Themes themes, TenantBranding branding,
                     Messages platformMessages) {
        this.renderer = renderer;
        this.messages = messages;
        this.themes = themes;
        this.branding = branding;
        this.platformMessages = platformMessages;
    }

    /** The page being answered: who asks, in which language, on which tenant. */
    public Page page(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth) {
        Locale locale = platformMessages.pick(Languages.preferred(request));
        Themes.Theme theme = themes.theme(tenant.config().tenant().theme());
        return new Page(this, tenant, request, auth, locale, theme.chain(), messages.of(theme.chain(), locale), theme);
    }

    /**
     * A page of the platform's own host (operators): the base theme, the platform's name, no tenant
     * (no tenant branding, footer or zone of its own; times in Colombia's zone).
     */
    public Page platformPage(HttpRequest<?> request, @Nullable Authentication auth) {
        Locale locale = platformMessages.pick(Languages.preferred(request));
        Themes.Theme theme = themes.theme("base");
        return new Page(this, null, request, auth, locale, theme.chain(), messages.of(theme.chain(), locale), theme);
    }

    /** Drops a stored-branding cache entry (after an admin saves logo or colours). */
    public void brandingChanged(TenantContext tenant) {
        brandingCache.invalidate(tenant.slug());
    }

    Optional<TenantBranding.Stored> stored(TenantContext tenant) {
        return brandingCache.get(tenant.slug(), slug -> branding.of(tenant));
    }

    /**
     * A request's page: shell model and rendering. Who may see it and the forms' CSRF tokens are checked
     * before the handler runs (decision 0016: {@code @Secured} on the route, {@link PageRejections},
     * {@link PageCsrfFilter}).
     */
    public static final class Page {
        private static final String PLATFORM_ZONE = "America/Bogota";
        private final PageShell shell;
        @Nullable
        private final TenantContext tenant;
        private final HttpRequest<?> request;
        @Nullable
        private final Authentication auth;
        private final Locale locale;
        private final List<String> chain;
        private final Map<String, String> messages;
        private final Themes.Theme theme;

        Page(PageShell shell, @Nullable TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth, Locale locale,
             List<String> chain, Map<String, String> messages, Themes.Theme theme) {
            this.shell = shell;
            this.tenant = tenant;
            this.request = request;
            this.auth = auth;
            this.locale = locale;
            this.chain = chain;
            this.messages = messages;
            this.theme = theme;
        }

        /** The page's tenant; null on the platform's own host ({@link PageShell#platformPage}). */
        public TenantContext tenant() {
            return tenant;
        }

        /** True on the platform's own host. */
        public boolean platform() {
            return tenant == null;
        }

        public Locale locale() {
            return locale;
        }

        /** Languages for services that resolve tenant labels (es-CO or en). */
        public List<Locale> languages() {
            return List.of(locale);
        }

        @Nullable
        public Authentication auth() {
            return auth;
        }

        public boolean signedIn() {
            return auth != null;
        }

        public boolean hasRole(String role) {
            return auth != null && auth.getRoles().contains(role);
        }

        public boolean agent() {
            return hasRole(Roles.AGENT) || hasRole(Roles.SUPERVISOR);
        }

        public boolean admin() {
            return hasRole(Roles.TENANT_ADMIN);
        }

        /** A message of the page's language. */
        public String t(String key, Object... args) {
            return shell.messages.get(messages, locale, key, args);
        }

        /** A message of the platform's bundle (problem details, parameter errors) in the page's language. */
        public String platformMessage(String key, Object... args) {
            return shell.platformMessages.get(locale, key, args);
        }

        /** A service's refusal, explained in the page's language. */
        public String problemDetail(ProblemException e) {
            return platformMessage(e.detailKey(), e.arguments());
        }

        /** A service's refusal by field: each named parameter's message(s) in the page's language. */
        public Map<String, String> fieldErrors(ProblemException e) {
            Map<String, String> out = new LinkedHashMap<>();
            for (ProblemException.ParamError pe : e.paramErrors()) {
                out.merge(pe.name(), platformMessage(pe.key(), pe.arguments()), (a, b) -> a + " " + b);
            }
            e.invalidParams().forEach(ip -> out.merge(ip.name(), ip.reason(), (a, b) -> a + " " + b));
            return out;
        }

        /** A tenant label in the page's language. */
        public String label(I18n value) {
            return value == null ? "" : value.resolve(List.of(locale));
        }

        /** An error page inside the shell (not found, forbidden, …). */
        public MutableHttpResponse<String> error(HttpStatus status, String titleKey, String detailKey) {
            Map<String, Object> model = new HashMap<>();
            model.put("title", t(titleKey));
            model.put("detail", t(detailKey));
            return render("shell/error", t(titleKey), model).status(status);
        }

        /**
         * A fragment of a page (no layout) rendered with the page's language and zone, for parts a
         * controller caches; the model must not need the signed-in person or the CSRF token.
         */
        public String fragment(String template, Map<String, Object> model) {
            Map<String, Object> m = new HashMap<>(model);
            m.put("_messages", messages);
            m.put("_locale", locale);
            m.put("_zone", tenant == null ? PLATFORM_ZONE : tenant.zone().getId());
            return shell.renderer.render(chain, template, m);
        }

        /** An error page inside the shell with a title and detail already in the page's language. */
        public MutableHttpResponse<String> problem(HttpStatus status, String title, String detail) {
            Map<String, Object> model = new HashMap<>();
            model.put("title", title);
            model.put("detail", detail);
            return render("shell/error", title, model).status(status);
        }

        /** See-other to a page (after a successful form post). */
        public static HttpResponse<?> redirect(String path) {
            return HttpResponse.seeOther(URI.create(path));
        }

        /** Renders the page's body template inside the layout; 200 text/html, not cached. */
        public MutableHttpResponse<String> render(String template, String title, Map<String, Object> model) {
            Map<String, Object> m = new HashMap<>(model);
            String nonce = nonce();
            shellModel(m, title, nonce);
            m.put("body", new com.github.jknack.handlebars.Handlebars.SafeString(shell.renderer.render(chain, template, m)));
            String html = shell.renderer.render(chain, "shell/layout", m);
            return HttpResponse.ok(html).contentType(MediaType.TEXT_HTML + ";charset=utf-8")
                    .header("Cache-Control", "no-store")
                    .header("X-Content-Type-Options", "nosniff")
                    .header("Referrer-Policy", "same-origin")
                    .header("X-Frame-Options", "DENY")
                    .header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; "
                            + "style-src 'self' 'nonce-" + nonce + "'; script-src 'self'; frame-ancestors 'none'; base-uri 'self'");
        }

        private void shellModel(Map<String, Object> m, String title, String nonce) {
            boolean en = "en".equals(locale.getLanguage());
            m.put("_messages", messages);
            m.put("_locale", locale);
            m.put("_zone", tenant == null ? PLATFORM_ZONE : tenant.zone().getId());
            m.put("_lang", en ? "en" : "es-CO");
            m.put("_otherLang", en ? "es" : "en");
            m.put("_otherLangName", en ? "Español" : "English");
            m.put("_otherLangTag", en ? "es" : "en");
            m.put("_title", title);
            m.put("_nonce", nonce);
            String path = request.getUri().getRawPath();
            m.put("_path", path);
            String query = request.getUri().getRawQuery();
            m.put("_back", URLEncoder.encode(path + (query == null ? "" : "?" + query), StandardCharsets.UTF_8));
            if (tenant == null) {
                platformModel(m);
                return;
            }
            TenantConfig.Tenant t = tenant.config().tenant();
            Map<String, Object> tenantModel = new LinkedHashMap<>();
            tenantModel.put("slug", t.slug());
            tenantModel.put("name", label(t.name()));
            tenantModel.put("shortName", I18n.resolve(t.shortName(), List.of(locale)));
            m.put("_tenant", tenantModel);
            // Branding: stored (admin or bundle) over the theme folder over base.
            Optional<TenantBranding.Stored> stored = shell.stored(tenant);
            Map<String, String> colors = new LinkedHashMap<>();
            stored.ifPresent(b -> b.colors().forEach((k, v) -> {
                if (TOKEN.matcher(k).matches() && COLOR.matcher(v).matches()) {
                    colors.put(k, v);
                }
            }));
            StringBuilder css = new StringBuilder();
            colors.forEach((k, v) -> css.append("--mesa-color-").append(k).append(':').append(v).append(';'));
            m.put("_brandingCss", css.isEmpty() ? null : ":root{" + css + "}");
            m.put("_logo", stored.flatMap(TenantBranding.Stored::logoUrl).orElse(theme.assetUrl("logo")));
            List<String> stylesheets = new ArrayList<>();
            for (int i = chain.size() - 1; i >= 0; i--) {
                stylesheets.add("/assets/" + chain.get(i) + "/css/tokens.css");
            }
            m.put("_stylesheets", stylesheets.stream().filter(s -> PageShell.class.getResource("/themes"
                    + s.substring("/assets".length())) != null).toList());
            // Who is signed in, and what they may reach.
            if (auth != null) {
                Map<String, Object> user = new LinkedHashMap<>();
                Object name = auth.getAttributes().get("name");
                Object username = auth.getAttributes().get("preferred_username");
                user.put("name", name != null ? name : username != null ? username : auth.getName());
                user.put("agent", agent());
                user.put("admin", admin());
                user.put("supervisor", hasRole(Roles.SUPERVISOR));
                // "Nuevo registro" (issue 20) is the agent role's: a supervisor without it is not offered the page.
                user.put("registers", hasRole(Roles.AGENT));
                m.put("_user", user);
                m.put("_csrf", auth.getAttributes().get(PageSessions.CSRF_ATTRIBUTE));
            }
            m.put("_area", path.startsWith("/consola") ? "console" : path.startsWith("/admin") ? "admin" : "portal");
            m.put("_help", GuideLinks.help(path, false, auth != null, hasRole(Roles.SUPERVISOR), agent()));
            m.put("_footer", footer(t));
        }

        /** The platform host's frame: base theme, the platform's name, operator navigation. */
        private void platformModel(Map<String, Object> m) {
            Map<String, Object> platformModel = new LinkedHashMap<>();
            platformModel.put("slug", "");
            platformModel.put("name", t("operator.platform.name"));
            platformModel.put("shortName", t("operator.platform.name"));
            m.put("_tenant", platformModel);
            m.put("_platform", Boolean.TRUE);
            m.put("_brandingCss", null);
            m.put("_logo", theme.assetUrl("logo"));
            m.put("_stylesheets", List.of("/assets/" + "base" + "/css/tokens.css"));
            if (auth != null) {
                Map<String, Object> user = new LinkedHashMap<>();
                Object name = auth.getAttributes().get("name");
                Object username = auth.getAttributes().get("preferred_username");
                user.put("name", name != null ? name : username != null ? username : auth.getName());
                user.put("operator", hasRole(Roles.OPERATOR));
                m.put("_user", user);
                m.put("_csrf", auth.getAttributes().get(PageSessions.CSRF_ATTRIBUTE));
            }
            m.put("_area", "operator");
            m.put("_help", GuideLinks.help(path(), true, auth != null && hasRole(Roles.OPERATOR), false));
            m.put("_footer", Map.of());
        }

        private Map<String, Object> footer(TenantConfig.Tenant t) {
            Map<String, Object> f = new LinkedHashMap<>();
            tenant.config().calendars().find(t.attentionCalendar()).ifPresent(cal -> {
                List<String> windows = new ArrayList<>();
                for (TenantConfig.Window w : cal.hours()) {
                    windows.add(days(w.days()) + " " + w.from() + "–" + w.to());
                }
                f.put("hours", windows);
                f.put("calendar", label(cal.name()));
            });
            f.put("portalAvailability", I18n.resolve(t.portalAvailability(), List.of(locale)));
            List<Map<String, String>> channels = new ArrayList<>();
            for (TenantConfig.Channel ch : t.channels()) {
                Map<String, String> c = new LinkedHashMap<>();
                c.put("name", label(ch.name()));
                c.put("contact", I18n.resolve(ch.contact(), List.of(locale)));
                c.put("url", ch.url());
                // A channel with nothing behind it (no address, no contact) is not advertised (issue 20);
                // the portal is where the page is.
                if (ch.url() != null || c.get("contact") != null || "portal".equals(ch.key())) {
                    channels.add(c);
                }
            }
            f.put("channels", channels);
            return f;
        }

        private String path() {
            return request.getUri().getRawPath();
        }

        private String days(List<DayOfWeek> days) {
            List<String> names = new ArrayList<>();
            for (DayOfWeek d : days) {
                names.add(d.getDisplayName(TextStyle.FULL, locale));
            }
            return String.join(", ", names);
        }
    }

    private static String nonce() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
