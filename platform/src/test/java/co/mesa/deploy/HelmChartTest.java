package co.mesa.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lints the Helm chart at {@code helm/mesa} and renders it (with helm-java, no cluster) with a values
 * file built from the real tenant folders ({@code tenant-config/<slug>/}), then asserts on the
 * rendered Kubernetes objects.
 *
 * <p>helm-java's {@code template} returns only the release manifest, without hook resources (the
 * Helm CLI appends those itself). To see the migration Job as Helm renders it, the chart is also
 * rendered from a scratch copy in which each template carrying a {@code helm.sh/hook} annotation is
 * wrapped, unchanged, in a {@code define}, and its rendered text is emitted as the data of a plain
 * ConfigMap. The Job's absence from the real manifest proves Helm classifies it as a hook.
 */
class HelmChartTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String PLATFORM_HOST = "platform.chart-test.example";
    private static final String TENANT_CONFIG_DIR = "/etc/mesa/tenant-config";
    private static final String HOOK_WRAPPER_PREFIX = "hook-render-";

    @TempDir
    static Path work;

    static Path repoRoot;
    static Path chartDir;
    /** slug -> hosts, from each tenant-config/&lt;slug&gt;/tenant.yaml. */
    static Map<String, List<String>> tenantHosts;
    /** "slug/file.yaml" -> content, for every tenant-config/&lt;slug&gt;/*.yaml. */
    static Map<String, String> tenantFiles;
    /** The release manifest (hooks excluded, as Helm does). */
    static List<JsonNode> manifest;
    /** The hook resources, rendered through the wrapped copy of the chart. */
    static List<JsonNode> hooks;

    @BeforeAll
    static void locateChart() {
        String root = System.getProperty("mesa.repo.root");
        repoRoot = (root == null || root.isBlank() ? Paths.get("..") : Paths.get(root)).toAbsolutePath().normalize();
        chartDir = repoRoot.resolve("helm/mesa");
        assertThat(chartDir.resolve("Chart.yaml")).as("chart under %s", repoRoot).isRegularFile();
    }

    /**
     * Renders once, on first use (not in {@code @BeforeAll}), so that a chart that does not render
     * still gets its own lint result.
     */
    private static synchronized void render() {
        if (manifest != null) {
            return;
        }
        try {
            renderWithRealTenants();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void renderWithRealTenants() throws IOException {
        readTenantFolders(repoRoot.resolve("tenant-config"));
        Path values = writeValues(tenantFiles, work.resolve("values.yaml"));

        List<JsonNode> releaseManifest = parseDocuments(template(chartDir, values));
        List<JsonNode> hookObjects = new ArrayList<>();
        for (JsonNode wrapper : kind(parseDocuments(template(copyWithHooksExposed(), values)), "ConfigMap")) {
            if (wrapper.at("/metadata/name").asText().startsWith(HOOK_WRAPPER_PREFIX)) {
                hookObjects.addAll(parseDocuments(wrapper.at("/data/rendered").asText()));
            }
        }
        hooks = hookObjects;
        manifest = releaseManifest;
    }

    @Test
    void lintPassesWithoutErrorsOrWarnings() {
        LintResult result = new Helm(chartDir).lint().strict().call();

        assertThat(result.isFailed()).as("lint failed: %s", result.getMessages()).isFalse();
        assertThat(result.getMessages())
                .noneMatch(m -> m.startsWith("[ERROR]") || m.startsWith("[WARNING]"));
    }

    @Test
    void ingressHasARuleForEveryTenantHostAndThePlatformHost() {
        JsonNode ingress = single("Ingress");
        JsonNode service = single("Service");
        List<String> expected = new ArrayList<>();
        tenantHosts().values().forEach(expected::addAll);
        expected.add(PLATFORM_HOST);

        List<String> ruleHosts = texts(ingress.at("/spec/rules"), "/host");
        assertThat(ruleHosts).containsAll(expected).doesNotHaveDuplicates();
        for (JsonNode rule : ingress.at("/spec/rules")) {
            assertThat(rule.at("/http/paths")).as("paths of %s", rule.at("/host"))
                    .anySatisfy(path -> {
                        assertThat(path.at("/path").asText()).isEqualTo("/");
                        assertThat(path.at("/pathType").asText()).isEqualTo("Prefix");
                        assertThat(path.at("/backend/service/name").asText())
                                .isEqualTo(service.at("/metadata/name").asText());
                        assertThat(path.at("/backend/service/port/name").asText()).isEqualTo("http");
                    });
        }
        assertThat(service.at("/spec/type").asText()).isEqualTo("ClusterIP");
        assertThat(service.at("/spec/ports")).anySatisfy(port -> {
            assertThat(port.at("/name").asText()).isEqualTo("http");
            assertThat(port.at("/port").asInt()).isEqualTo(80);
            assertThat(port.at("/targetPort").asText()).isEqualTo("http");
        });
    }

    @Test
    void deploymentProbesTheMicronautHealthEndpoints() {
        JsonNode app = appContainer();

        assertThat(app.at("/ports")).anySatisfy(port -> {
            assertThat(port.at("/name").asText()).isEqualTo("http");
            assertThat(port.at("/containerPort").asInt()).isEqualTo(8080);
        });
        assertThat(app.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/health/readiness");
        assertThat(app.at("/readinessProbe/httpGet/port").asText()).isEqualTo("http");
        assertThat(app.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health/liveness");
        assertThat(app.at("/livenessProbe/httpGet/port").asText()).isEqualTo("http");
    }

    @Test
    void deploymentSetsResourceRequestsAndLimitsAndRunsAsNonRoot() {
        JsonNode app = appContainer();
        for (String bound : List.of("requests", "limits")) {
            for (String resource : List.of("cpu", "memory")) {
                assertThat(app.at("/resources/" + bound + "/" + resource).asText())
                        .as("resources.%s.%s", bound, resource).isNotBlank();
            }
        }
        JsonNode pod = single("Deployment").at("/spec/template/spec");
        assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(app.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
    }

    @Test
    void deploymentMountsTheTenantConfigReadOnlyFromTheConfigMap() {
        JsonNode deployment = single("Deployment");
        JsonNode app = appContainer();
        JsonNode mount = stream(app.at("/volumeMounts"))
                .filter(m -> m.at("/mountPath").asText().equals(TENANT_CONFIG_DIR))
                .findFirst().orElse(null);
        assertThat(mount).as("a volume mounted at %s", TENANT_CONFIG_DIR).isNotNull();
        assertThat(mount.at("/readOnly").asBoolean()).isTrue();
        assertThat(envValue(app, "MESA_TENANT_CONFIG_DIR")).isEqualTo(TENANT_CONFIG_DIR);

        JsonNode volume = stream(deployment.at("/spec/template/spec/volumes"))
                .filter(v -> v.at("/name").asText().equals(mount.at("/name").asText()))
                .findFirst().orElseThrow();
        assertThat(volume.at("/configMap/name").asText()).isEqualTo(tenantConfigMap().at("/metadata/name").asText());
        Map<String, String> items = stream(volume.at("/configMap/items"))
                .collect(Collectors.toMap(i -> i.at("/key").asText(), i -> i.at("/path").asText()));
        Map<String, String> expected = tenantFiles().keySet().stream()
                .collect(Collectors.toMap(path -> path.replace("/", "__"), path -> path));
        assertThat(items).isEqualTo(expected);
    }

    @Test
    void podTemplateCarriesAChecksumThatChangesWithTheTenantConfig() throws IOException {
        String checksum = single("Deployment").at("/spec/template/metadata/annotations/checksum~1tenant-config").asText();
        assertThat(checksum).isNotBlank();

        Map<String, String> changed = new TreeMap<>(tenantFiles());
        String first = changed.keySet().iterator().next();
        changed.put(first, changed.get(first) + "\n# changed\n");
        List<JsonNode> rerendered = parseDocuments(template(chartDir, writeValues(changed, work.resolve("changed.yaml"))));
        String changedChecksum = kind(rerendered, "Deployment").get(0)
                .at("/spec/template/metadata/annotations/checksum~1tenant-config").asText();
        assertThat(changedChecksum).isNotBlank().isNotEqualTo(checksum);
    }

    @Test
    void credentialsComeOnlyFromSecretKeyRefs() {
        Map<String, JsonNode> env = env(appContainer());
        Map<String, String> secretVars = Map.of(
                "DATASOURCES_DEFAULT_USERNAME", "app-username",
                "DATASOURCES_DEFAULT_PASSWORD", "app-password",
                "MESA_KEYCLOAK_ADMIN_USERNAME", "admin-username",
                "MESA_KEYCLOAK_ADMIN_PASSWORD", "admin-password",
                "MESA_SMTP_USERNAME", "username",
                "MESA_SMTP_PASSWORD", "password");
        secretVars.forEach((name, key) -> {
            assertThat(env).as("env %s", name).containsKey(name);
            assertThat(env.get(name).has("value")).as("%s has a literal value", name).isFalse();
            assertThat(env.get(name).at("/valueFrom/secretKeyRef/name").asText()).as("%s secret", name).isNotBlank();
            assertThat(env.get(name).at("/valueFrom/secretKeyRef/key").asText()).as("%s key", name).isEqualTo(key);
        });
        for (String plain : List.of("DATASOURCES_DEFAULT_URL", "MESA_KEYCLOAK_URL", "MESA_SMTP_HOST", "MESA_SMTP_PORT")) {
            assertThat(env).as("env %s", plain).containsKey(plain);
            assertThat(env.get(plain).at("/value").asText()).as("%s", plain).isNotBlank();
        }
        assertThat(envValue(appContainer(), "MICRONAUT_ENVIRONMENTS")).isEqualTo("k8s");

        List<JsonNode> allContainers = new ArrayList<>(containers(single("Deployment")));
        allContainers.addAll(containers(migrationJob()));
        List<JsonNode> passwords = allContainers.stream()
                .flatMap(c -> stream(c.at("/env")))
                .filter(e -> e.at("/name").asText().toUpperCase().contains("PASSWORD"))
                .toList();
        assertThat(passwords).hasSizeGreaterThanOrEqualTo(4).allSatisfy(e -> {
            assertThat(e.has("value")).as("%s has a literal value", e.at("/name")).isFalse();
            assertThat(e.at("/valueFrom/secretKeyRef/name").asText()).as("%s", e.at("/name")).isNotBlank();
        });
    }

    @Test
    void podsNeverRunMigrations() {
        JsonNode deployment = single("Deployment");
        assertThat(envValue(appContainer(), "FLYWAY_DATASOURCES_OWNER_ENABLED")).isEqualTo("false");
        assertThat(deployment.at("/spec/template/spec/initContainers").size())
                .as("initContainers").isZero();
    }

    @Test
    void noRenderedObjectIsASecret() {
        assertThat(manifest()).isNotEmpty();
        assertThat(hooks()).isNotEmpty();
        assertThat(Stream.concat(manifest().stream(), hooks().stream()).map(o -> o.at("/kind").asText()))
                .doesNotContain("Secret");
    }

    @Test
    void configMapHoldsEveryTenantFile() {
        JsonNode data = tenantConfigMap().at("/data");
        Map<String, String> rendered = new TreeMap<>();
        data.properties().forEach(e -> rendered.put(e.getKey(), e.getValue().asText()));
        Map<String, String> expected = new TreeMap<>();
        tenantFiles().forEach((path, content) -> expected.put(path.replace("/", "__"), content));
        assertThat(rendered).isEqualTo(expected);
        // The API server refuses a ConfigMap over 1 MiB; leave room for metadata.
        long bytes = rendered.entrySet().stream()
                .mapToLong(e -> e.getKey().length() + e.getValue().getBytes(StandardCharsets.UTF_8).length)
                .sum();
        assertThat(bytes).as("tenant-config ConfigMap data size").isLessThan(1_000_000L);
    }

    @Test
    void migrationJobIsAPreInstallPreUpgradeHookRunningMigrate() {
        assertThat(kind(manifest(), "Job")).as("Jobs outside hooks").isEmpty();
        JsonNode job = migrationJob();
        JsonNode annotations = job.at("/metadata/annotations");
        assertThat(Set.of(annotations.at("/helm.sh~1hook").asText().split(",")))
                .isEqualTo(Set.of("pre-install", "pre-upgrade"));
        assertThat(Set.of(annotations.at("/helm.sh~1hook-delete-policy").asText().split(",")))
                .contains("before-hook-creation");
        assertThat(annotations.at("/helm.sh~1hook-weight").asText()).isNotBlank();

        JsonNode pod = job.at("/spec/template/spec");
        assertThat(pod.at("/restartPolicy").asText()).isEqualTo("Never");
        assertThat(job.at("/spec/backoffLimit").isInt()).isTrue();
        List<JsonNode> containers = containers(job);
        assertThat(containers).hasSize(1);
        JsonNode migrate = containers.get(0);
        assertThat(texts(migrate.at("/args"), "")).containsExactly("migrate");
        assertThat(migrate.at("/image").asText()).isNotBlank().isEqualTo(appContainer().at("/image").asText());

        Map<String, JsonNode> env = env(migrate);
        assertThat(env).containsKeys("DATASOURCES_OWNER_URL", "DATASOURCES_OWNER_USERNAME", "DATASOURCES_OWNER_PASSWORD");
        assertThat(env.get("DATASOURCES_OWNER_URL").at("/value").asText()).startsWith("jdbc:postgresql:");
        assertThat(env.get("DATASOURCES_OWNER_USERNAME").at("/valueFrom/secretKeyRef/key").asText()).isEqualTo("owner-username");
        assertThat(env.get("DATASOURCES_OWNER_PASSWORD").at("/valueFrom/secretKeyRef/key").asText()).isEqualTo("owner-password");
    }

    // ---- issue 29: what a cluster needs ---------------------------------------------------------

    @Test
    void serviceListensOnAllInterfacesOnTheContainerPort() {
        JsonNode app = appContainer();
        // Without this the service binds 127.0.0.1 and neither probes nor the Service reach the pod.
        assertThat(envValue(app, "MESA_HTTP_HOST")).isEqualTo("0.0.0.0");
        int containerPort = stream(app.at("/ports")).filter(p -> p.at("/name").asText().equals("http"))
                .findFirst().orElseThrow().at("/containerPort").asInt();
        assertThat(envValue(app, "MESA_HTTP_PORT")).isEqualTo(String.valueOf(containerPort));
        assertThat(envValue(app, "MESA_PLATFORM_HOST")).isEqualTo(PLATFORM_HOST);
    }

    @Test
    void smtpIsAuthenticatedAndEncryptedAndImapHasItsOwnServer() {
        JsonNode app = appContainer();
        assertThat(envValue(app, "MESA_SMTP_PORT")).isEqualTo("587");
        assertThat(envValue(app, "MESA_SMTP_SECURITY")).isEqualTo("starttls");
        assertThat(envValue(app, "MESA_IMAP_HOST")).isNotBlank().isNotEqualTo("127.0.0.1");
        assertThat(envValue(app, "MESA_IMAP_PORT")).isEqualTo("993");
        assertThat(envValue(app, "MESA_IMAP_TLS")).isEqualTo("true");

        // An unauthenticated relay: no SMTP credentials at all.
        JsonNode noAuth = appContainerOf(renderWith(Map.of("smtp.auth", "false", "smtp.security", "tls", "smtp.port", "465")));
        assertThat(env(noAuth)).doesNotContainKeys("MESA_SMTP_USERNAME", "MESA_SMTP_PASSWORD");
        assertThat(envValue(noAuth, "MESA_SMTP_SECURITY")).isEqualTo("tls");
    }

    @Test
    void tenantMailboxPasswordsComeFromSecrets() {
        JsonNode app = appContainerOf(renderWith(Map.of(
                "mailSecrets[0].env", "MESA_IMAP_PQRS_FUNCION_PUBLICA",
                "mailSecrets[0].secretName", "mesa-mailboxes",
                "mailSecrets[0].key", "pqrs-funcion-publica")));
        JsonNode e = env(app).get("MESA_IMAP_PQRS_FUNCION_PUBLICA");
        assertThat(e).as("the mailbox password env var").isNotNull();
        assertThat(e.has("value")).isFalse();
        assertThat(e.at("/valueFrom/secretKeyRef/name").asText()).isEqualTo("mesa-mailboxes");
        assertThat(e.at("/valueFrom/secretKeyRef/key").asText()).isEqualTo("pqrs-funcion-publica");
    }

    @Test
    void keycloakHasAnInternalAndAPublicUrl() {
        assertThat(envValue(appContainer(), "MESA_KEYCLOAK_ISSUER_BASE"))
                .isEqualTo(envValue(appContainer(), "MESA_KEYCLOAK_URL"));
        JsonNode app = appContainerOf(renderWith(Map.of(
                "keycloak.url", "http://keycloak.identity.svc:8080",
                "keycloak.publicUrl", "https://auth.example.gov.co")));
        assertThat(envValue(app, "MESA_KEYCLOAK_URL")).isEqualTo("http://keycloak.identity.svc:8080");
        assertThat(envValue(app, "MESA_KEYCLOAK_ISSUER_BASE")).isEqualTo("https://auth.example.gov.co");
    }

    @Test
    void jvmGetsContainerOptions() {
        String options = envValue(appContainer(), "JAVA_TOOL_OPTIONS");
        assertThat(options).contains("-XX:MaxRAMPercentage=", "-XX:+ExitOnOutOfMemoryError");
        // The collector is named, so that it does not change with the pod's limits (decision 0038): without it, the
        // JVM picks serial under 1792 MB or 2 CPUs and G1 above.
        assertThat(options.split(" ")).filteredOn(o -> o.matches("-XX:\\+Use\\w+GC")).hasSize(1);
    }

    @Test
    void podsSpreadStopGracefullyAndHaveADisruptionBudget() {
        JsonNode pod = single("Deployment").at("/spec/template/spec");
        assertThat(pod.at("/topologySpreadConstraints")).hasSizeGreaterThanOrEqualTo(1).allSatisfy(c -> {
            assertThat(c.at("/labelSelector/matchLabels/app.kubernetes.io~1name").asText()).isEqualTo("mesa");
            assertThat(c.at("/maxSkew").asInt()).isPositive();
        });
        assertThat(texts(pod.at("/topologySpreadConstraints"), "/topologyKey")).contains("kubernetes.io/hostname");
        int pause = appContainer().at("/lifecycle/preStop/sleep/seconds").asInt();
        assertThat(pause).isPositive().isLessThan(pod.at("/terminationGracePeriodSeconds").asInt());

        JsonNode pdb = single("PodDisruptionBudget");
        assertThat(pdb.at("/spec/selector/matchLabels"))
                .isEqualTo(single("Deployment").at("/spec/selector/matchLabels"));
        assertThat(pdb.at("/spec/maxUnavailable").asInt()).isEqualTo(1);
    }

    @Test
    void autoscalerIsOptionalAndOwnsTheReplicasWhenOn() {
        assertThat(kind(manifest(), "HorizontalPodAutoscaler")).isEmpty();
        assertThat(single("Deployment").at("/spec/replicas").asInt()).isEqualTo(2);

        List<JsonNode> scaled = renderWith(Map.of("autoscaling.enabled", "true", "autoscaling.maxReplicas", "5"));
        JsonNode hpa = kind(scaled, "HorizontalPodAutoscaler").get(0);
        JsonNode deployment = kind(scaled, "Deployment").get(0);
        assertThat(hpa.at("/spec/scaleTargetRef/name").asText()).isEqualTo(deployment.at("/metadata/name").asText());
        assertThat(hpa.at("/spec/maxReplicas").asInt()).isEqualTo(5);
        assertThat(deployment.at("/spec").has("replicas")).as("replicas left to the HPA").isFalse();
    }

    @Test
    void networkPolicyAdmitsTheIngressControllerAndReachesOnlyTheBackingServices() {
        JsonNode policy = single("NetworkPolicy");
        assertThat(policy.at("/spec/podSelector/matchLabels"))
                .isEqualTo(single("Deployment").at("/spec/selector/matchLabels"));
        assertThat(texts(policy.at("/spec/policyTypes"), "")).containsExactlyInAnyOrder("Ingress", "Egress");

        JsonNode ingress = policy.at("/spec/ingress");
        assertThat(ingress).hasSize(2); // the Ingress controller on http, Prometheus on management
        assertThat(ingress.at("/0/from/0/namespaceSelector/matchLabels/kubernetes.io~1metadata.name").asText())
                .isEqualTo("ingress-nginx");
        assertThat(ingress.at("/0/ports/0/port").asText()).isEqualTo("http");
        assertThat(ingress.at("/1/from/0/namespaceSelector/matchLabels/kubernetes.io~1metadata.name").asText())
                .isEqualTo("monitoring");
        assertThat(ingress.at("/1/ports/0/port").asText()).isEqualTo("management");

        Set<Integer> egressPorts = stream(policy.at("/spec/egress"))
                .flatMap(rule -> stream(rule.at("/ports")))
                .map(p -> p.at("/port").asInt()).collect(Collectors.toSet());
        // DNS, PostgreSQL, Keycloak (443/8080/8443), SMTP (587), IMAP (993): nothing else.
        assertThat(egressPorts).containsExactlyInAnyOrder(53, 5432, 443, 8080, 8443, 587, 993);

        List<JsonNode> narrowed = renderWith(Map.of("networkPolicy.egress.postgresql.to[0].ipBlock.cidr", "10.20.0.0/24"));
        assertThat(stream(kind(narrowed, "NetworkPolicy").get(0).at("/spec/egress"))
                .filter(r -> r.at("/ports/0/port").asInt() == 5432).findFirst().orElseThrow()
                .at("/to/0/ipBlock/cidr").asText()).isEqualTo("10.20.0.0/24");
    }

    @Test
    void lintPassesWithEveryOptionalObjectOn() throws IOException {
        // helm-java's lint takes no values file: lint a copy whose values.yaml turns the options on.
        Path copy = work.resolve("chart-all-on-" + UUID.randomUUID());
        try (Stream<Path> walk = Files.walk(chartDir)) {
            for (Path source : walk.toList()) {
                Path target = copy.resolve(chartDir.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> values = YAML.readValue(copy.resolve("values.yaml").toFile(), Map.class);
        values.put("autoscaling", Map.of("enabled", true, "minReplicas", 2, "maxReplicas", 4,
                "targetCPUUtilizationPercentage", 60));
        values.put("mailSecrets", List.of(Map.of("env", "MESA_IMAP_PQRS", "secretName", "mesa-mailboxes", "key", "pqrs")));
        values.put("keycloak", Map.of("url", "http://keycloak:8080", "publicUrl", "https://auth.example.gov.co",
                "existingSecret", "mesa-keycloak", "adminUsernameKey", "admin-username", "adminPasswordKey", "admin-password"));
        values.put("metrics", Map.of("port", 8081, "serviceMonitor", Map.of("enabled", true, "interval", "30s",
                "labels", Map.of("release", "prometheus"))));
        YAML.writeValue(copy.resolve("values.yaml").toFile(), values);

        LintResult result = new Helm(copy).lint().strict().call();
        assertThat(result.isFailed()).as("lint failed: %s", result.getMessages()).isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.startsWith("[ERROR]") || m.startsWith("[WARNING]"));
        assertThat(kind(parseDocuments(new Helm(copy).template().withName("mesa").withNamespace("mesa").call()),
                "HorizontalPodAutoscaler")).hasSize(1);
        List<JsonNode> monitors = kind(parseDocuments(new Helm(copy).template().withName("mesa").withNamespace("mesa").call()),
                "ServiceMonitor");
        assertThat(monitors).hasSize(1);
        assertThat(monitors.get(0).at("/spec/endpoints/0/port").asText()).isEqualTo("management");
        assertThat(monitors.get(0).at("/spec/endpoints/0/path").asText()).isEqualTo("/metrics");
        assertThat(monitors.get(0).at("/metadata/labels/release").asText()).isEqualTo("prometheus");
    }

    @Test
    void metricsHaveTheirOwnPortLogsAreJsonAndNoServiceMonitorByDefault() {
        JsonNode app = appContainer();
        int management = stream(app.at("/ports")).filter(p -> p.at("/name").asText().equals("management"))
                .findFirst().orElseThrow().at("/containerPort").asInt();
        assertThat(envValue(app, "MESA_MANAGEMENT_PORT")).isEqualTo(String.valueOf(management));
        assertThat(envValue(app, "MESA_HTTP_PORT")).isNotEqualTo(String.valueOf(management));
        assertThat(envValue(app, "MESA_LOG_FORMAT")).isEqualTo("json");
        // Behind the Ingress, the per-address rate limits read the client from X-Forwarded-For (decision 0020).
        assertThat(envValue(app, "MESA_CLIENT_ADDRESS_HEADER")).isEqualTo("X-Forwarded-For");
        assertThat(env(app).get("MESA_REPLICA_NAME").at("/valueFrom/fieldRef/fieldPath").asText()).isEqualTo("metadata.name");
        JsonNode service = single("Service");
        assertThat(stream(service.at("/spec/ports")).map(p -> p.at("/name").asText()).toList())
                .containsExactlyInAnyOrder("http", "management");
        assertThat(single("Ingress").toString()).doesNotContain("management");
        assertThat(kind(manifest(), "ServiceMonitor")).isEmpty();
    }

    @Test
    void valuesSchemaRejectsBadNewSettings() {
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("smtp.security", "ssl");
        bad.put("smtp.port", "0");
        bad.put("imap.port", "70000");
        bad.put("imap.tls", "yes");
        bad.put("http.port", "0");
        bad.put("mailSecrets[0].env", "lower-case");
        bad.put("autoscaling.maxReplicas", "0");
        bad.put("topologySpread[0].whenUnsatisfiable", "Sometimes");
        bad.put("keycloak.publicUrl", "auth.example.gov.co");
        bad.put("networkPolicy.egress.postgresql.ports[0]", "0");
        bad.forEach((key, value) -> {
            Map<String, String> sets = new LinkedHashMap<>(Map.of(key, value));
            if (key.startsWith("mailSecrets")) {
                sets.put("mailSecrets[0].secretName", "s");
                sets.put("mailSecrets[0].key", "k");
            }
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> renderWith(sets))
                    .as("%s=%s", key, value)
                    .hasMessageContaining("schema");
        });
    }

    private static List<JsonNode> renderWith(Map<String, String> sets) {
        try {
            var command = new Helm(chartDir).template().withName("mesa").withNamespace("mesa")
                    .withValuesFile(writeValues(tenantFiles(), work.resolve("values-" + UUID.randomUUID() + ".yaml")));
            sets.forEach(command::set);
            return parseDocuments(command.call());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode appContainerOf(List<JsonNode> objects) {
        return kind(objects, "Deployment").get(0).at("/spec/template/spec/containers/0");
    }

    // ---------------------------------------------------------------------------------------------

    private static List<JsonNode> manifest() {
        render();
        return manifest;
    }

    private static List<JsonNode> hooks() {
        render();
        return hooks;
    }

    private static Map<String, List<String>> tenantHosts() {
        render();
        return tenantHosts;
    }

    private static Map<String, String> tenantFiles() {
        render();
        return tenantFiles;
    }

    private static void readTenantFolders(Path tenantConfig) throws IOException {
        tenantHosts = new TreeMap<>();
        tenantFiles = new TreeMap<>();
        List<Path> folders;
        try (Stream<Path> children = Files.list(tenantConfig)) {
            folders = children.filter(d -> Files.isRegularFile(d.resolve("tenant.yaml"))).sorted().toList();
        }
        assertThat(folders).as("tenant folders (<slug>/tenant.yaml) under %s", tenantConfig).isNotEmpty();
        for (Path folder : folders) {
            JsonNode tenant = YAML.readTree(folder.resolve("tenant.yaml").toFile());
            String slug = tenant.at("/slug").asText();
            List<String> hosts = texts(tenant.at("/hosts"), "");
            assertThat(slug).as("slug of %s", folder).isNotBlank();
            assertThat(hosts).as("hosts of %s", folder).isNotEmpty();
            tenantHosts.put(slug, hosts);
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".yaml")).toList()) {
                    tenantFiles.put(folder.getFileName() + "/" + file.getFileName(),
                            Files.readString(file, StandardCharsets.UTF_8));
                }
            }
        }
    }

    private static Path writeValues(Map<String, String> files, Path target) throws IOException {
        List<Map<String, Object>> tenants = new ArrayList<>();
        tenantHosts.forEach((slug, hosts) -> tenants.add(Map.of("slug", slug, "hosts", hosts)));
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("platformHost", PLATFORM_HOST);
        values.put("tenants", tenants);
        values.put("tenantConfig", Map.of("files", files));
        YAML.writeValue(target.toFile(), values);
        return target;
    }

    private static String template(Path chart, Path values) {
        return new Helm(chart).template().withName("mesa").withNamespace("mesa").withValuesFile(values).call();
    }

    /** A copy of the chart where each hook template renders into a plain ConfigMap instead. */
    private static Path copyWithHooksExposed() throws IOException {
        Path copy = work.resolve("chart-hooks-exposed");
        List<Path> sources;
        try (Stream<Path> walk = Files.walk(chartDir)) {
            sources = walk.toList();
        }
        for (Path source : sources) {
            Path target = copy.resolve(chartDir.relativize(source).toString());
            if (Files.isDirectory(source)) {
                Files.createDirectories(target);
                continue;
            }
            String text = Files.readString(source, StandardCharsets.UTF_8);
            String name = source.getFileName().toString();
            boolean hookTemplate = source.getParent().equals(chartDir.resolve("templates"))
                    && name.endsWith(".yaml") && text.contains("helm.sh/hook");
            if (hookTemplate) {
                String id = name.replaceAll("[^a-z0-9]+", "-").replaceAll("-+$", "");
                text = "{{- define \"" + HOOK_WRAPPER_PREFIX + id + "\" -}}\n" + text + "\n{{- end -}}\n"
                        + "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + HOOK_WRAPPER_PREFIX + id + "\n"
                        + "data:\n  rendered: {{ include \"" + HOOK_WRAPPER_PREFIX + id + "\" . | toJson }}\n";
            }
            Files.writeString(target, text, StandardCharsets.UTF_8);
        }
        return copy;
    }

    private static List<JsonNode> parseDocuments(String yaml) {
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            List<JsonNode> objects = new ArrayList<>();
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document != null && document.isObject() && document.size() > 0) {
                    objects.add(document);
                }
            }
            return objects;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<JsonNode> kind(List<JsonNode> objects, String kind) {
        return objects.stream().filter(o -> o.at("/kind").asText().equals(kind)).toList();
    }

    private static JsonNode single(String kind) {
        List<JsonNode> found = kind(manifest(), kind);
        assertThat(found).as("rendered %s objects", kind).hasSize(1);
        return found.get(0);
    }

    private static JsonNode migrationJob() {
        List<JsonNode> jobs = kind(hooks(), "Job");
        assertThat(jobs).as("hook Jobs").hasSize(1);
        return jobs.get(0);
    }

    private static JsonNode tenantConfigMap() {
        JsonNode volume = stream(single("Deployment").at("/spec/template/spec/volumes"))
                .filter(v -> v.has("configMap")).findFirst().orElseThrow();
        String name = volume.at("/configMap/name").asText();
        return kind(manifest(), "ConfigMap").stream()
                .filter(c -> c.at("/metadata/name").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no ConfigMap named " + name));
    }

    private static List<JsonNode> containers(JsonNode workload) {
        return stream(workload.at("/spec/template/spec/containers")).toList();
    }

    private static JsonNode appContainer() {
        List<JsonNode> containers = containers(single("Deployment"));
        assertThat(containers).as("Deployment containers").hasSize(1);
        return containers.get(0);
    }

    private static Map<String, JsonNode> env(JsonNode container) {
        Map<String, JsonNode> env = new LinkedHashMap<>();
        stream(container.at("/env")).forEach(e -> env.put(e.at("/name").asText(), e));
        return env;
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false);
    }

    private static List<String> texts(JsonNode array, String pointer) {
        return stream(array).map(n -> n.at(pointer).asText()).toList();
    }

    private static String envValue(JsonNode container, String name) {
        Map<String, JsonNode> env = env(container);
        assertThat(env).as("env of %s", container.at("/name").asText()).containsKey(name);
        return env.get(name).at("/value").asText();
    }
}
