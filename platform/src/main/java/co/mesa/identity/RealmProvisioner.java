package co.mesa.identity;

import co.mesa.identity.internal.RealmSpec;
import co.mesa.identity.internal.RealmWriter;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.shared.Themes;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.keycloak.representations.idm.ClientRepresentation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/** Creates or updates a tenant's Keycloak realm from its tenant data, idempotently. */
@Singleton
public class RealmProvisioner {

    /** The client the portal signs people in with, in every realm (the platform realm too). */
    public static final String PORTAL_CLIENT = "mesa-portal";

    private static final Themes THEMES = new Themes();
    /** Name of the LDAP user-storage component a directory block becomes. */
    public static final String DIRECTORY_COMPONENT = "directorio";
    /** Permission roles of a tenant realm; first or second line is group membership, not a role. */
    public static final List<String> TENANT_ROLES = List.of(Roles.REQUESTER, Roles.AGENT, Roles.SUPERVISOR, Roles.TENANT_ADMIN);

    private static final Logger LOG = LoggerFactory.getLogger(RealmProvisioner.class);
    private static final Map<String, String> ROLE_DESCRIPTIONS = Map.of(
            Roles.REQUESTER, "Registra y sigue sus casos",
            Roles.AGENT, "Atiende casos de sus grupos",
            Roles.SUPERVISOR, "Supervisa grupos, reasigna y ve indicadores",
            Roles.TENANT_ADMIN, "Administra los datos de la entidad",
            Roles.OPERATOR, "Opera la plataforma (entidades, incorporación)");

    /**
     * What provisioning needs besides tenant data. {@code devPorts}: ports the portal is reached on
     * for {@code *.localhost} hosts, since Keycloak matches a redirect URI's port exactly.
     */
    public record Settings(String audience, String platformHost, String smtpHost, int smtpPort, List<Integer> devPorts,
                           SmtpAuth smtpAuth, String keytabDir, String secretsDir) {
        /** Where Keycloak's host has the entities' keytabs, one file per secret name (see docs/directorio.md). */
        public static final String DEFAULT_KEYTAB_DIR = "/opt/keycloak/keytabs";

        public Settings {
            devPorts = List.copyOf(devPorts);
            smtpAuth = smtpAuth == null ? SmtpAuth.NONE : smtpAuth;
            keytabDir = keytabDir == null || keytabDir.isBlank() ? DEFAULT_KEYTAB_DIR : keytabDir;
        }

        public Settings(String audience, String platformHost, String smtpHost, int smtpPort, List<Integer> devPorts,
                        SmtpAuth smtpAuth) {
            this(audience, platformHost, smtpHost, smtpPort, devPorts, smtpAuth, null, null);
        }

        public Settings(String audience, String platformHost, String smtpHost, int smtpPort, List<Integer> devPorts) {
            this(audience, platformHost, smtpHost, smtpPort, devPorts, SmtpAuth.NONE);
        }
    }

    /**
     * How Keycloak's realms authenticate to the relay (the platform's MESA_SMTP_USERNAME/PASSWORD) and
     * secure the connection: {@code starttls}, {@code tls} or {@code none}.
     */
    public record SmtpAuth(String username, String password, String security) {
        public static final SmtpAuth NONE = new SmtpAuth(null, null, "none");

        public SmtpAuth {
            username = username == null || username.isBlank() ? null : username;
            security = security == null || security.isBlank() ? "none" : security.trim().toLowerCase(Locale.ROOT);
        }
    }

    private final KeycloakAdmin admin;
    private final Settings settings;
    private final Set<Integer> devPorts;

