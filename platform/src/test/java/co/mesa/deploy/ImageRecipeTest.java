package co.mesa.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image recipe (the {@code image} profile of platform/pom.xml, Jib) cannot be built here (its base
 * image's registry is unreachable), so {@code verify} checks its configuration instead, against the
 * chart: a non-root user equal to the chart's runAsUser, Jib's java entrypoint on the application's
 * main class (so the chart's {@code args: [migrate]} reach {@code Application.main}), the container
 * JVM flags, and the port the chart's probes and Service use. Decision 0018.
 */
class ImageRecipeTest {

    static Path repoRoot;
    static Element jib;
    static Element project;
    static JsonNode values;

    @BeforeAll
    static void read() throws Exception {
        String root = System.getProperty("mesa.repo.root");
        repoRoot = (root == null || root.isBlank() ? Paths.get("..") : Paths.get(root)).toAbsolutePath().normalize();
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(repoRoot.resolve("platform/pom.xml").toFile());
        project = pom.getDocumentElement();
        Element profile = children(child(project, "profiles"), "profile").stream()
                .filter(p -> text(child(p, "id")).equals("image")).findFirst()
                .orElseThrow(() -> new AssertionError("platform/pom.xml has no `image` profile"));
        jib = children(child(child(profile, "build"), "plugins"), "plugin").stream()
                .filter(p -> text(child(p, "artifactId")).equals("jib-maven-plugin")).findFirst()
                .orElseThrow(() -> new AssertionError("the image profile has no jib-maven-plugin"));
        values = new ObjectMapper(new YAMLFactory()).readTree(repoRoot.resolve("helm/mesa/values.yaml").toFile());
    }

    @Test
    void pinsAResolvablePluginVersion() {
        assertThat(text(child(jib, "groupId"))).isEqualTo("com.google.cloud.tools");
        assertThat(text(child(jib, "version"))).isEqualTo("3.5.2");
    }

    @Test
    void runsAsTheChartsNonRootUser() {
        String user = text(child(container(), "user"));
        assertThat(user).matches("\\d+:\\d+");
        String[] ids = user.split(":");
        assertThat(Integer.parseInt(ids[0])).isPositive()
                .isEqualTo(values.at("/podSecurityContext/runAsUser").asInt());
        assertThat(Integer.parseInt(ids[1])).isEqualTo(values.at("/podSecurityContext/runAsGroup").asInt());
    }

    @Test
    void entrypointIsJibsJavaLauncherOnTheApplicationsMainClass() {
        // No custom entrypoint: Jib's `java -cp … <mainClass>` plus the pod's args.
        assertThat(child(container(), "entrypoint")).isNull();
        assertThat(text(child(container(), "mainClass"))).isEqualTo("${exec.mainClass}");
        String mainClass = text(child(child(project, "properties"), "exec.mainClass"));
        assertThat(mainClass).isEqualTo(co.mesa.Application.class.getName());
    }

    @Test
    void carriesTheChartsJvmOptionsAsADefaultTheChartCanReplace() {
        // Jib's jvmFlags come after JAVA_TOOL_OPTIONS on the command line: a sizing flag there would silently override
        // the chart's javaToolOptions, and a collector there beside another in javaToolOptions stops the JVM
        // ("Multiple garbage collectors selected"). So the image has none, and carries the chart's options as its
        // default JAVA_TOOL_OPTIONS, which the pod's env replaces (decision 0038).
        assertThat(children(child(container(), "jvmFlags"), "jvmFlag")).isEmpty();
        String image = text(child(child(container(), "environment"), "JAVA_TOOL_OPTIONS"));
        assertThat(image).isEqualTo(values.at("/javaToolOptions").asText())
                .contains("-XX:MaxRAMPercentage=", "-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=/tmp");
    }

    @Test
    void exposesAndListensOnTheChartsPort() {
        List<String> ports = children(child(container(), "ports"), "port").stream().map(ImageRecipeTest::text).toList();
        String chartPort = values.at("/http/port").asText();
        assertThat(ports).containsExactly(chartPort);
        Element env = child(container(), "environment");
        assertThat(text(child(env, "MESA_HTTP_HOST"))).isEqualTo("0.0.0.0");
        assertThat(text(child(env, "MESA_HTTP_PORT"))).isEqualTo(chartPort);
    }

    @Test
    void startsFromAJava17RuntimeImage() {
        String from = text(child(child(configuration(), "from"), "image"));
        assertThat(from).isEqualTo("${image.base}");
        Element profileProps = (Element) jib.getParentNode().getParentNode().getParentNode();
        assertThat(text(child(child(profileProps, "properties"), "image.base"))).matches(".*:17(\\.[0-9.]+)?-jre.*");
    }

    // ---------------------------------------------------------------------------------------------

    private static Element configuration() {
        return child(jib, "configuration");
    }

    private static Element container() {
        return child(configuration(), "container");
    }

    private static Element child(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        if (parent == null) {
            return found;
        }
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e && e.getTagName().equals(name)) {
                found.add(e);
            }
        }
        return found;
    }

    private static String text(Element e) {
        assertThat(e).as("element").isNotNull();
        return e.getTextContent().trim();
    }
}
