package co.mesa.portal;

import co.mesa.catalog.CatalogView;
import co.mesa.ticket.CaseRequests;
import co.mesa.ticket.CaseService;
import co.mesa.web.page.PageShell;
import io.micronaut.core.annotation.Nullable;

import java.math.BigDecimal;
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

/**
 * A template's request form: its model (title, description, the template's fields, contact, attachment
 * slots, files kept from a refused submission), the reading of its values, and the hash that makes a double
 * submit one case.
 */
final class PortalRequestForm {

    static final List<String> CONTACT = List.of("phone", "extension", "availability");

    private PortalRequestForm() {
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

    static io.micronaut.http.MutableHttpResponse<String> render(PageShell.Page page, PortalSupport.Found found,
                                                                 Map<String, List<String>> values, Map<String, String> errors,
                                                                 List<Map<String, Object>> summary, List<Uploaded> uploaded,
                                                                 String idem, @Nullable String notice) {
        return render(page, found, values, errors, summary, uploaded, idem, notice, List.of());
    }

    /** The form with help articles of its service that may solve the problem before it is filed (decision 0025). */
    static io.micronaut.http.MutableHttpResponse<String> render(PageShell.Page page, PortalSupport.Found found,
                                                                 Map<String, List<String>> values, Map<String, String> errors,
                                                                 List<Map<String, Object>> summary, List<Uploaded> uploaded,
                                                                 String idem, @Nullable String notice,
                                                                 List<Map<String, Object>> suggestions) {
        return render(page, found, values, errors, summary, uploaded, idem, notice, suggestions, null);
    }

    /**
     * The same form, for an agent's registration from the console when {@code reg} is given (issue 20): posted
     * to the console, with the requester, the origin and the immediate solution around the template's fields.
     */
    static io.micronaut.http.MutableHttpResponse<String> render(PageShell.Page page, PortalSupport.Found found,
                                                                 Map<String, List<String>> values, Map<String, String> errors,
                                                                 List<Map<String, Object>> summary, List<Uploaded> uploaded,
                                                                 String idem, @Nullable String notice,
                                                                 List<Map<String, Object>> suggestions,
                                                                 @Nullable PortalRequestController.Registration reg) {
        CatalogView.TemplateView t = found.template();
        CatalogView.ServiceView s = found.service();
        Map<String, Object> model = new HashMap<>();
        // The page's script refreshes the suggestions from the API as the title is typed.
        model.put("suggestions", suggestions);
        model.put("serviceKey", s.key());
        model.put("template", Map.of("key", t.key(), "name", t.name(), "description", t.description() == null ? "" : t.description()));
        model.put("service", Map.of("name", s.name(), "line", s.serviceLineName()));
        model.put("targets", PortalSupport.targets(page, s));
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
        if (reg != null) {
            Map<String, Object> registration = new HashMap<>(reg.model());
            registration.put("immediateNote", input(page, "immediate-note", "immediateNote",
                    String.valueOf(reg.model().getOrDefault("immediateNoteLabel", "")), null, false,
                    first(values, "immediateNote"), errors));
            registration.put("immediateChecked", first(values, "immediate") != null);
            registration.put("immediateError", errors.get("immediate"));
            registration.put("originError", errors.get("origin"));
            registration.put("requesterError", errors.get("requesterId"));
            model.put("registration", registration);
            return page.render("portal/request", page.t("console.register.title") + ": " + t.name(), model);
        }
        return page.render("portal/request", t.name(), model);
    }

    static Map<String, Object> input(PageShell.Page page, String id, String name, String label, @Nullable String help,
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

    static void addError(Map<String, String> errors, List<Map<String, Object>> summary, String id, String label,
                                 String message) {
        errors.merge(id, message, (a, b) -> a + " " + b);
        summary.add(PortalSupport.summaryEntry(id, label, message));
    }

    static String slotLabel(CatalogView.TemplateView t, String slot) {
        return t.attachments().stream().filter(a -> a.key().equals(slot)).map(CatalogView.AttachmentView::label)
                .findFirst().orElse(slot);
    }

    static Object number(String s) {
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

    static int parseIndex(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The request without the attachment ids (a retry uploads the files again): what a double submit repeats. */
    static String hash(CaseRequests.NewCase c, List<Uploaded> uploaded) {
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
    static String first(Map<String, List<String>> values, String name) {
        List<String> v = values.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
