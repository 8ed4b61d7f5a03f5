package co.mesa.console;

import co.mesa.identity.Roles;
import co.mesa.shared.ProblemException;
import co.mesa.tenant.TenantContext;
import co.mesa.ticket.ActionKind;
import co.mesa.ticket.CaseActions;
import co.mesa.ticket.CaseRequests;
import co.mesa.ticket.CaseService;
import co.mesa.ticket.CaseView;
import co.mesa.web.page.CsrfRefusalPage;
import co.mesa.web.page.MultipartForm;
import co.mesa.web.page.PageShell;
import co.mesa.web.page.PageUploads;
import co.mesa.web.page.PostedFields;
import co.mesa.web.page.QueryString;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.multipart.CompletedFileUpload;
import io.micronaut.http.server.multipart.MultipartBody;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Hidden;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import static co.mesa.console.ConsolePages.blankToNull;
import static co.mesa.console.ConsolePages.errorList;
import static co.mesa.console.ConsolePages.notFound;
import static co.mesa.console.ConsolePages.tab;

/**
 * The console's case page (issue 8, agent side): five tabs, and a form for every action the case allows
 * now, with files. Agents and supervisors only (declared: decision 0016); others get the 403 page.
 */
@Controller
@Hidden
@Secured({Roles.AGENT, Roles.SUPERVISOR})
@Produces(MediaType.TEXT_HTML)
public class ConsoleCaseController implements CsrfRefusalPage {

    /**
     * Form fields an action form sends (besides kind, version and csrf): the note, each field an action kind
     * declares ({@link ActionKind.Field}), and the notification's.
     */
    private static final List<String> ACTION_FIELDS = Stream.concat(Stream.concat(Stream.of("note"),
                    Stream.of(ActionKind.Field.values()).flatMap(f -> ConsoleActionForms.params(f).stream())),
            ConsoleActionForms.NOTIFY_FIELDS.stream()).distinct().toList();

    /** Errors on parts without a field of their own point at the field that carries them. */
    private static final Map<String, String> FIELD_OF = Map.of("transition", "note", "kind", "note", "service", "category",
            "body", "note");

    private final PageShell shell;
    private final CaseService cases;
    private final CaseActions actions;
    private final PageUploads uploads;
    private final ConsoleCaseModel caseModel;

    public ConsoleCaseController(PageShell shell, CaseService cases, CaseActions actions, PageUploads uploads,
                                 ConsoleCaseModel caseModel) {
        this.shell = shell;
        this.cases = cases;
        this.actions = actions;
        this.uploads = uploads;
        this.caseModel = caseModel;
    }

    @Get("/consola/casos/{id}")
    public HttpResponse<?> casePage(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                    @PathVariable String id, @Nullable @QueryValue String pestana,
                                    @Nullable @QueryValue String aviso) {
        PageShell.Page page = shell.page(tenant, request, auth);
        Optional<CaseView> view = find(tenant, auth, id, page);
        if (view.isEmpty()) {
            return notFound(page);
        }
        Map<String, Object> model = caseModel.of(tenant, page, view.get(), tab(pestana));
        String done = ConsolePages.noticeFor(tenant.config(), page, aviso);
        if (done != null) {
            model.put("notice", page.t("console.case.done", done));
        }
        return page.render("console/case", page.t("console.case.title", view.get().code()), model);
    }

    @Post("/consola/casos/{id}/acciones")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> act(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                               @PathVariable String id, @Body Map<String, String> form) {
        return act(tenant, request, auth, id, form, List.of());
    }

    /**
     * The action forms as the page sends them: multipart, with the files the agent chose. Parts are
     * collected on the event loop, then the work (uploads, the action: JDBC) moves to the blocking pool.
     */
    @Post(value = "/consola/casos/{id}/acciones", consumes = MediaType.MULTIPART_FORM_DATA)
    public Mono<HttpResponse<?>> actWithFiles(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                             @PathVariable String id, @Body MultipartBody body) {
        return Flux.from(body)
                .collectList()
                .publishOn(Schedulers.boundedElastic())
                .map(parts -> {
                    MultipartForm multipart = MultipartForm.of(parts);
                    return act(tenant, request, auth, id, multipart.firstValues(), multipart.files("files"));
                });
    }

