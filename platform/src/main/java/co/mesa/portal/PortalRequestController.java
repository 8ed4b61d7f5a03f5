package co.mesa.portal;

import co.mesa.catalog.CatalogView;
import co.mesa.identity.PeopleService;
import co.mesa.identity.PersonView;
import co.mesa.shared.ProblemException;
import co.mesa.tenant.TenantContext;
import co.mesa.ticket.AttachmentService;
import co.mesa.ticket.CaseRequests;
import co.mesa.ticket.CaseService;
import co.mesa.ticket.CaseView;
import co.mesa.web.page.MultipartForm;
import co.mesa.web.page.PageShell;
import co.mesa.web.page.QueryString;
import co.mesa.portal.PortalRequestForm.Uploaded;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static co.mesa.portal.PortalRequestForm.CONTACT;
import static co.mesa.portal.PortalRequestForm.addError;
import static co.mesa.portal.PortalRequestForm.first;
import static co.mesa.portal.PortalRequestForm.hash;
import static co.mesa.portal.PortalRequestForm.number;
import static co.mesa.portal.PortalRequestForm.parseIndex;
import static co.mesa.portal.PortalRequestForm.render;
import static co.mesa.portal.PortalRequestForm.slotLabel;

/**
 * A template's form ({@code /solicitar/{key}}), filing it (multipart: fields and attachments, with
 * an idempotency key from the rendered form so a double submit makes one case), and the
 * confirmation with the case's code.
 */
@Controller
@Hidden
@Secured(SecurityRule.IS_AUTHENTICATED) // anyone signed in on this entity's host (decision 0016)
@Produces(MediaType.TEXT_HTML)
public class PortalRequestController {
    private final PageShell shell;
    private final PortalSupport support;
    private final CaseService cases;
    private final AttachmentService attachments;
    private final PeopleService people;
    private final co.mesa.knowledge.KnowledgeService knowledge;
    private final co.mesa.ticket.CaseActions actions;

    public PortalRequestController(PageShell shell, PortalSupport support, CaseService cases,
                                   AttachmentService attachments, PeopleService people,
                                   co.mesa.knowledge.KnowledgeService knowledge, co.mesa.ticket.CaseActions actions) {
        this.knowledge = knowledge;
        this.actions = actions;
        this.shell = shell;
        this.support = support;
        this.cases = cases;
        this.attachments = attachments;
        this.people = people;
    }

    @Get("/solicitar/{templateKey}")
    public HttpResponse<?> form(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                @PathVariable String templateKey) {
        PageShell.Page page = shell.page(tenant, request, auth);
        Optional<PortalSupport.Found> found = support.template(page, templateKey);
        if (found.isEmpty()) {
            return PortalSupport.notFound(page);
        }
        return render(page, found.get(), Map.of(), Map.of(), List.of(), List.of(), UUID.randomUUID().toString(), null,
                suggestions(page, found.get(), Map.of()));
    }

    @Post(value = "/solicitar/{templateKey}", consumes = MediaType.MULTIPART_FORM_DATA)
    public Mono<HttpResponse<?>> file(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                      @PathVariable String templateKey, @Body MultipartBody body) {
        return Flux.from(body)
                .collectList()
                .publishOn(Schedulers.boundedElastic())
                .map(parts -> {
                    MultipartForm form = MultipartForm.of(parts);
                    List<CompletedFileUpload> files = form.files().stream().filter(f -> f.getSize() > 0).toList();
                    return handle(tenant, request, auth, templateKey, form.values(), files, null);
                });
    }

