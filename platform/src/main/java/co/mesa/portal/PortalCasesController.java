package co.mesa.portal;

import co.mesa.identity.PeopleService;
import co.mesa.shared.ProblemException;
import co.mesa.tenant.TenantContext;
import co.mesa.ticket.ActionKind;
import co.mesa.ticket.CaseActions;
import co.mesa.ticket.CaseRequests;
import co.mesa.ticket.CaseService;
import co.mesa.ticket.CaseView;
import co.mesa.web.page.MultipartForm;
import co.mesa.web.page.PageShell;
import co.mesa.web.page.PageUploads;
import co.mesa.web.page.QueryString;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
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
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A case as its requester sees it ({@code /casos/{id}}), with the actions they may take now: answer the
 * agent's question, confirm the solution or refuse it with a reason. An answer and a refusal may carry
 * files (a screenshot of the error, the document asked for): stored first, within the entity's limits,
 * and kept only if the action is taken.
 */
@Controller
@Hidden
@Secured(SecurityRule.IS_AUTHENTICATED) // anyone signed in on this entity's host (decision 0016)
@Produces(MediaType.TEXT_HTML)
public class PortalCasesController {

    /** The actions a requester takes, as the case feature declares them. */
    private static final Set<String> REQUESTER_KINDS = java.util.Arrays.stream(ActionKind.values())
            .filter(k -> k.side() == ActionKind.Side.REQUESTER).map(ActionKind::key).collect(java.util.stream.Collectors.toSet());
    private static final Map<String, String> DONE = Map.of("respuesta", "portal.case.done.answer",
            "confirmada", "portal.case.done.confirm", "rechazada", "portal.case.done.refuse");

    private final PageShell shell;
    private final PortalSupport support;
    private final CaseService cases;
    private final CaseActions actions;
    private final PeopleService people;
    private final PageUploads uploads;
    private final co.mesa.ticket.CaseSurveys surveys;

    private final co.mesa.shared.Clocks clocks;
    private final co.mesa.ticket.AutoCloseTime autoClose;

    public PortalCasesController(PageShell shell, PortalSupport support, CaseService cases, CaseActions actions,
                                 PeopleService people, PageUploads uploads, co.mesa.ticket.CaseSurveys surveys,
                                 co.mesa.shared.Clocks clocks, co.mesa.ticket.AutoCloseTime autoClose) {
        this.clocks = clocks;
        this.autoClose = autoClose;
        this.surveys = surveys;
        this.shell = shell;
        this.support = support;
        this.cases = cases;
        this.actions = actions;
        this.people = people;
        this.uploads = uploads;
    }

    @Get("/casos/{id}{?accion,hecho}")
    public HttpResponse<?> show(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                @PathVariable String id, @Nullable @QueryValue String accion, @Nullable @QueryValue String hecho) {
        PageShell.Page page = shell.page(tenant, request, auth);
        Optional<UUID> caseId = CaseService.uuid(id);
        Optional<CaseView> view = caseId.flatMap(x -> cases.get(tenant, auth, x, page.languages()));
        if (view.isEmpty()) {
            return PortalSupport.notFound(page);
        }
        if (page.agent() && !isRequester(page, view.get())) {
            return PageShell.Page.redirect("/consola/casos/" + QueryString.encode(view.get().id()));
        }
        State state = new State();
        state.focus = "confirmar".equals(accion) ? "confirm" : "rechazar".equals(accion) ? "refuse" : null;
        state.success = hecho == null || !DONE.containsKey(hecho) ? null : page.t(DONE.get(hecho));
        return render(page, view.get(), state);
    }

