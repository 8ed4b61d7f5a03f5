package co.mesa.identity;

import co.mesa.identity.internal.RealmSpec;
import co.mesa.tenantconfig.TenantConfig;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The operators' realm ({@code mesa-platform}, role {@code operator}) used on the platform's own host. */
@Singleton
public class PlatformRealm {

    public static final String DEFAULT_REALM = "mesa-platform";

    private static final Logger LOG = LoggerFactory.getLogger(PlatformRealm.class);
    // Operators can onboard and suspend every entity: stricter than any tenant's defaults.
    private static final String PASSWORD_POLICY =
            "length(12) and upperCase(1) and lowerCase(1) and digits(1) and notUsername(undefined) and passwordHistory(5)";

    private final RealmProvisioner provisioner;
    private final String realm;
    private final String mailFrom;

    @Inject
    public PlatformRealm(RealmProvisioner provisioner,
                         @Value("${mesa.identity.platform-realm:mesa-platform}") String realm,
                         @Value("${mesa.identity.platform-mail-from:}") String mailFrom) {
        this.provisioner = provisioner;
        this.realm = realm;
        this.mailFrom = mailFrom;
    }

    public PlatformRealm(RealmProvisioner provisioner) {
        this(provisioner, DEFAULT_REALM, "");
    }

    public String realm() {
        return realm;
    }

    /** Creates or updates the realm; running it again changes nothing. */
    public void provision() {
        provisioner.apply(spec());
        LOG.info("Platform realm {} provisioned", realm);
    }

    RealmSpec spec() {
        String host = provisioner.settings().platformHost();
        Map<String, Map<String, String>> texts = new LinkedHashMap<>();
        texts.put("es", Map.of("mesaEntityName", "Mesa — Operación de la plataforma",
                "mesaEntityShortName", "Mesa",
                "mesaLoginHelp", "Acceso solo para operadores de la plataforma."));
        texts.put("en", Map.of("mesaEntityName", "Mesa — Platform operations",
                "mesaEntityShortName", "Mesa",
                "mesaLoginHelp", "Platform operators only."));
        String name = "Mesa — Operación de la plataforma";
        String from = mailFrom == null || mailFrom.isBlank() ? "no-reply@" + host : mailFrom;
        return new RealmSpec(
                realm,
                name,
                RealmProvisioner.displayNameHtml(name, Optional.empty()),
                List.of("es", "en"),
                "es",
                texts,
                "mesa",
                true,
                false,
                PASSWORD_POLICY,
                RealmProvisioner.seconds("PT30M"),
                RealmProvisioner.seconds("PT10H"),
                RealmProvisioner.seconds("PT5M"),
                RealmProvisioner.bruteForce(new TenantConfig.BruteForce(true, 5, "PT1M", "PT15M")),
                provisioner.smtp(from, "Mesa"),
                List.of(new RealmSpec.Role(Roles.OPERATOR, RealmProvisioner.roleDescription(Roles.OPERATOR))),
                null,
                provisioner.portalClient(name, List.of(host)),
                provisioner.settings().audience(),
                null);
    }
}
