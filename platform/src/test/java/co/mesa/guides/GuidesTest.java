package co.mesa.guides;

import co.mesa.identity.PlatformRealm;
import co.mesa.identity.Roles;
import co.mesa.identity.SessionCookieAuthenticationFetcher;
import co.mesa.testsupport.CaseApi;
import co.mesa.testsupport.MesaPlatform;
import co.mesa.testsupport.NeedsKeycloak;
import co.mesa.testsupport.TestRealms;
import co.mesa.testsupport.TestSessions;
import co.mesa.web.page.PageRoutes;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guides served in the product (issue 22), with real sessions: every page route's HTML carries an
 * "Ayuda" link that opens an existing section of a guide its reader may read; the guides render on both
 * entities in both languages with each entity's own notes and never the other's; their pictures are served.
 */
@NeedsKeycloak
class GuidesTest {

    static final String FP = "funcion-publica.localhost";
    static final String PS = "prosperidad-social.localhost";
    static final String PLATFORM = "mesa.localhost";
    static final Pattern HELP = Pattern.compile("<a class=\"help-link\" href=\"([^\"]+)\"");

    static MesaPlatform platform;
    static String caseId;
    /** Sessions by who holds them, and the roles each one has. */
    static final Map<String, String> sessions = new LinkedHashMap<>();
    static final Map<String, List<String>> roles = new LinkedHashMap<>();

    @BeforeAll
    static void sessions() {
        platform = MesaPlatform.get();
        CaseApi api = new CaseApi();
        platform.bean(PlatformRealm.class).provision();
        user("fp-requester", "funcion-publica", FP, "gu-requester", List.of(Roles.REQUESTER));
        user("fp-agent", "funcion-publica", FP, "gu-agent", List.of(Roles.REQUESTER, Roles.AGENT));
        user("fp-supervisor", "funcion-publica", FP, "gu-supervisor", List.of(Roles.REQUESTER, Roles.AGENT, Roles.SUPERVISOR));
        user("fp-admin", "funcion-publica", FP, "gu-admin", List.of(Roles.REQUESTER, Roles.TENANT_ADMIN));
        user("ps-admin", "prosperidad-social", PS, "gu-admin", List.of(Roles.REQUESTER, Roles.TENANT_ADMIN));
        user("operator", PlatformRealm.DEFAULT_REALM, PLATFORM, "gu-operator", List.of(Roles.OPERATOR));
        String token = api.token("funcion-publica", "gu-requester", Roles.REQUESTER);
        HttpResponse<String> filed = api.create(FP, token, CaseApi.obj("origin", "portal", "service", "acceso-remoto",
                "template", "acceso-remoto", "title", "Caso para recorrer la ayuda", "description", "Para las guías.",
                "impact", "moderado", "urgency", "medio", "fields", CaseApi.obj("telefono-contacto", "601 555 0102")));
        assertThat(filed.statusCode()).as(filed.body()).isEqualTo(201);
        caseId = CaseApi.json(filed).get("id").asText();
    }

    static void user(String who, String realm, String host, String username, List<String> userRoles) {
        TestRealms.ensureUser(realm, username, "Gu", who, userRoles);
        sessions.put(who, TestSessions.signIn(host, username));
        roles.put(who, userRoles);
    }

    static HttpResponse<String> get(String host, String path, String who, String lang) {
        HttpRequest.Builder b = platform.request(host, path).header("Accept", "text/html");
        List<String> cookies = new ArrayList<>();
        if (who != null) {
            cookies.add(SessionCookieAuthenticationFetcher.COOKIE + "=" + sessions.get(who));
        }
        if (lang != null) {
            cookies.add("mesa_lang=" + lang);
        }
        if (!cookies.isEmpty()) {
            b.header("Cookie", String.join("; ", cookies));
        }
        return platform.send(b.GET().build());
    }