    @Post(value = "/casos/{id}/responder", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> answer(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                  @PathVariable String id, @Body Map<String, String> form) {
        return act(tenant, request, auth, id, form, List.of(), ActionKind.ANSWER, "answer", "respuesta");
    }

    /** The answer form as the page sends it: multipart, with the files the requester chose. */
    @Post(value = "/casos/{id}/responder", consumes = MediaType.MULTIPART_FORM_DATA)
    public Mono<HttpResponse<?>> answerWithFiles(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                                @PathVariable String id, @Body MultipartBody body) {
        return withFiles(body, (form, files) -> act(tenant, request, auth, id, form, files, ActionKind.ANSWER, "answer",
                "respuesta"));
    }

    @Post(value = "/casos/{id}/confirmar", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> confirm(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                   @PathVariable String id, @Body Map<String, String> form) {
        return act(tenant, request, auth, id, form, List.of(), ActionKind.CONFIRM_SOLUTION, "confirm", "confirmada");
    }

    @Post(value = "/casos/{id}/rechazar", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> refuse(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                  @PathVariable String id, @Body Map<String, String> form) {
        return act(tenant, request, auth, id, form, List.of(), ActionKind.REFUSE_SOLUTION, "refuse", "rechazada");
    }

    /** The refusal form as the page sends it: multipart, with the files the requester chose. */
    @Post(value = "/casos/{id}/rechazar", consumes = MediaType.MULTIPART_FORM_DATA)
    public Mono<HttpResponse<?>> refuseWithFiles(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                                @PathVariable String id, @Body MultipartBody body) {
        return withFiles(body, (form, files) -> act(tenant, request, auth, id, form, files, ActionKind.REFUSE_SOLUTION,
                "refuse", "rechazada"));
    }

    /**
     * Parts are collected on the event loop; the work (uploads, the action: JDBC) runs on the blocking
     * side. Text fields: their first value; files: those of the {@code files} input.
     */
    private static Mono<HttpResponse<?>> withFiles(MultipartBody body,
            java.util.function.BiFunction<Map<String, String>, List<CompletedFileUpload>, HttpResponse<?>> then) {
        return Flux.from(body)
                .collectList()
                .publishOn(Schedulers.boundedElastic())
                .map(parts -> {
                    MultipartForm multipart = MultipartForm.of(parts);
                    return then.apply(multipart.firstValues(), multipart.files("files"));
                });
    }

    /** What a re-rendered case page carries besides the case: notices, the typed note, an error, the focus. */
    private static final class State {
        @Nullable String focus;
        @Nullable String success;
        @Nullable String notice;
        @Nullable String noteFor;
        @Nullable String note;
        @Nullable String errorFor;
        @Nullable String error;
        /** A refused file, or files that were dropped because the action was not taken. */
        @Nullable String filesError;
        @Nullable String filesAgain;
    }

    private HttpResponse<?> act(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth, String id,
                                Map<String, String> form, List<CompletedFileUpload> files, ActionKind kind,
                                String formKey, String done) {
        PageShell.Page page = shell.page(tenant, request, auth);
        Optional<UUID> caseId = CaseService.uuid(id);
        if (caseId.isEmpty()) {
            return PortalSupport.notFound(page);
        }
        Integer version;
        try {
            version = Integer.valueOf(form.getOrDefault("version", "").strip());
        } catch (NumberFormatException e) {
            version = -1;
        }
        String note = form.get("note");
        State state = new State();
        state.focus = formKey;
        state.noteFor = formKey;
        state.note = note;
        // The files first, within the entity's limits; any refused: none is kept, the action is not taken.
        List<String> uploaded = List.of();
        if (!files.isEmpty() && kind != ActionKind.CONFIRM_SOLUTION) {
            PageUploads.Stored stored = uploads.store(page, auth, files);
            if (stored.refused()) {
                state.errorFor = formKey;
                state.filesError = stored.error();
                Optional<CaseView> fresh = cases.get(tenant, auth, caseId.get(), page.languages());
                if (fresh.isEmpty()) {
                    return PortalSupport.notFound(page);
                }
                return render(page, fresh.get(), state).status(stored.status());
            }
            uploaded = stored.ids();
        }
        try {
            actions.act(tenant, auth, caseId.get(), version, new CaseRequests.Action(kind.key(),
                    note, null, null, null, null, null, null, null, null, uploaded.isEmpty() ? null : uploaded),
                    page.languages());
            return PageShell.Page.redirect("/casos/" + QueryString.encode(caseId.get().toString()) + "?hecho=" + done);
        } catch (ProblemException e) {
            uploads.discard(page, auth, uploaded);
            if (e.status() == HttpStatus.NOT_FOUND) {
                return PortalSupport.notFound(page);
            }
            if (e.status() == HttpStatus.PRECONDITION_FAILED) {
                state.notice = page.t("shell.error.conflict.title") + " " + page.t("shell.error.conflict.detail");
            } else if (!e.paramErrors().isEmpty()) {
                ProblemException.ParamError p = e.paramErrors().get(0);
                state.errorFor = formKey;
                state.error = page.platformMessage(p.key(), p.arguments());
            } else {
                state.notice = page.problemDetail(e);
            }
            if (!uploaded.isEmpty()) {
                state.filesAgain = page.t("portal.case.files.again");
            }
        } catch (RuntimeException e) {
            uploads.discard(page, auth, uploaded);
            throw e;
        }
        Optional<CaseView> fresh = cases.get(tenant, auth, caseId.get(), page.languages());
        if (fresh.isEmpty()) {
            return PortalSupport.notFound(page);
        }
        HttpStatus status = state.error != null ? HttpStatus.UNPROCESSABLE_ENTITY : HttpStatus.CONFLICT;
        return render(page, fresh.get(), state).status(status);
    }

    private Optional<co.mesa.ticket.SurveyView> surveyOf(PageShell.Page page, CaseView c) {
        try {
            return isRequester(page, c) ? surveys.forCase(page.tenant(), page.auth(), UUID.fromString(c.id()), page.languages())
                    : Optional.empty();
        } catch (ProblemException e) {
            return Optional.empty();
        }
    }

    private boolean isRequester(PageShell.Page page, CaseView c) {
        String me = support.me(page).id().toString();
        return me.equals(c.requester().id()) || me.equals(c.registeredBy().id());
    }

    private MutableHttpResponse<String> render(PageShell.Page page, CaseView c, State state) {
        Map<String, Object> model = new HashMap<>();
        model.put("case", PortalCases.summary(page, c));
        model.put("sla", PortalCases.sla(page, c.sla()));
        // The SLA explained and when a solved case closes by itself (issue 20).
        model.put("slaTimeline", co.mesa.web.page.SlaTimeline.of(page, c.sla(), c.closedAt(), clocks.clock().instant()));
        model.put("autoClosesAt", autoClose.at(page.tenant(), c.state().key(), c.resolvedAt(), c.closedAt()).orElse(null));
        model.put("events", PortalCases.events(c));
        model.put("fields", PortalCases.fields(page, c, people.names(page.tenant(), PortalCases.personIds(page, c))));
        model.put("attachments", PortalCases.attachments(c));
        model.put("success", state.success);
        model.put("notice", state.notice);
        Map<String, Object> actionModel = new LinkedHashMap<>();
        for (CaseView.ActionOption a : c.availableActions()) {
            if (!REQUESTER_KINDS.contains(a.kind())) {
                continue;
            }
            String key = a.kind().equals(ActionKind.ANSWER.key()) ? "answer"
                    : a.kind().equals(ActionKind.CONFIRM_SOLUTION.key()) ? "confirm" : "refuse";
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", a.name());
            m.put("noteLabel", a.noteLabel() != null ? a.noteLabel() : page.t("portal.case." + key + ".note"));
            m.put("note", key.equals(state.noteFor) ? state.note : null);
            m.put("error", key.equals(state.errorFor) ? state.error : null);
            m.put("focus", key.equals(state.focus));
            if (!"confirm".equals(key)) {
                m.put("filesHelp", page.t("portal.case.files.help", page.tenant().config().settings().attachments().maxSizeMb()));
                m.put("filesError", key.equals(state.errorFor) ? state.filesError : null);
                m.put("filesAgain", key.equals(state.noteFor) ? state.filesAgain : null);
            }
            actionModel.put(key, m);
        }
        model.put("actions", actionModel.isEmpty() ? null : actionModel);
        model.put("resolution", actionModel.containsKey("confirm") || actionModel.containsKey("refuse"));
        // The satisfaction survey beside Correcta/Incorrecta (or after a rejection), while open or once answered.
        surveyOf(page, c).filter(s -> s.mayAnswer() || s.answeredAt() != null).ifPresent(s -> model.put("survey", s));
        List<Map<String, Object>> summary = new ArrayList<>();
        if (state.error != null) {
            summary.add(PortalSupport.summaryEntry(state.errorFor + "-note",
                    String.valueOf(((Map<?, ?>) actionModel.getOrDefault(state.errorFor, Map.of())).get("noteLabel")), state.error));
        }
        if (state.filesError != null) {
            summary.add(PortalSupport.summaryEntry(state.errorFor + "-files", page.t("portal.case.files"), state.filesError));
        }
        if (!summary.isEmpty()) {
            model.put("summary", summary);
        }
        return page.render("portal/case", page.t("portal.case.title", c.code()), model);
    }
}
