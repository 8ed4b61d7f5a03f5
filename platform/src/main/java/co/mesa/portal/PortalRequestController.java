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
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

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

    static final List<String> CONTACT = List.of("phone", "extension", "availability");

    private final PageShell shell;
    private final PortalSupport support;
    private final CaseService cases;
    private final AttachmentService attachments;
    private final PeopleService people;
    private final co.mesa.knowledge.KnowledgeService knowledge;

    public PortalRequestController(PageShell shell, PortalSupport support, CaseService cases,
                                   AttachmentService attachments, PeopleService people,
                                   co.mesa.knowledge.KnowledgeService knowledge) {
        this.knowledge = knowledge;
        this.shell = shell;
        this.support = support;
        this.cases = cases;
        this.attachments = attachments;
        this.people = people;
    }

    /** A file the person already uploaded with an earlier, refused submission: kept so they need not choose it again. */
    record Uploaded(@Nullable String slot, String id, String fileName) {
        String encode() {
            return (slot == null ? "" : slot) + "|" + id + "|" + fileName;
        }

        static Optional<Uploaded> decode(String s) {
            String[] p = s.split("\\|", 3);
            if (p.length != 3 || CaseService.uuid(p[1]).isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Uploaded(p[0].isEmpty() ? null : p[0], p[1], p[2]));
        }
    }

    @Get("/solicitar/{templateKey}")
    public HttpResponse<?> form(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                @PathVariable String templateKey) {
        PageShell.Page page = shell.page(tenant, request, auth);
        Optional<PortalSupport.Found> found = support.template(page, templateKey);
        if (found.isEmpty()) {
            return notFound(page);
        }
        return render(page, found.get(), Map.of(), Map.of(), List.of(), List.of(), UUID.randomUUID().toString(), null);
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
                    return handle(tenant, request, auth, templateKey, form.values(), files);
                });
    }

    private HttpResponse<?> handle(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                   String templateKey, Map<String, List<String>> values, List<CompletedFileUpload> files) {
        PageShell.Page page = shell.page(tenant, request, auth);
        Optional<PortalSupport.Found> found = support.template(page, templateKey);
        if (found.isEmpty()) {
            return notFound(page);
        }
        CatalogView.TemplateView template = found.get().template();
        String idem = first(values, "idem");
        if (idem == null || idem.isBlank() || idem.length() > 100) {
            idem = UUID.randomUUID().toString();
        }
        Map<String, String> errors = new LinkedHashMap<>();
        List<Map<String, Object>> summary = new ArrayList<>();
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
        if (!errors.isEmpty()) {
            return render(page, found.get(), values, errors, summary, uploaded, idem, null).status(HttpStatus.UNPROCESSABLE_ENTITY);
        }
        String title = first(values, "title");
        String description = first(values, "description");
        CaseRequests.NewCase newCase = new CaseRequests.NewCase("portal", null, found.get().service().key(), null,
                template.key(), null, title, description, null, null, null, null,
                contact.isEmpty() ? null : contact, fields, null, refs.isEmpty() ? null : refs);
        try {
            CaseService.Created created = cases.create(tenant, auth, newCase, "portal:" + idem,
                    hash(newCase, uploaded), page.languages());
            return PageShell.Page.redirect("/solicitar/" + enc(template.key()) + "/enviado?caso=" + enc(created.id()));
        } catch (ProblemException e) {
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
                if (name.equals("title")) {
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
            return render(page, found.get(), values, errors, summary, uploaded, idem, notice)
                    .status(HttpStatus.UNPROCESSABLE_ENTITY);
        }
    }

    @Get("/solicitar/{templateKey}/enviado{?caso}")
    public HttpResponse<?> sent(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                @PathVariable String templateKey, @Nullable @QueryValue String caso) {
        PageShell.Page page = shell.page(tenant, request, auth);
        Optional<CaseView> view = CaseService.uuid(caso).flatMap(id -> cases.get(tenant, auth, id, page.languages()));
        if (view.isEmpty()) {
            return notFound(page);
        }
        CaseView c = view.get();
        Map<String, Object> model = new HashMap<>();
        model.put("case", PortalCases.summary(page, c));
        model.put("sla", PortalCases.sla(page, c.sla()));
        return page.render("portal/sent", page.t("portal.sent.title"), model);
    }

    // ---- rendering -------------------------------------------------------------------------------

    private io.micronaut.http.MutableHttpResponse<String> render(PageShell.Page page, PortalSupport.Found found,
                                                                 Map<String, List<String>> values, Map<String, String> errors,
                                                                 List<Map<String, Object>> summary, List<Uploaded> uploaded,
                                                                 String idem, @Nullable String notice) {
        CatalogView.TemplateView t = found.template();
        CatalogView.ServiceView s = found.service();
        Map<String, Object> model = new HashMap<>();
        model.put("template", Map.of("key", t.key(), "name", t.name(), "description", t.description() == null ? "" : t.description()));
        model.put("service", Map.of("name", s.name(), "line", s.serviceLineName()));
        model.put("targets", PortalSupport.targets(page, s));
        // Articles of the service that may solve the problem before it is filed (decision 0025); the page's
        // script refreshes them as the title is typed.
        String typed = first(values, "title");
        model.put("suggestions", PortalKnowledgeController.hits(knowledge.search(page.tenant(),
                co.mesa.knowledge.Reader.of(page.auth(), List.of()), typed == null || typed.isBlank() ? null
                        : typed.length() > 200 ? typed.substring(0, 200) : typed, s.key(), true, 5, null).items(), t.key()));
        model.put("serviceKey", s.key());
        model.put("idem", idem);
        model.put("notice", notice);
        model.put("summary", summary);
        model.put("title", input(page, "title", "title", page.t("portal.request.title.label"),
                page.t("portal.request.title.help"), true, first(values, "title"), errors));
        model.put("description", input(page, "description", "description", page.t("portal.request.description.label"),
                page.t("portal.request.description.help"), true, first(values, "description"), errors));
        List<Map<String, Object>> fields = new ArrayList<>();
        for (CatalogView.FieldView f : t.fields()) {
            List<String> given = values.getOrDefault("f." + f.key(), List.of());
            String help = f.help() == null && "user".equals(f.type()) ? page.t("portal.request.user.hint") : f.help();
            Map<String, Object> m = input(page, "f-" + f.key(), "f." + f.key(), f.label(), help, f.required(),
                    given.isEmpty() ? null : given.get(0), errors);
            m.put("type", f.type());
            m.put("inputType", switch (f.type()) {
                case "number" -> "number";
                case "date" -> "date";
                case "email" -> "email";
                case "phone" -> "tel";
                default -> "text";
            });
            m.put("checked", !given.isEmpty());
            List<Map<String, Object>> options = new ArrayList<>();
            int i = 0;
            for (CatalogView.OptionView o : f.options()) {
                Map<String, Object> om = new LinkedHashMap<>();
                om.put("key", o.key());
                om.put("label", o.label());
                om.put("id", "f-" + f.key() + "-" + i++);
                om.put("selected", given.contains(o.key()));
                options.add(om);
            }
            m.put("options", options);
            fields.add(m);
        }
        model.put("fields", fields);
        List<Map<String, Object>> contact = new ArrayList<>();
        boolean askedPhone = t.fields().stream().anyMatch(f -> "phone".equals(f.type()));
        for (String k : CONTACT) {
            if (k.equals("phone") && askedPhone) {
                continue; // the template asks for it already
            }
            Map<String, Object> m = input(page, "contact-" + k, "contact." + k, page.t("portal.request.contact." + k),
                    null, false, first(values, "contact." + k), errors);
            m.put("type", k.equals("phone") ? "tel" : "text");
            m.put("autocomplete", k.equals("phone") ? "tel" : null);
            contact.add(m);
        }
        model.put("contactFields", contact);
        List<Map<String, Object>> slots = new ArrayList<>();
        for (CatalogView.AttachmentView a : t.attachments()) {
            Map<String, Object> m = input(page, "slot-" + a.key(), "slot." + a.key(), a.label(), a.help(), a.required(),
                    null, errors);
            m.put("accept", a.accept().isEmpty() ? null : String.join(",", a.accept()));
            m.put("kept", uploaded.stream().filter(u -> a.key().equals(u.slot())).map(Uploaded::fileName).findFirst().orElse(null));
            slots.add(m);
        }
        model.put("slots", slots);
        Map<String, Object> extra = input(page, "files", "files", page.t("portal.request.files"),
                page.t("portal.request.files.help", page.tenant().config().settings().attachments().maxSizeMb()),
                false, null, errors);
        extra.put("kept", uploaded.stream().filter(u -> u.slot() == null).map(Uploaded::fileName).toList());
        model.put("files", extra);
        model.put("uploaded", uploaded.stream().map(Uploaded::encode).toList());
        return page.render("portal/request", t.name(), model);
    }

    private static Map<String, Object> input(PageShell.Page page, String id, String name, String label, @Nullable String help,
                                             boolean required, @Nullable String value, Map<String, String> errors) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("name", name);
        m.put("label", label);
        m.put("help", help == null || help.isBlank() ? null : help);
        m.put("required", required);
        m.put("value", value);
        m.put("error", errors.get(id));
        List<String> describedBy = new ArrayList<>();
        if (m.get("help") != null) {
            describedBy.add(id + "-hint");
        }
        if (errors.containsKey(id)) {
            describedBy.add(id + "-error");
        }
        m.put("describedBy", describedBy.isEmpty() ? null : String.join(" ", describedBy));
        return m;
    }

    private static void addError(Map<String, String> errors, List<Map<String, Object>> summary, String id, String label,
                                 String message) {
        errors.merge(id, message, (a, b) -> a + " " + b);
        summary.add(PortalSupport.summaryEntry(id, label, message));
    }

    private static String slotLabel(CatalogView.TemplateView t, String slot) {
        return t.attachments().stream().filter(a -> a.key().equals(slot)).map(CatalogView.AttachmentView::label)
                .findFirst().orElse(slot);
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

    private static Object number(String s) {
        String v = s.strip().replace(',', '.');
        try {
            return Long.valueOf(v);
        } catch (NumberFormatException e) {
            try {
                return new BigDecimal(v);
            } catch (NumberFormatException e2) {
                return s;
            }
        }
    }

    private static int parseIndex(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The request without the attachment ids (a retry uploads the files again): what a double submit repeats. */
    private static String hash(CaseRequests.NewCase c, List<Uploaded> uploaded) {
        Map<String, Object> canonical = new TreeMap<>();
        canonical.put("template", c.template());
        canonical.put("title", c.title());
        canonical.put("description", c.description());
        canonical.put("fields", c.fields() == null ? Map.of() : new TreeMap<>(c.fields()));
        canonical.put("contact", c.contact() == null ? Map.of() : new TreeMap<>(c.contact()));
        canonical.put("attachments", uploaded.stream().map(u -> u.slot() + ":" + u.fileName()).sorted().toList());
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Nullable
    private static String first(Map<String, List<String>> values, String name) {
        List<String> v = values.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static HttpResponse<?> notFound(PageShell.Page page) {
        return page.error(HttpStatus.NOT_FOUND, "shell.error.notfound.title", "shell.error.notfound.detail");
    }
}