    @Test
    void everyPageHasAHelpLinkToAnExistingSectionItsReaderMayOpen() {
        List<UriRouteInfo<?, ?>> routes = platform.bean(Router.class).uriRoutes()
                .filter(r -> PageRoutes.ours(r) && PageRoutes.isPagePath(r.getUriMatchTemplate().toString()))
                .filter(r -> r.getHttpMethodName().equals("GET")).toList();
        List<String> failures = new ArrayList<>();
        List<String> checked = new ArrayList<>();
        for (UriRouteInfo<?, ?> r : routes) {
            List<String> allowed = Arrays.asList(r.getTargetMethod().getAnnotationMetadata().stringValues(Secured.class));
            String path = r.getUriMatchTemplate().toString().replaceAll("\\{[?&][^}]*}", "")
                    .replace("{id}", r.getUriMatchTemplate().toString().startsWith("/operador") ? "x" : caseId)
                    .replace("{templateKey}", "acceso-remoto").replace("{service}", "acceso-remoto")
                    .replace("{template}", "acceso-remoto").replace("{line}", "mesa-primer-nivel").replace("{slug}", "funcion-publica")
                    .replace("{token}", "enlace-desconocido").replace("{fileId}", "00000000-0000-4000-8000-000000000000");
            boolean platformOnly = PageRoutes.platformOnly(r);
            List<String> readers = new ArrayList<>();
            if (allowed.contains(SecurityRule.IS_ANONYMOUS) && !platformOnly) {
                readers.add(null);
            }
            for (var e : roles.entrySet()) {
                boolean platformSession = e.getKey().equals("operator");
                if (platformSession == platformOnly && (allowed.contains(SecurityRule.IS_ANONYMOUS)
                        || allowed.contains(SecurityRule.IS_AUTHENTICATED) || e.getValue().stream().anyMatch(allowed::contains))
                        && !e.getKey().startsWith("ps-")) {
                    readers.add(e.getKey());
                }
            }
            for (String who : readers) {
                String host = platformOnly ? PLATFORM : FP;
                HttpResponse<String> page = get(host, path, who, null);
                String type = page.headers().firstValue("Content-Type").orElse("");
                if (!type.startsWith("text/html")) {
                    continue; // a PDF, a script's JSON, a redirect: not a page a person reads
                }
                Matcher help = HELP.matcher(page.body());
                if (!help.find()) {
                    failures.add(path + " as " + who + ": no help link (" + page.statusCode() + ")");
                    continue;
                }
                String link = help.group(1);
                String[] parts = link.split("#", 2);
                HttpResponse<String> guide = get(host, parts[0], who, null);
                if (guide.statusCode() != 200) {
                    failures.add(path + " as " + who + ": " + link + " answered " + guide.statusCode());
                } else if (parts.length == 2 && !guide.body().contains("id=\"" + parts[1] + "\"")) {
                    failures.add(path + " as " + who + ": " + link + " has no such section");
                }
                checked.add(path + " as " + who + " → " + link);
            }
        }
        assertThat(failures).as("pages without a working help link").isEmpty();
        assertThat(checked).as("pages checked").hasSizeGreaterThan(30);
        // The links go where each role reads: agents to the agent's guide, supervisors to theirs.
        assertThat(checked).contains("/consola/cola as fp-agent → /ayuda/agente#cola",
                "/consola/cola as fp-supervisor → /ayuda/supervisor#cola",
                "/admin/calendarios as fp-admin → /ayuda/administrador#calendarios",
                "/mis-casos as fp-requester → /ayuda/solicitante#mis-casos",
                "/operador as operator → /ayuda/operador#entidades");
    }

    @Test
    void theGuidesRenderOnBothEntitiesInBothLanguagesWithEachEntitysOwnNotesOnly() {
        String fpNote = "usuario de dominio y la contraseña de red";
        String psNote = "mismo usuario y contraseña de su computador";
        HttpResponse<String> fp = get(FP, "/ayuda/solicitante", null, null);
        assertThat(fp.statusCode()).isEqualTo(200);
        assertThat(fp.body()).contains("Guía del solicitante", "id=\"confirmar-solucion\"", fpNote, "Nota de")
                .doesNotContain(psNote);
        HttpResponse<String> ps = get(PS, "/ayuda/solicitante", null, null);
        assertThat(ps.body()).contains("Guía del solicitante", psNote).doesNotContain(fpNote);
        HttpResponse<String> fpEn = get(FP, "/ayuda/solicitante", null, "en");
        assertThat(fpEn.body()).contains("Requester&#x27;s guide", "domain username and network password")
                .doesNotContain(fpNote).doesNotContain("same username and password as your computer");
        HttpResponse<String> psEn = get(PS, "/ayuda/administrador", "ps-admin", "en");
        assertThat(psEn.statusCode()).isEqualTo(200);
        assertThat(psEn.body()).contains("id=\"marca\"", "Logo and colours");
        HttpResponse<String> agentFp = get(FP, "/ayuda/agente", "fp-agent", null);
        assertThat(agentFp.body()).contains("Nueva", "Asignada").doesNotContain("En proceso");
        HttpResponse<String> operator = get(PLATFORM, "/ayuda/operador", "operator", null);
        assertThat(operator.statusCode()).isEqualTo(200);
        assertThat(operator.body()).contains("id=\"alta\"", "Dar de alta una entidad");
        // The index lists what the person may read, and no more.
        assertThat(get(FP, "/ayuda", null, null).body()).contains("/ayuda/solicitante").doesNotContain("/ayuda/agente");
        assertThat(get(FP, "/ayuda", "fp-supervisor", null).body()).contains("/ayuda/agente", "/ayuda/supervisor")
                .doesNotContain("/ayuda/administrador");
    }

    @Test
    void aGuideForAnotherRoleIsRefusedAndItsPicturesAreServed() {
        assertThat(get(FP, "/ayuda/agente", "fp-requester", null).statusCode()).isEqualTo(403);
        assertThat(get(FP, "/ayuda/administrador", "fp-agent", null).statusCode()).isEqualTo(403);
        assertThat(get(FP, "/ayuda/operador", "fp-admin", null).statusCode()).isNotEqualTo(200);
        Matcher img = Pattern.compile("src=\"(/assets/guias/img/[^\"]+\\.png)\"")
                .matcher(get(FP, "/ayuda/solicitante", null, null).body());
        assertThat(img.find()).isTrue();
        HttpResponse<byte[]> png = platform.sendBytes(platform.request(FP, img.group(1)).GET().build());
        assertThat(png.statusCode()).isEqualTo(200);
        assertThat(png.headers().firstValue("Content-Type").orElse("")).startsWith("image/png");
    }
}