    @Inject
    public RealmProvisioner(KeycloakAdmin admin,
                            @Value("${mesa.identity.audience:mesa-platform-api}") String audience,
                            @Value("${mesa.platform-host:mesa.localhost}") String platformHost,
                            @Value("${mesa.smtp.host:127.0.0.1}") String smtpHost,
                            @Value("${mesa.smtp.port:3025}") int smtpPort,
                            @Value("${mesa.identity.dev-ports:8080}") List<Integer> devPorts,
                            @Value("${mesa.smtp.username:}") String smtpUsername,
                            @Value("${mesa.smtp.password:}") String smtpPassword,
                            @Value("${mesa.smtp.security:none}") String smtpSecurity,
                            @Value("${mesa.identity.keytab-dir:" + Settings.DEFAULT_KEYTAB_DIR + "}") String keytabDir,
                            @Value("${mesa.secrets.dir:}") String secretsDir) {
        this(admin, new Settings(audience, platformHost, smtpHost, smtpPort, devPorts,
                new SmtpAuth(smtpUsername, smtpPassword, smtpSecurity), keytabDir, secretsDir));
    }

    public RealmProvisioner(KeycloakAdmin admin, Settings settings) {
        this.admin = admin;
        this.settings = settings;
        this.devPorts = new CopyOnWriteArraySet<>(settings.devPorts());
    }

    public Settings settings() {
        return settings;
    }

    public KeycloakAdmin admin() {
        return admin;
    }

    /** Adds a port the portal listens on (the running server's), for later provisioning runs. */
    public void addDevPort(int port) {
        if (port > 0) {
            devPorts.add(port);
        }
    }

    /** Creates or updates the tenant's realm ({@code tenant.realm}); running it again changes nothing. */
    public void provision(TenantConfig config) {
        RealmSpec spec = spec(config);
        apply(spec);
        LOG.info("Realm {} provisioned for tenant {}", spec.realm(), config.tenant().slug());
    }

    /** One writer at a time: the background sync and a caller (onboarding, a test) may target the same realm. */
    synchronized void apply(RealmSpec spec) {
        new RealmWriter(admin.client()).apply(spec);
    }

    /** The portal client's secret in a realm, as Keycloak generated it. */
    public String portalClientSecret(String realm) {
        var clients = admin.client().realm(realm).clients();
        List<ClientRepresentation> found = clients.findByClientId(PORTAL_CLIENT);
        if (found.isEmpty()) {
            throw new IllegalStateException("realm " + realm + " has no client " + PORTAL_CLIENT);
        }
        return clients.get(found.get(0).getId()).getSecret().getValue();
    }

    // ---- tenant data → realm spec ----------------------------------------------------------

    RealmSpec spec(TenantConfig config) {
        TenantConfig.Tenant tenant = config.tenant();
        TenantConfig.Identity identity = tenant.identity();
        List<String> locales = keycloakLocales(tenant.languages());
        String defaultLocale = keycloakLocale(tenant.locale());
        String name = tenant.name().resolve(Locale.forLanguageTag(tenant.locale()));

        Map<String, Map<String, String>> texts = new LinkedHashMap<>();
        for (String locale : locales) {
            Locale l = Locale.forLanguageTag(locale);
            // shortName is optional in tenant data: the full name stands in for it.
            String shortName = (tenant.shortName() != null ? tenant.shortName() : tenant.name()).resolve(l);
            Map<String, String> t = new LinkedHashMap<>();
            if ("es".equals(locale)) {
                // One register, "usted", in Keycloak's own Spanish mails and pages (issue 20).
                t.putAll(KeycloakUsted.spanish());
            }
            t.put("mesaEntityName", tenant.name().resolve(l));
            t.put("mesaEntityShortName", shortName);
            t.put("mesaLoginHelp", loginHelp(tenant, l, shortName));
            texts.put(locale, t);
        }

        List<RealmSpec.Role> roles = new ArrayList<>();
        TENANT_ROLES.forEach(r -> roles.add(new RealmSpec.Role(r, ROLE_DESCRIPTIONS.get(r))));
        // catalog.yaml: audiences of restricted templates are realm roles named by their key.
        for (TenantConfig.Audience a : config.catalog().audiences()) {
            if (!TENANT_ROLES.contains(a.key())) {
                roles.add(new RealmSpec.Role(a.key(), a.name().resolve(Locale.forLanguageTag(tenant.locale()))));
            }
        }

        TenantConfig.Notifications mail = config.settings().notifications();
        return new RealmSpec(
                tenant.realm(),
                name,
                displayNameHtml(name, logoUrl(tenant)),
                locales,
                defaultLocale,
                texts,
                identity.loginTheme(),
                identity.resetPasswordByEmail(),
                identity.registrationAllowed(),
                identity.passwordPolicy(),
                seconds(identity.sessionIdle()),
                seconds(identity.sessionMax()),
                seconds(identity.accessTokenLifespan()),
                bruteForce(identity.bruteForce()),
                smtp(mail.fromAddress(), mail.fromName().resolve(Locale.forLanguageTag(tenant.locale()))),
                roles,
                Roles.REQUESTER,
                portalClient(name, tenant.hosts()),
                settings.audience(),
                ldap(identity.directory()));
    }