    /**
     * Files the template's form: the portal's, or an agent's registration from the console (issue 20) when
     * {@code reg} is given — the same fields, attachments and validation, plus the requester, the origin and
     * the immediate solution, all in one transaction.
     */
    HttpResponse<?> handle(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                           String templateKey, Map<String, List<String>> values, List<CompletedFileUpload> files,
                           @Nullable Registration reg) {
        PageShell.Page page = shell.page(tenant, request, auth);
        Optional<PortalSupport.Found> found = support.template(page, templateKey);
        if (found.isEmpty()) {
            return PortalSupport.notFound(page);
        }
        CatalogView.TemplateView template = found.get().template();
        String idem = first(values, "idem");
        if (idem == null || idem.isBlank() || idem.length() > 100) {
            idem = UUID.randomUUID().toString();
        }
        Map<String, String> errors = new LinkedHashMap<>();
        List<Map<String, Object>> summary = new ArrayList<>();
        if (reg != null) {
            reg.errors().forEach((id, message) -> addError(errors, summary, id, reg.labels().getOrDefault(id, id), message));
        }
        // Uploads: those kept from an earlier try, then the files chosen now.
        List<Uploaded> uploaded = new ArrayList<>();
        for (String s : values.getOrDefault("uploaded", List.of())) {
            Uploaded.decode(s).ifPresent(uploaded::add);
        }
        for (CompletedFileUpload f : files) {
            String name = f.getName();
            String slot = name.startsWith("slot.") ? name.substring("slot.".length()) : null;
            String fieldId = slot == null ? "files" : "slot-" + slot;
            if (slot != null && template.attachments().stream().noneMatch(a -> a.key().equals(slot))) {
                continue;
            }
            try {
                byte[] bytes = f.getBytes();
                String type = f.getContentType().map(MediaType::toString).orElse(null);
                CaseView.AttachmentView a = attachments.upload(tenant, auth, f.getFilename(), type, bytes);
                // One file per slot: a new choice replaces the kept one.
                if (slot != null) {
                    uploaded.removeIf(u -> slot.equals(u.slot()));
                }
                uploaded.add(new Uploaded(slot, a.id(), a.fileName()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (ProblemException e) {
                String message = e.paramErrors().isEmpty() ? page.problemDetail(e)
                        : page.platformMessage(e.paramErrors().get(0).key(), e.paramErrors().get(0).arguments());
                String label = slot == null ? page.t("portal.request.files") : slotLabel(template, slot);
                addError(errors, summary, fieldId, label, f.getFilename() + ": " + message);
            }
        }
        // The case as asked.
        Map<String, Object> fields = new LinkedHashMap<>();
        for (CatalogView.FieldView field : template.fields()) {
            List<String> given = values.getOrDefault("f." + field.key(), List.of()).stream()
                    .filter(v -> v != null && !v.isBlank()).map(String::strip).toList();
            switch (field.type()) {
                case "multiselect" -> {
                    if (!given.isEmpty()) {
                        fields.put(field.key(), given);
                    }
                }
                case "checkbox" -> {
                    if (!given.isEmpty()) {
                        fields.put(field.key(), Boolean.TRUE);
                    } else if (!field.required()) {
                        fields.put(field.key(), Boolean.FALSE);
                    }
                }
                case "number" -> {
                    if (!given.isEmpty()) {
                        fields.put(field.key(), number(given.get(0)));
                    }
                }
                case "user" -> {
                    if (!given.isEmpty()) {
                        Optional<PersonView> person = person(tenant, given.get(0));
                        if (person.isPresent()) {
                            fields.put(field.key(), person.get().id().toString());
                        } else {
                            addError(errors, summary, "f-" + field.key(), field.label(),
                                    page.t("portal.request.user.unknown", given.get(0)));
                        }
                    }
                }
                default -> {
                    if (!given.isEmpty()) {
                        fields.put(field.key(), given.get(0));
                    }
                }
            }
        }
        Map<String, String> contact = new LinkedHashMap<>();
        for (String k : CONTACT) {
            String v = first(values, "contact." + k);
            if (v != null && !v.isBlank()) {
                contact.put(k, v.strip());
            }
        }
        List<CaseRequests.AttachmentRef> refs = uploaded.stream()
                .map(u -> new CaseRequests.AttachmentRef(u.id(), u.slot())).toList();
        boolean early = !errors.isEmpty();
        if (early && reg == null) {
            return render(page, found.get(), values, errors, summary, uploaded, idem, null, suggestions(page, found.get(), values), reg)
                    .status(HttpStatus.UNPROCESSABLE_ENTITY);
        }
        String title = first(values, "title");
        String description = first(values, "description");
        CaseRequests.NewCase newCase = new CaseRequests.NewCase(reg == null ? "portal" : reg.origin(), null,
                found.get().service().key(), null, template.key(), null, title, description, null, null, null,
                reg == null ? null : reg.requesterId(), contact.isEmpty() ? null : contact, fields, null,
                refs.isEmpty() ? null : refs);
        try {
            if (reg != null && early) {
                // The registration's own errors (origin, solution note) with the case's, written nowhere.
                cases.check(tenant, auth, newCase);
                return render(page, found.get(), values, errors, summary, uploaded, idem, null, List.of(), reg)
                        .status(HttpStatus.UNPROCESSABLE_ENTITY);
            }
            if (reg != null) {
                String id = cases.register(tenant, auth, newCase, "console:" + idem,
                        hash(newCase, uploaded) + "|" + reg.requesterId() + "|" + reg.origin() + "|" + reg.immediate(),
                        page.languages(), reg.immediate(), actions);
                // The General tab: who reported it and who registered it, with the notice of the registration.
                return PageShell.Page.redirect("/consola/casos/" + QueryString.encode(id) + "?pestana=general&aviso=registro");
            }
            CaseService.Created created = cases.create(tenant, auth, newCase, "portal:" + idem,
                    hash(newCase, uploaded), page.languages());
            return PageShell.Page.redirect("/solicitar/" + QueryString.encode(template.key()) + "/enviado?caso=" + QueryString.encode(created.id()));
        } catch (ProblemException e) {
            if (reg != null && reg.immediate() != null && e.paramErrors().isEmpty()
                    && (e.status() == HttpStatus.FORBIDDEN || e.status() == HttpStatus.CONFLICT)) {
                // The immediate solution was refused (the case went to a group the agent is not in, or the
                // workflow does not allow it here): nothing was written; say so beside the choice.
                addError(errors, summary, "immediate", reg.labels().getOrDefault("immediate", "immediate"),
                        page.problemDetail(e));
                return render(page, found.get(), values, errors, summary, uploaded, idem, null, List.of(), reg)
                        .status(HttpStatus.UNPROCESSABLE_ENTITY);
            }
            if (e.status() == HttpStatus.FORBIDDEN) {
                return page.error(HttpStatus.FORBIDDEN, "shell.error.forbidden.title", "shell.error.forbidden.detail");
            }
            String notice = null;
            if (e.paramErrors().isEmpty()) {
                // The same form sent with other content after a try that went through: start again with a fresh key.
                notice = page.problemDetail(e);
                idem = UUID.randomUUID().toString();
            }
            boolean missingSlotsShown = false;
            for (ProblemException.ParamError p : e.paramErrors()) {
                String message = page.platformMessage(p.key(), p.arguments());
                String name = p.name();
                if (reg != null && name.equals("note")) {
                    addError(errors, summary, "immediate-note", reg.labels().getOrDefault("immediate-note", name), message);
                } else if (reg != null && (name.equals("requesterId") || name.equals("origin"))) {
                    addError(errors, summary, name, reg.labels().getOrDefault(name, name), message);
                } else if (name.equals("title")) {
                    addError(errors, summary, "title", page.t("portal.request.title.label"), message);
                } else if (name.equals("description")) {
                    addError(errors, summary, "description", page.t("portal.request.description.label"), message);
                } else if (name.startsWith("fields/")) {
                    String key = name.substring("fields/".length());
                    String label = template.fields().stream().filter(f -> f.key().equals(key))
                            .map(CatalogView.FieldView::label).findFirst().orElse(key);
                    addError(errors, summary, "f-" + key, label, message);
                } else if (name.startsWith("contact/")) {
                    String key = name.substring("contact/".length());
                    addError(errors, summary, "contact-" + key, page.t("portal.request.contact." + key), message);
                } else if (name.equals("attachments")) {
                    if (!missingSlotsShown) {
                        missingSlotsShown = true;
                        for (CatalogView.AttachmentView slot : template.attachments()) {
                            if (slot.required() && uploaded.stream().noneMatch(u -> slot.key().equals(u.slot()))) {
                                addError(errors, summary, "slot-" + slot.key(), slot.label(),
                                        page.t("portal.request.attachment.missing"));
                            }
                        }
                    }
                } else if (name.startsWith("attachments/")) {
                    String[] bits = name.split("/");
                    int i = bits.length > 1 ? parseIndex(bits[1]) : -1;
                    Uploaded u = i >= 0 && i < uploaded.size() ? uploaded.get(i) : null;
                    if (u != null) {
                        uploaded.remove(i);
                        String id = u.slot() == null ? "files" : "slot-" + u.slot();
                        String label = u.slot() == null ? page.t("portal.request.files") : slotLabel(template, u.slot());
                        addError(errors, summary, id, label, u.fileName() + ": " + message);
                    } else {
                        summary.add(PortalSupport.summaryEntry(null, page.t("portal.request.files"), message));
                    }
                } else {
                    summary.add(PortalSupport.summaryEntry(null, name, message));
                }
            }
            return render(page, found.get(), values, errors, summary, uploaded, idem, notice,
                    reg == null ? suggestions(page, found.get(), values) : List.of(), reg)
                    .status(HttpStatus.UNPROCESSABLE_ENTITY);
        }
    }

    /**
     * What the console's registration adds to the template's form (issue 20): the requester ("notificado
     * por"), the origin, the immediate solution to sign in the same step, errors found on those before the
     * form is read, their labels for the error summary, and the console's own bits of the form's model.
     */
    public record Registration(String requesterId, String origin, @Nullable CaseRequests.Action immediate,
                               Map<String, String> errors, Map<String, String> labels, Map<String, Object> model) {
    }

    /** The template's form for the console's registration; empty when the template is not offered here. */
    public Optional<HttpResponse<?>> registrationForm(PageShell.Page page, String templateKey,
                                                      Map<String, List<String>> values, Registration reg) {
        Optional<PortalSupport.Found> found = support.template(page, templateKey);
        return found.map(f -> render(page, f, values, Map.of(), List.of(), List.of(), UUID.randomUUID().toString(),
                null, List.of(), reg));
    }

    /** Files a console registration (multipart values and files already read). */
    public HttpResponse<?> register(TenantContext tenant, HttpRequest<?> request, Authentication auth, String templateKey,
                                    Map<String, List<String>> values, List<CompletedFileUpload> files, Registration reg) {
        return handle(tenant, request, auth, templateKey, values, files, reg);
    }

    @Get("/solicitar/{templateKey}/enviado{?caso}")
    public HttpResponse<?> sent(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                @PathVariable String templateKey, @Nullable @QueryValue String caso) {
        PageShell.Page page = shell.page(tenant, request, auth);
        Optional<CaseView> view = CaseService.uuid(caso).flatMap(id -> cases.get(tenant, auth, id, page.languages()));
        if (view.isEmpty()) {
            return PortalSupport.notFound(page);
        }
        CaseView c = view.get();
        Map<String, Object> model = new HashMap<>();
        model.put("case", PortalCases.summary(page, c));
        model.put("sla", PortalCases.sla(page, c.sla()));
        return page.render("portal/sent", page.t("portal.sent.title"), model);
    }

    private Optional<PersonView> person(TenantContext tenant, String given) {
        String q = given.strip();
        List<PersonView> found = people.search(tenant, q);
        Optional<PersonView> exact = found.stream().filter(p -> q.equalsIgnoreCase(p.username())
                || (p.email() != null && q.equalsIgnoreCase(p.email()))).findFirst();
        if (exact.isPresent()) {
            return exact;
        }
        return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    }


    /** Help articles of the template's service that may solve the problem, matched on the title typed so far. */
    private List<Map<String, Object>> suggestions(PageShell.Page page, PortalSupport.Found found, Map<String, List<String>> values) {
        String typed = first(values, "title");
        return PortalKnowledgeController.hits(knowledge.search(page.tenant(), co.mesa.knowledge.Reader.of(page.auth(), List.of()),
                typed == null || typed.isBlank() ? null : typed.length() > 200 ? typed.substring(0, 200) : typed,
                found.service().key(), true, 5, null).items(), found.template().key());
    }
}