    /**
     * An agent whose form lost its CSRF token (e.g. a new session), refused by the pages' CSRF filter: nothing
     * is stored; the page comes back with what they typed, and a fresh token to send it again.
     */
    @Override
    public Optional<HttpResponse<?>> csrfRefused(@Nullable TenantContext tenant, HttpRequest<?> request, Authentication auth,
                                                 Map<String, Object> variables, PostedFields fields) {
        Object id = variables.get("id");
        if (tenant == null || id == null) {
            return Optional.empty();
        }
        PageShell.Page page = shell.page(tenant, request, auth);
        return find(tenant, auth, id.toString(), page).map(fresh -> failure(tenant, page, fresh, fields.values(),
                HttpStatus.FORBIDDEN, page.t("shell.error.csrf.title"), page.t("shell.error.csrf.detail"), Map.of(),
                fields.hadFiles()));
    }

    private HttpResponse<?> act(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                String id, Map<String, String> form, List<CompletedFileUpload> files) {
        PageShell.Page page = shell.page(tenant, request, auth);
        Optional<UUID> caseId = CaseService.uuid(id);
        if (caseId.isEmpty()) {
            return notFound(page);
        }
        String kind = blankToNull(form.get("kind"));
        // The files first, each checked against the entity's limits; any refused: none is kept, nothing is done.
        List<String> uploaded = List.of();
        if (!files.isEmpty() && !"notify".equals(kind)) {
            PageUploads.Stored stored = uploads.store(page, auth, files);
            if (stored.refused()) {
                Optional<CaseView> fresh = find(tenant, auth, id, page);
                if (fresh.isEmpty()) {
                    return notFound(page);
                }
                return failure(tenant, page, fresh.get(), form, stored.status(),
                        page.platformMessage("problem.attachment.invalid.title"), null, Map.of("files", stored.error()), false);
            }
            uploaded = stored.ids();
        }
        try {
            return perform(tenant, page, auth, id, caseId.get(), kind, form, uploaded);
        } catch (RuntimeException e) {
            uploads.discard(page, auth, uploaded);
            throw e;
        }
    }