    RealmSpec.Client portalClient(String name, List<String> hosts) {
        List<String> redirects = new ArrayList<>();
        Set<String> origins = new LinkedHashSet<>();
        for (String host : hosts) {
            for (String origin : origins(host)) {
                redirects.add(origin + "/*");
                origins.add(origin);
            }
        }
        return new RealmSpec.Client(PORTAL_CLIENT, "Mesa — " + name, origins(primaryHost(hosts)).get(0),
                redirects, List.copyOf(origins));
    }

    /**
     * Origins a host is reached on: {@code https://host} in production; for a {@code *.localhost}
     * dev host plain HTTP without a port (a proxy on 80, or tests sending a bare Host header) and on
     * every known dev port.
     */
    private List<String> origins(String host) {
        if (!isDevHost(host)) {
            return List.of("https://" + host);
        }
        List<String> origins = new ArrayList<>();
        devPorts.stream().sorted().forEach(p -> origins.add("http://" + host + ":" + p));
        origins.add("http://" + host);
        return origins;
    }

    static boolean isDevHost(String host) {
        return host.equals("localhost") || host.endsWith(".localhost");
    }

    /**
     * The host the login page links the logo to: a dev host when the platform itself runs on one
     * (dev, tests), a production host otherwise, so one tenant folder serves both.
     */
    String primaryHost(List<String> hosts) {
        boolean dev = isDevHost(settings.platformHost());
        return hosts.stream().filter(h -> isDevHost(h) == dev).findFirst().orElse(hosts.get(0));
    }

    private Optional<String> logoUrl(TenantConfig.Tenant tenant) {
        return logoPath(tenant.theme()).map(path -> origins(primaryHost(tenant.hosts())).get(0) + "/assets/" + path);
    }

    /** {@code <theme>/<logo>} from the platform's theme chain (the same resolution pages use). */
    static Optional<String> logoPath(String theme) {
        Map<String, String> p = THEMES.theme(theme).properties();
        return p.containsKey("logo") ? Optional.of(p.get("source.logo") + "/" + p.get("logo")) : Optional.empty();
    }

    /** What the {@code mesa} login theme shows in its header (Keycloak sanitizes it before rendering). */
    static String displayNameHtml(String name, Optional<String> logoUrl) {
        StringBuilder html = new StringBuilder("<div class=\"mesa-brand\">");
        // alt="": the entity's name follows as text, so the logo is decorative for screen readers.
        logoUrl.ifPresent(url -> html.append("<img class=\"mesa-logo\" src=\"").append(escape(url)).append("\" alt=\"\">"));
        html.append("<span class=\"mesa-entity-name\">").append(escape(name)).append("</span></div>");
        return html.toString();
    }

    private static String loginHelp(TenantConfig.Tenant tenant, Locale locale, String shortName) {
        boolean english = "en".equals(locale.getLanguage());
        StringBuilder help = new StringBuilder(english
                ? "Need help? Contact the " + shortName + " service desk."
                : "¿Necesita ayuda? Comuníquese con la Mesa de Servicio de " + shortName + ".");
        tenant.channels().stream()
                .filter(c -> "telefono".equals(c.key()) && c.contact() != null)
                .findFirst()
                .ifPresent(c -> help.append(' ').append(c.name().resolve(locale)).append(": ")
                        .append(c.contact().resolve(locale)).append('.'));
        return help.toString();
    }

