package co.mesa.guides;

import co.mesa.identity.Roles;
import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.I18n;
import co.mesa.web.page.PageShell;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The role guides on an entity's host (issue 22), in its theme and the page's language, with the
 * entity's own notes (tenant data {@code settings.guideNotes}) at the start of their sections. The
 * requester's guide and the index are public; each other guide is for its role.
 */
@Controller("/ayuda")
@Hidden
@Produces(MediaType.TEXT_HTML)
public class GuidePagesController {

    private final PageShell shell;
    private final Guides guides;

    public GuidePagesController(PageShell shell, Guides guides) {
        this.shell = shell;
        this.guides = guides;
    }

    /** The guides this person may read (the requester's for everyone). */
    @Get
    @Secured(SecurityRule.IS_ANONYMOUS)
    public HttpResponse<?> index(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth) {
        PageShell.Page page = shell.page(tenant, request, auth);
        List<Map<String, Object>> list = new ArrayList<>();
        var roles = auth == null ? Set.<String>of() : auth.getRoles();
        for (Guide g : Guide.values()) {
            if (!g.platform() && g.readableBy(roles)) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("path", g.path());
                item.put("name", page.t("guide.name." + g.id()));
                list.add(item);
            }
        }
        return page.render("guides/index", page.t("guide.index.title"), Map.of("guides", list));
    }

    @Get("/solicitante")
    @Secured(SecurityRule.IS_ANONYMOUS)
    public HttpResponse<?> requester(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth) {
        return render(tenant, request, auth, Guide.SOLICITANTE);
    }

    @Get("/agente")
    @Secured({Roles.AGENT, Roles.SUPERVISOR})
    public HttpResponse<?> agent(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth) {
        return render(tenant, request, auth, Guide.AGENTE);
    }

    @Get("/supervisor")
    @Secured(Roles.SUPERVISOR)
    public HttpResponse<?> supervisor(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth) {
        return render(tenant, request, auth, Guide.SUPERVISOR);
    }

    @Get("/administrador")
    @Secured(Roles.TENANT_ADMIN)
    public HttpResponse<?> admin(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth) {
        return render(tenant, request, auth, Guide.ADMINISTRADOR);
    }

    private HttpResponse<?> render(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth, Guide guide) {
        PageShell.Page page = shell.page(tenant, request, auth);
        var settings = tenant.config().settings();
        String entity = I18n.resolve(tenant.config().tenant().shortName(), page.languages());
        return page.render("guides/guide", page.t("guide.name." + guide.id()),
                model(guides.document(guide, page.locale()), section -> settings.guideNote(guide.id(), section)
                        .map(note -> guides.note(page.label(note))).orElse(null), page.t("guide.note", entity)));
    }

    /** The template's model: the guide's parts, each section with the entity's note (HTML) or none. */
    static Map<String, Object> model(Guides.Document doc, java.util.function.Function<String, String> notes, String noteTitle) {
        List<Map<String, Object>> sections = new ArrayList<>();
        for (Guides.Section s : doc.sections()) {
            Map<String, Object> m = new HashMap<>();
            m.put("id", s.id());
            m.put("title", s.title());
            m.put("html", s.html());
            m.put("note", notes.apply(s.id()));
            m.put("noteTitle", noteTitle);
            sections.add(m);
        }
        Map<String, Object> model = new HashMap<>();
        model.put("title", doc.title());
        model.put("intro", doc.intro());
        model.put("sections", sections);
        return model;
    }
}
