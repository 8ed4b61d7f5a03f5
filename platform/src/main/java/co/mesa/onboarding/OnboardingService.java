package co.mesa.onboarding;

import co.mesa.identity.PlatformRealm;
import co.mesa.identity.RealmProvisioner;
import co.mesa.identity.Roles;
import co.mesa.onboarding.internal.OnboardingStore;
import co.mesa.shared.Messages;
import co.mesa.shared.Problem;
import co.mesa.shared.ProblemException;
import co.mesa.shared.TenantId;
import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.TenantConfigService;
import co.mesa.tenantconfig.TenantConfigValidator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.env.Environment;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.admin.client.resource.UserResource;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Onboards an entity from an operator's bundle: validates it whole, then runs the steps import →
 * realm → first-admin → branding, recording each outcome. The import is one transaction; the later
 * steps are idempotent, so posting the same bundle again resumes from the first step not done.
 */
@Singleton
public class OnboardingService {

    static final String IMPORT = "import";
    static final String REALM = "realm";
    static final String FIRST_ADMIN = "first-admin";
    static final String BRANDING = "branding";
    static final List<String> STEPS = List.of(IMPORT, REALM, FIRST_ADMIN, BRANDING);

    private static final Logger LOG = LoggerFactory.getLogger(OnboardingService.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final TenantTransactions tx;
    private final TenantConfigService configs;
    private final OnboardingStore store;
    private final RealmProvisioner provisioner;
    private final PlatformRealm platformRealm;
    private final Messages messages;
    private final boolean showTemporaryPasswords;
    private final TenantConfigValidator validator = new TenantConfigValidator();
    // One run per slug in this JVM: a second post while steps run is told to wait (409).
    private final Set<String> running = ConcurrentHashMap.newKeySet();

    private final co.mesa.shared.PlatformMetrics metrics;

    public OnboardingService(TenantTransactions tx, TenantConfigService configs, OnboardingStore store,
                             RealmProvisioner provisioner, PlatformRealm platformRealm, Messages messages,
                             Environment environment, co.mesa.shared.PlatformMetrics metrics) {
        this.metrics = metrics;
        this.tx = tx;
        this.configs = configs;
        this.store = store;
        this.provisioner = provisioner;
        this.platformRealm = platformRealm;
        this.messages = messages;
        // A temporary password in a database row is acceptable only where nobody real signs in.
        Set<String> envs = environment.getActiveNames();
        this.showTemporaryPasswords = envs.contains(Environment.DEVELOPMENT) || envs.contains(Environment.TEST);
    }

    /** Validates the bundle and runs (or resumes) its onboarding; returns the record's id. */
    public TenantId onboard(byte[] zip, String actor, Locale locale) {
        BundleReader reader = new BundleReader(validator, messages, locale);
        BundleReader.Upload upload = reader.read(zip);
        String slug = upload.slug();
        if (!running.add(slug)) {
            throw new ProblemException(HttpStatus.CONFLICT, "onboarding-in-progress", "problem.onboarding.busy.title",
                    "problem.onboarding.busy.detail", slug);
        }
        try {
            Optional<TenantConfigService.TenantRecord> existing = configs.tenantRecord(slug);
            TenantId id;
            if (existing.isPresent()) {
                id = existing.get().id();
                Optional<OnboardingStore.Record> record = "operator".equals(existing.get().source())
                        ? tx.read(id, store::find) : Optional.empty();
                if (record.isEmpty()) {
                    throw reader.conflicts(List.of(new Problem.InvalidParam(upload.prefix() + "tenant.yaml#/slug",
                            messages.get(locale, "onboarding.taken.slug", slug))));
                }
                if (!record.get().bundleHash().equals(upload.hash())) {
                    throw new ProblemException(HttpStatus.CONFLICT, "tenant-exists", "problem.onboarding.conflict.title",
                            "problem.onboarding.conflict.detail", slug);
                }
                LOG.info("Onboarding of {} posted again with the same bundle: resuming", slug);
            } else {
                checkNamesFree(reader, upload, locale);
                id = importStep(upload, actor);
            }
            runSteps(id, upload);
            return id;
        } finally {
            running.remove(slug);
        }
    }

    /** The record in Spanish (the platform's language); see {@link #view(TenantId, String, Locale)}. */
    public Optional<OnboardingView> view(TenantId id, String slug) {
        return view(id, slug, Messages.DEFAULT);
    }

    /**
     * The record, or empty when no onboarding has this id, its steps' messages in {@code locale}, with the
     * operator's warnings about the stored tenant data. Shows a temporary password once, then forgets it.
     */
    public Optional<OnboardingView> view(TenantId id, String slug, Locale locale) {
        List<String> warnings = warnings(id, slug, locale);
        return tx.write(id, c -> {
            Optional<OnboardingStore.Record> found = store.find(c);
            if (found.isEmpty()) {
                return Optional.<OnboardingView>empty();
            }
            OnboardingStore.Record r = found.get();
            if (r.temporaryPassword() != null) {
                store.setTemporaryPassword(c, null);
            }
            List<OnboardingStore.Step> steps = store.steps(c);
            String status = steps.stream().anyMatch(s -> "failed".equals(s.outcome())) ? "failed"
                    : steps.stream().allMatch(s -> "done".equals(s.outcome())) ? "done" : "in-progress";
            return Optional.of(new OnboardingView(id.value().toString(), slug, status, r.bundleHash(),
                    new OnboardingView.FirstAdmin(r.adminUsername(), r.adminEmail(),
                            showTemporaryPasswords ? r.temporaryPassword() : null),
                    steps.stream().map(s -> new OnboardingView.StepView(s.step(), s.outcome(),
                            StepText.words(messages, locale, s.message()), s.startedAt(), s.finishedAt())).toList(),
                    r.requestedBy(), r.createdAt(), r.updatedAt(), warnings));
        });
    }

    /** What the operator should look at in the entity's stored data (none when it cannot be read yet). */
    private List<String> warnings(TenantId id, String slug, Locale locale) {
        try {
            return StepText.warnings(messages, locale, validator.validate(configs.live(id, slug)));
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    private void checkNamesFree(BundleReader reader, BundleReader.Upload upload, Locale locale) {
        List<Problem.InvalidParam> taken = new ArrayList<>();
        List<String> hosts = upload.config().tenant().hosts();
        Map<String, String> owners = configs.hostOwners(hosts);
        for (int i = 0; i < hosts.size(); i++) {
            String owner = owners.get(hosts.get(i));
            if (owner != null) {
                taken.add(new Problem.InvalidParam(upload.prefix() + "tenant.yaml#/hosts/" + i,
                        messages.get(locale, "onboarding.taken.host", hosts.get(i), owner)));
            }
        }
        String realm = upload.config().tenant().realm();
        Optional<String> realmOwner = realm.equals(platformRealm.realm()) || realm.equals("master")
                ? Optional.of("mesa") : configs.realmOwner(realm);
        realmOwner.ifPresent(owner -> taken.add(new Problem.InvalidParam(upload.prefix() + "tenant.yaml#/realm",
                messages.get(locale, "onboarding.taken.realm", realm, owner))));
        if (!taken.isEmpty()) {
            throw reader.conflicts(taken);
        }
    }

    private TenantId importStep(BundleReader.Upload upload, String actor) {
        try {
            return configs.importOperatorBundle(upload.bundle(), actor, (c, tenant) -> {
                store.create(c, tenant, upload.hash(), upload.admin().username(), upload.admin().email(), actor, STEPS);
                store.start(c, IMPORT);
                store.finish(c, IMPORT, true, StepText.of("onboarding.step.import.done",
                        String.join(", ", upload.config().tenant().hosts())));
            });
        } catch (IllegalStateException e) {
            // Another replica or request created the slug between our check and the lock.
            throw new ProblemException(HttpStatus.CONFLICT, "tenant-exists", "problem.onboarding.conflict.title",
                    "problem.onboarding.conflict.detail", upload.slug());
        }
    }

    private void runSteps(TenantId id, BundleReader.Upload upload) {
        List<OnboardingStore.Step> steps = tx.read(id, store::steps);
        for (OnboardingStore.Step step : steps) {
            if ("done".equals(step.outcome())) {
                continue;
            }
            tx.write(id, c -> {
                store.start(c, step.step());
                return null;
            });
            String message;
            try {
                message = switch (step.step()) {
                    case REALM -> realm(upload);
                    case FIRST_ADMIN -> firstAdmin(id, upload);
                    case BRANDING -> branding(id, upload);
                    default -> throw new IllegalStateException("step " + step.step() + " cannot run again");
                };
            } catch (RuntimeException e) {
                String reason = describe(e);
                LOG.warn("Onboarding of {}: step {} failed: {}", upload.slug(), step.step(), reason, e);
                metrics.onboardingStep(step.step(), "failed");
                tx.write(id, c -> {
                    store.finish(c, step.step(), false, StepText.of("onboarding.step.failed", reason));
                    return null;
                });
                return; // later steps wait for the resume
            }
            tx.write(id, c -> {
                store.finish(c, step.step(), true, message);
                return null;
            });
            metrics.onboardingStep(step.step(), "done");
        }
    }

    private String realm(BundleReader.Upload upload) {
        provisioner.provision(upload.config());
        return StepText.of("onboarding.step.realm.done", upload.config().tenant().realm());
    }

    /** Creates (or finds) the first admin, gives a fresh temporary password and asks Keycloak to email them. */
    private String firstAdmin(TenantId id, BundleReader.Upload upload) {
        BundleReader.Admin admin = upload.admin();
        RealmResource realm = provisioner.admin().client().realm(upload.config().tenant().realm());
        Optional<UserRepresentation> found = realm.users().searchByUsername(admin.username(), true).stream().findFirst();
        String userId;
        if (found.isPresent()) {
            userId = found.get().getId();
        } else {
            UserRepresentation rep = new UserRepresentation();
            rep.setUsername(admin.username());
            rep.setEmail(admin.email());
            rep.setFirstName(admin.firstName());
            rep.setLastName(admin.lastName());
            rep.setEnabled(true);
            rep.setEmailVerified(true);
            rep.setRequiredActions(List.of("UPDATE_PASSWORD"));
            try (Response response = realm.users().create(rep)) {
                if (response.getStatus() != 201) {
                    throw new IllegalStateException("Keycloak refused the user " + admin.username() + ": HTTP "
                            + response.getStatus() + " " + response.readEntity(String.class));
                }
                userId = CreatedResponseUtil.getCreatedId(response);
            }
        }
        UserResource user = realm.users().get(userId);
        Set<String> has = user.roles().realmLevel().listAll().stream().map(RoleRepresentation::getName)
                .collect(Collectors.toSet());
        List<RoleRepresentation> missing = List.of(Roles.TENANT_ADMIN, Roles.REQUESTER).stream()
                .filter(r -> !has.contains(r)).map(r -> realm.roles().get(r).toRepresentation()).toList();
        if (!missing.isEmpty()) {
            user.roles().realmLevel().add(missing);
        }
        String password = temporaryPassword();
        CredentialRepresentation credential = new CredentialRepresentation();
        credential.setType(CredentialRepresentation.PASSWORD);
        credential.setValue(password);
        credential.setTemporary(true); // Keycloak adds UPDATE_PASSWORD: the first sign-in sets their own
        user.resetPassword(credential);
        try {
            user.executeActionsEmail(List.of("UPDATE_PASSWORD"));
            return StepText.of("onboarding.step.first-admin.mailed", admin.username(), admin.email());
        } catch (RuntimeException e) {
            LOG.warn("Onboarding of {}: Keycloak could not email {}: {}", upload.slug(), admin.email(), describe(e));
            if (showTemporaryPasswords) {
                tx.write(id, c -> {
                    store.setTemporaryPassword(c, password);
                    return null;
                });
            }
            return StepText.of(showTemporaryPasswords ? "onboarding.step.first-admin.unmailed-shown"
                    : "onboarding.step.first-admin.unmailed", admin.username(), describe(e));
        }
    }

    private String branding(TenantId id, BundleReader.Upload upload) {
        String colors;
        try {
            colors = JSON.writeValueAsString(upload.colors());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        tx.write(id, c -> {
            store.upsertBranding(c, id, upload.logo(), upload.logoMediaType(), colors);
            return null;
        });
        return upload.logo() == null ? StepText.of("onboarding.step.branding.no-logo", upload.colors().size())
                : StepText.of("onboarding.step.branding.logo", upload.logoMediaType(), upload.logo().length,
                upload.colors().size());
    }

    /** Upper, lower, digit and symbol, 20 characters: passes any reasonable realm policy. */
    static String temporaryPassword() {
        String upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
        String lower = "abcdefghijkmnpqrstuvwxyz";
        String digits = "23456789";
        String symbols = "-_.!";
        String all = upper + lower + digits + symbols;
        StringBuilder b = new StringBuilder();
        b.append(upper.charAt(RANDOM.nextInt(upper.length())));
        b.append(lower.charAt(RANDOM.nextInt(lower.length())));
        b.append(digits.charAt(RANDOM.nextInt(digits.length())));
        b.append(symbols.charAt(RANDOM.nextInt(symbols.length())));
        for (int i = 0; i < 16; i++) {
            b.append(all.charAt(RANDOM.nextInt(all.length())));
        }
        return b.toString();
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        if (e instanceof jakarta.ws.rs.WebApplicationException w && w.getResponse() != null) {
            try {
                m = "HTTP " + w.getResponse().getStatus() + " " + w.getResponse().readEntity(String.class);
            } catch (RuntimeException ignored) {
                // the body may be consumed already; the status line is enough
            }
        }
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