    RealmSpec.Ldap ldap(TenantConfig.Directory directory) {
        if (directory == null || !directory.isEnabled()) {
            return null;
        }
        String secretName = directory.bindCredentialSecret();
        String credential = secretName == null ? null : secret(secretName);
        if (credential == null || credential.isEmpty()) {
            LOG.warn("Directory federation: environment variable {} (bind password of {}) is not set; the LDAP "
                    + "component is created without a bind credential and sign-in through the directory will fail "
                    + "until it is set", secretName, directory.bindDn());
            credential = null;
        }
        List<RealmSpec.GroupMapping> mappings = directory.groupMappings().stream()
                .map(m -> new RealmSpec.GroupMapping(m.directoryGroup(), m.roles(), m.groups())).toList();
        RealmSpec.Kerberos kerberos = null;
        if (directory.kerberosEnabled()) {
            TenantConfig.Kerberos k = directory.kerberos();
            kerberos = new RealmSpec.Kerberos(k.realm(), k.servicePrincipal(), keytabPath(k.keytabSecret()));
        }
        return new RealmSpec.Ldap(DIRECTORY_COMPONENT, directory.vendor(), directory.connectionUrl(), directory.usersDn(),
                directory.bindDn(), credential, directory.usernameAttribute(), directory.editMode(), directory.groupsDn(),
                directory.attributes() == null ? Map.of() : directory.attributes(), directory.activeUsersFilter(),
                seconds(directory.sync().fullPeriod()), seconds(directory.sync().changedPeriod()), mappings, kerberos);
    }

    /**
     * A secret named in tenant data: the environment variable of that name, else the file of that name in
     * {@code mesa.secrets.dir} (a mounted Secret); null when neither has it. Never logged.
     */
    String secret(String name) {
        String value = System.getenv(name);
        if (value != null && !value.isEmpty()) {
            return value;
        }
        if (settings.secretsDir() == null || settings.secretsDir().isBlank()) {
            return null;
        }
        java.nio.file.Path file = java.nio.file.Path.of(settings.secretsDir(), name);
        try {
            return java.nio.file.Files.isRegularFile(file) ? java.nio.file.Files.readString(file).strip() : null;
        } catch (java.io.IOException e) {
            LOG.warn("Cannot read secret {} from {}: {}", name, settings.secretsDir(), e.getMessage());
            return null;
        }
    }

    /**
     * The keytab is a secret Keycloak reads from a file: the deployment mounts the secret named in tenant
     * data under {@code mesa.identity.keytab-dir} on Keycloak's host, one file per secret name.
     */
    String keytabPath(String secretName) {
        return settings.keytabDir() + "/" + secretName;
    }

    Map<String, String> smtp(String from, String fromName) {
        Map<String, String> smtp = new LinkedHashMap<>();
        smtp.put("host", settings.smtpHost());
        smtp.put("port", Integer.toString(settings.smtpPort()));
        smtp.put("from", from);
        smtp.put("fromDisplayName", fromName);
        SmtpAuth auth = settings.smtpAuth();
        smtp.put("auth", Boolean.toString(auth.username() != null));
        if (auth.username() != null) {
            smtp.put("user", auth.username());
            smtp.put("password", auth.password() == null ? "" : auth.password());
        }
        smtp.put("ssl", Boolean.toString(auth.security().equals("tls")));
        smtp.put("starttls", Boolean.toString(auth.security().equals("starttls")));
        return smtp;
    }

    static RealmSpec.BruteForce bruteForce(TenantConfig.BruteForce b) {
        return new RealmSpec.BruteForce(b.enabled(), b.maxFailures(), seconds(b.waitIncrement()), seconds(b.maxWait()));
    }

    /** Keycloak's locale codes: it ships {@code es} and {@code en}, not {@code es-CO}. */
    static List<String> keycloakLocales(List<String> languages) {
        return languages.stream().map(RealmProvisioner::keycloakLocale).distinct().toList();
    }

    static String keycloakLocale(String languageTag) {
        return Locale.forLanguageTag(languageTag).getLanguage();
    }

    static int seconds(String isoDuration) {
        return Math.toIntExact(Duration.parse(isoDuration).getSeconds());
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    static String roleDescription(String role) {
        return ROLE_DESCRIPTIONS.get(role);
    }
}
