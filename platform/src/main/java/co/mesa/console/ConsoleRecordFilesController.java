package co.mesa.console;

import co.mesa.identity.Roles;
import co.mesa.record.RecordAttachments;
import co.mesa.record.RecordService;
import co.mesa.record.RecordView;
import co.mesa.shared.ProblemException;
import co.mesa.tenant.TenantContext;
import co.mesa.ticket.AttachmentService;
import co.mesa.ticket.CaseService;
import co.mesa.web.page.MultipartForm;
import co.mesa.web.page.PageShell;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.multipart.CompletedFileUpload;
import io.micronaut.http.server.multipart.MultipartBody;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Hidden;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Attaching files to a problem from its page (issue 26): every chosen file is checked against the entity's limits
 * first, so either all are stored or, when one is refused, none — and the page says which and why.
 */
@Controller
@Hidden
@Secured({Roles.AGENT, Roles.SUPERVISOR})
@Produces(MediaType.TEXT_HTML)
public class ConsoleRecordFilesController {

    private final PageShell shell;
    private final RecordService records;
    private final RecordAttachments attachments;
    private final ConsoleProblemPage problemPage;

    public ConsoleRecordFilesController(PageShell shell, RecordService records, RecordAttachments attachments,
                                        ConsoleProblemPage problemPage) {
        this.shell = shell;
        this.records = records;
        this.attachments = attachments;
        this.problemPage = problemPage;
    }

    @Post(value = "/consola/problemas/{id}/archivos", consumes = MediaType.MULTIPART_FORM_DATA)
    public Mono<HttpResponse<?>> upload(TenantContext tenant, HttpRequest<?> request, Authentication auth,
                                        @PathVariable String id, @Body MultipartBody body) {
        return Flux.from(body).collectList().publishOn(Schedulers.boundedElastic())
                .map(parts -> store(tenant, request, auth, id, MultipartForm.of(parts).files("archivos")));
    }

    private HttpResponse<?> store(TenantContext tenant, HttpRequest<?> request, Authentication auth, String id,
                                  List<CompletedFileUpload> files) {
        PageShell.Page page = shell.page(tenant, request, auth);
        Optional<RecordView> v = tenant.config().workflow().record(RecordService.PROBLEM).isEmpty() ? Optional.empty()
                : CaseService.uuid(id).flatMap(rid -> records.get(tenant, auth, RecordService.PROBLEM, rid, page.locale()));
        if (v.isEmpty()) {
            return page.error(HttpStatus.NOT_FOUND, "shell.error.notfound.title", "shell.error.notfound.detail");
        }
        List<CompletedFileUpload> chosen = files.stream()
                .filter(f -> f.getFilename() != null && !f.getFilename().isBlank()).toList();
        if (chosen.isEmpty()) {
            return refused(page, tenant, v.get(), HttpStatus.UNPROCESSABLE_ENTITY, page.t("console.records.files.empty"));
        }
        try {
            List<byte[]> contents = new ArrayList<>();
            List<String> refusals = new ArrayList<>();
            HttpStatus status = null;
            for (CompletedFileUpload f : chosen) {
                byte[] content = f.getBytes();
                contents.add(content);
                try {
                    AttachmentService.check(tenant.config().settings().attachments(), f.getFilename(),
                            f.getContentType().map(MediaType::toString).orElse(null), content);
                } catch (ProblemException e) {
                    String reason = e.paramErrors().isEmpty() ? page.problemDetail(e)
                            : page.platformMessage(e.paramErrors().get(0).key(), e.paramErrors().get(0).arguments());
                    refusals.add(f.getFilename() + ": " + reason);
                    status = status == null ? e.status() : status;
                }
            }
            if (status != null) {
                return refused(page, tenant, v.get(), status, String.join(" ", refusals));
            }
            UUID rid = UUID.fromString(v.get().id());
            for (int i = 0; i < chosen.size(); i++) {
                attachments.upload(tenant, auth, rid, chosen.get(i).getFilename(),
                        chosen.get(i).getContentType().map(MediaType::toString).orElse(null), contents.get(i));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ProblemException e) {
            return refused(page, tenant, v.get(), e.status(), page.problemDetail(e));
        }
        return PageShell.Page.redirect("/consola/problemas/" + v.get().id() + "?aviso=archivo");
    }

    private HttpResponse<?> refused(PageShell.Page page, TenantContext tenant, RecordView v, HttpStatus status, String why) {
        return problemPage.render(page, tenant, v, null, "files", new ConsoleProblemPage.Form(Map.of(), Map.of(), why))
                .status(status);
    }
}
