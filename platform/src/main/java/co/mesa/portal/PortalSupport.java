package co.mesa.portal;

import co.mesa.catalog.CatalogService;
import co.mesa.catalog.CatalogView;
import co.mesa.identity.PeopleService;
import co.mesa.identity.PersonView;
import co.mesa.web.page.PageShell;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;

import java.text.Normalizer;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What the portal pages share: the caller's catalog, targets in words, problems in the page's language. */
@Singleton
public class PortalSupport {

    private final CatalogService catalog;
    private final PeopleService people;

    public PortalSupport(CatalogService catalog, PeopleService people) {
        this.catalog = catalog;
        this.people = people;
    }

    /** The signed-in person as the directory knows them (created on first sight). */
    public PersonView me(PageShell.Page page) {
        return people.signedIn(page.tenant(), page.auth());
    }

    /** The catalog the caller may use: template audiences are realm roles and directory groups. */
    public CatalogView catalog(PageShell.Page page) {
        Set<String> audiences = new HashSet<>();
        Authentication auth = page.auth();
        if (auth != null) {
            audiences.addAll(auth.getRoles());
            for (String claim : List.of("groups", "mesaGroups")) {
                Object v = auth.getAttributes().get(claim);
                if (v instanceof java.util.Collection<?> c) {
                    c.forEach(g -> audiences.add(String.valueOf(g)));
                } else if (v != null) {
                    audiences.add(String.valueOf(v));
                }
            }
            PersonView me = me(page);
            audiences.addAll(me.roles());
            audiences.addAll(me.groups());
        }
        return catalog.catalog(page.tenant(), audiences, page.languages());
    }

    /** A template the caller may use, with its service. */
    public record Found(CatalogView.ServiceView service, CatalogView.TemplateView template) {
    }

    public Optional<Found> template(PageShell.Page page, String key) {
        for (CatalogView.ServiceView s : catalog(page).services()) {
            for (CatalogView.TemplateView t : s.templates()) {
                if (t.key().equals(key)) {
                    return Optional.of(new Found(s, t));
                }
            }
        }
        return Optional.empty();
    }

    /** "2 h 30 min" of business time, in the page's language; null when not measured. */
    @Nullable
    public static String duration(PageShell.Page page, @Nullable String iso) {
        if (iso == null || iso.isBlank()) {
            return null;
        }
        Duration d;
        try {
            d = Duration.parse(iso);
        } catch (DateTimeParseException e) {
            return null;
        }
        long hours = d.toHours();
        long minutes = d.toMinutesPart();
        if (hours > 0 && minutes > 0) {
            return page.t("portal.duration.hoursMinutes", hours, minutes);
        }
        if (hours > 0) {
            return page.t("portal.duration.hours", hours);
        }
        return page.t("portal.duration.minutes", minutes);
    }

    /** Targets of a service in words, for the catalog and the form. */
    public static Map<String, Object> targets(PageShell.Page page, CatalogView.ServiceView s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("response", co.mesa.sla.TargetWords.of(page::platformMessage, s.responseTarget(), s.responseDays()));
        m.put("resolution", co.mesa.sla.TargetWords.of(page::platformMessage, s.resolutionTarget(), s.resolutionDays()));
        m.put("note", s.targetNote());
        m.put("any", s.responseTarget() != null || s.resolutionTarget() != null || s.targetNote() != null);
        return m;
    }

    /** Lower case without accents, for searching "configuracion" as "Configuración". */
    public static String fold(@Nullable String s) {
        if (s == null) {
            return "";
        }
        return Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
    }


    /** An error summary entry: the message and the id of the field it belongs to (null: no field). */
    public static Map<String, Object> summaryEntry(@Nullable String fieldId, String label, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", fieldId);
        m.put("label", label);
        m.put("message", message);
        return m;
    }

    static io.micronaut.http.HttpResponse<?> notFound(PageShell.Page page) {
        return page.error(io.micronaut.http.HttpStatus.NOT_FOUND, "shell.error.notfound.title", "shell.error.notfound.detail");
    }
}