    /** The action itself, with the files already stored: a refusal discards them and gives the page back. */
    private HttpResponse<?> perform(TenantContext tenant, PageShell.Page page, Authentication auth, String id, UUID caseId,
                                    @Nullable String kind, Map<String, String> form, List<String> uploaded) {
        String tab = tab(form.get("pestana"));
        Integer version = null;
        try {
            version = form.get("version") == null ? null : Integer.valueOf(form.get("version").strip());
        } catch (NumberFormatException e) {
            version = -1;
        }
        String category = blankToNull(form.get("category"));
        String service = null;
        if (category != null && category.contains("|")) {
            service = category.substring(0, category.indexOf('|'));
            category = category.substring(category.indexOf('|') + 1);
        }
        String related = blankToNull(form.get("relatedCase"));
        boolean duplicate = "true".equals(form.get("duplicate"));
        CaseRequests.Action action = new CaseRequests.Action(kind == null ? "" : kind, blankToNull(form.get("note")),
                blankToNull(form.get("substate")), blankToNull(form.get("transition")), blankToNull(form.get("group")),
                blankToNull(form.get("agentId")), service, category, related,
                "reject".equals(kind) ? Boolean.valueOf(duplicate) : null, uploaded.isEmpty() ? null : uploaded,
                blankToNull(form.get("impact")), blankToNull(form.get("urgency")), blankToNull(form.get("priority")));
        CaseView after;
        try {
            if ("notify".equals(kind)) {
                // "Notificar" (guide §15.1): an e-mail from the case, optionally with its record as PDF.
                List<String> to = form.get("to") == null ? List.of() : java.util.Arrays.stream(form.get("to").split("[,;\\s]+"))
                        .filter(x -> !x.isBlank()).toList();
                after = actions.notify(tenant, auth, caseId, version, new CaseRequests.Notify(to,
                        blankToNull(form.get("subject")), blankToNull(form.get("message")),
                        "true".equals(form.get("includePdf")), "true".equals(form.get("includeInternal"))), page.languages());
            } else {
                after = actions.act(tenant, auth, caseId, version, action, page.languages());
            }
        } catch (ProblemException e) {
            uploads.discard(page, auth, uploaded);
            Optional<CaseView> fresh = find(tenant, auth, id, page);
            if (fresh.isEmpty() || e.status() == HttpStatus.NOT_FOUND) {
                return notFound(page);
            }
            Map<String, String> errors = new LinkedHashMap<>();
            // "to/0" and the like: the recipients field; "attachments/0": the files.
            page.fieldErrors(e).forEach((k, val) -> errors.merge(k.startsWith("to/") ? "to"
                    : k.startsWith("attachments") ? "files" : k, val, (x, y) -> x + " " + y));
            String title;
            String message;
            if (e.status() == HttpStatus.PRECONDITION_FAILED) {
                title = page.t("shell.error.conflict.title");
                message = page.t("shell.error.conflict.detail");
            } else {
                title = page.platformMessage(e.titleKey());
                message = errors.isEmpty() || e.status() != HttpStatus.UNPROCESSABLE_ENTITY ? page.problemDetail(e) : null;
            }
            HttpStatus status = e.status() == HttpStatus.PRECONDITION_FAILED ? HttpStatus.CONFLICT : e.status();
            return failure(tenant, page, fresh.get(), form, status, title, message, errors, !uploaded.isEmpty());
        }
        String done = "stateChange".equals(kind) && action.transition() != null ? "t:" + action.transition() : kind;
        if (find(tenant, auth, id, page).isEmpty()) {
            return PageShell.Page.redirect(QueryString.of().add("aviso", done).add("caso", after.code()).on("/consola"));
        }
        return PageShell.Page.redirect(QueryString.of().add("pestana", tab).add("aviso", done)
                .on("/consola/casos/" + caseId));
    }

    /**
     * The case page again after a refused action: the message in the action's form, what the agent
     * typed kept, and (when files were sent and not kept) a word that they must be chosen again.
     */
    private HttpResponse<?> failure(TenantContext tenant, PageShell.Page page, CaseView fresh, Map<String, String> form,
                                    HttpStatus status, String title, @Nullable String message, Map<String, String> errors,
                                    boolean filesDropped) {
        String kind = blankToNull(form.get("kind"));
        String formKey = blankToNull(form.get("form"));
        Map<String, Object> model = caseModel.of(tenant, page, fresh, tab(form.get("pestana")));
        Map<String, Object> failure = new LinkedHashMap<>();
        failure.put("form", formKey == null ? kind : formKey);
        failure.put("title", title);
        failure.put("message", message);
        String prefix = (formKey == null ? kind : formKey) + "-";
        failure.put("errors", errors);
        failure.put("errorList", errorList(errors, prefix, FIELD_OF));
        Map<String, Object> typed = new LinkedHashMap<>();
        for (String f : ACTION_FIELDS) {
            if (form.get(f) != null) {
                typed.put(f, form.get(f));
            }
        }
        if (filesDropped && !errors.containsKey("files")) {
            typed.put("filesAgain", page.t("console.action.files.again"));
        }
        failure.put("values", typed);
        model.put("pageFailure", failure);
        ConsoleActionForms.markFailure(model, failure);
        return page.render("console/case", page.t("console.case.title", fresh.code()), model).status(status);
    }

    private Optional<CaseView> find(TenantContext tenant, Authentication auth, String id, PageShell.Page page) {
        Optional<UUID> caseId = CaseService.uuid(id);
        if (caseId.isEmpty()) {
            return Optional.empty();
        }
        return cases.get(tenant, auth, caseId.get(), page.languages());
    }
}
