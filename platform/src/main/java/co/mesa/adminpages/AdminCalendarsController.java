package co.mesa.adminpages;

import co.mesa.identity.Roles;
import co.mesa.tenant.TenantConfigService;
import co.mesa.tenant.TenantContext;
import co.mesa.tenant.TenantSuspensions;
import co.mesa.tenantconfig.ConfigKind;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.web.ProblemResponses;
import co.mesa.web.page.PageShell;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Hidden;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Calendars under {@code /admin/calendarios}: weekly hours and closures, each change through
 * {@link TenantConfigService#editLive}.
 */
@Controller("/admin")
@Hidden
@Secured(Roles.TENANT_ADMIN)
@Produces(MediaType.TEXT_HTML)
public class AdminCalendarsController {

    private final PageShell shell;
    private final TenantConfigService configs;
    private final TenantSuspensions suspensions;
    private final ProblemResponses problems;

    public AdminCalendarsController(PageShell shell, TenantConfigService configs, TenantSuspensions suspensions, ProblemResponses problems) {
        this.shell = shell;
        this.configs = configs;
        this.suspensions = suspensions;
        this.problems = problems;
    }

    @Get("/calendarios")
    public HttpResponse<?> calendars(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                     @Nullable @QueryValue String guardado) {
        PageShell.Page page = shell.page(tenant, request, auth);
        return calendarsPage(page, tenant, null, Map.of(), guardado != null).status(HttpStatus.OK);
    }

    @Post("/calendarios/{calendar}/cierres")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> closures(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                    @PathVariable String calendar, @Body Map<String, String> form) {
        PageShell.Page page = shell.page(tenant, request, auth);
        ObjectNode doc = AdminEdits.liveCopy(configs, tenant, ConfigKind.CALENDARS);
        Optional<ObjectNode> found = AdminEdits.keyed(doc.path("calendars"), calendar);
        if (found.isEmpty()) {
            return AdminEdits.notFound(page);
        }
        ObjectNode cal = found.get();
        Errors errors = new Errors(page);
        String remove = form.get("eliminar");
        List<String> days = new ArrayList<>();
        cal.path("extraClosedDays").forEach(d -> days.add(d.asText()));
        String fieldId = "fecha-" + calendar;
        String raw = form.getOrDefault("fecha", "").strip();
        if (remove != null) {
            if (!days.remove(remove)) {
                return AdminEdits.notFound(page);
            }
        } else if (raw.isEmpty()) {
            errors.field(fieldId, "admin.calendars.error.date-required");
        } else {
            try {
                int year = LocalDate.parse(raw).getYear();
                if (year < 1984 || year > 2199) {
                    // The years whose public holidays the platform knows; the tenant data cannot say it.
                    errors.field(fieldId, "admin.calendars.error.date-range");
                }
            } catch (DateTimeParseException e) {
                // Written as typed: the tenant data's checks (its date pattern, a real day) refuse it next to the input.
            }
            days.add(raw);
        }
        if (errors.isEmpty()) {
            ArrayNode list = cal.putArray("extraClosedDays");
            days.stream().sorted().forEach(list::add);
            if (AdminEdits.save(configs, problems, request, tenant, ConfigKind.CALENDARS, doc, auth, errors,
                    form.get(AdminEdits.VERSION), CalendarPlaces.closures(doc, calendar, raw))) {
                return PageShell.Page.redirect("/admin/calendarios?guardado=1");
            }
        }
        return calendarsPage(page, tenant, calendar, Map.of("fecha", form.getOrDefault("fecha", ""), "errors", errors.list(),
                "fieldErrors", errors.byField(), "version", errors.versionFor(form.getOrDefault(AdminEdits.VERSION, ""))), false).status(HttpStatus.UNPROCESSABLE_ENTITY);
    }

    @Post("/calendarios/{calendar}/horario")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> hours(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                 @PathVariable String calendar, @Body Map<String, String> form) {
        PageShell.Page page = shell.page(tenant, request, auth);
        ObjectNode doc = AdminEdits.liveCopy(configs, tenant, ConfigKind.CALENDARS);
        Optional<ObjectNode> found = AdminEdits.keyed(doc.path("calendars"), calendar);
        if (found.isEmpty()) {
            return AdminEdits.notFound(page);
        }
        Errors errors = new Errors(page);
        HoursForm typed = HoursForm.read(form, calendar, errors, page.locale());
        if (errors.isEmpty() && countsBusinessDays(tenant.config(), calendar) && typed.lengths().size() > 1) {
            // Said here in the person's words; the tenant-data checks would refuse it too.
            errors.field(HoursForm.daysId(calendar), "admin.calendars.hours.error.same-length",
                    String.join(", ", typed.lengths().stream().map(HoursForm::format).toList()));
        }
        if (errors.isEmpty()) {
            found.get().set("hours", typed.windows());
            if (AdminEdits.save(configs, problems, request, tenant, ConfigKind.CALENDARS, doc, auth, errors,
                    form.get(AdminEdits.VERSION), CalendarPlaces.hours(doc, calendar))) {
                return PageShell.Page.redirect("/admin/calendarios?guardado=1");
            }
        }
        return calendarsPage(page, tenant, calendar, Map.of("hoursForm", typed, "errors", errors.list(),
                "fieldErrors", errors.byField(), "version", errors.versionFor(form.getOrDefault(AdminEdits.VERSION, ""))), false).status(HttpStatus.UNPROCESSABLE_ENTITY);
    }

    /** True when an SLA target or the automatic closing counts business days on this calendar: its days must be equal. */
    static boolean countsBusinessDays(TenantConfig config, String calendar) {
        boolean sla = config.sla().policies().stream().filter(p -> calendar.equals(p.calendar()))
                .flatMap(p -> p.targets().stream())
                .anyMatch(t -> inDays(t.response()) || inDays(t.resolution()));
        TenantConfig.AutoClose autoClose = config.settings().autoClose();
        return sla || autoClose != null && autoClose.enabled() && calendar.equals(autoClose.calendar())
                && inDays(autoClose.after());
    }

    private static boolean inDays(@Nullable co.mesa.tenantconfig.BusinessDuration d) {
        return d != null && d.businessDays() != null;
    }

    private io.micronaut.http.MutableHttpResponse<String> calendarsPage(PageShell.Page page, TenantContext tenant,
                                                                          @Nullable String failedCalendar,
                                                                          Map<String, Object> failed, boolean saved) {
        List<Map<String, Object>> cals = new ArrayList<>();
        for (TenantConfig.Calendar c : tenant.config().calendars().calendars()) {
            Map<String, Object> m = new HashMap<>();
            m.put("key", c.key());
            m.put("name", page.label(c.name()));
            m.put("zone", c.timeZone());
            m.put("holidays", c.holidays() == null ? page.t("admin.calendars.holidays.none")
                    : page.t("admin.calendars.holidays." + c.holidays()));
            m.put("hours", c.hours().stream().map(w -> Map.of(
                    "days", String.join(", ", w.days().stream()
                            .map(d -> d.getDisplayName(java.time.format.TextStyle.FULL, page.locale())).toList()),
                    "from", w.from().toString(), "to", w.to())).toList());
            m.put("closed", c.extraClosedDays().stream().map(LocalDate::toString).toList());
            HoursForm hours = HoursForm.of(c);
            m.put("notOnePerDay", hours.notOnePerDay);
            Map<String, String> fieldErrors = Map.of();
            if (c.key().equals(failedCalendar)) {
                m.putAll(failed);
                @SuppressWarnings("unchecked")
                Map<String, String> fe = (Map<String, String>) failed.get("fieldErrors");
                fieldErrors = fe == null ? Map.of() : fe;
                m.put("error", fieldErrors.get("fecha-" + c.key()));
                if (failed.get("hoursForm") instanceof HoursForm typed) {
                    hours = typed;
                }
            }
            m.put("week", hours.model(c.key(), page.locale(), fieldErrors));
            m.put("daysId", HoursForm.daysId(c.key()));
            m.put("sameLength", countsBusinessDays(tenant.config(), c.key()));
            m.put("daysError", fieldErrors.get(HoursForm.daysId(c.key())));
            cals.add(m);
        }
        List<Map<String, Object>> periods = new ArrayList<>();
        TenantSuspensions.Status status = suspensions.status(tenant);
        for (TenantSuspensions.Period p : status.periods()) {
            Map<String, Object> m = new HashMap<>();
            m.put("start", p.start());
            m.put("end", p.end());
            periods.add(m);
        }
        Map<String, Object> model = new HashMap<>();
        model.put("calendars", cals);
        model.put("periods", periods);
        model.put("saved", saved);
        model.put("errors", failed.get("errors"));
        model.put("version", failed.containsKey("version") ? failed.get("version")
                : AdminEdits.version(configs, tenant, ConfigKind.CALENDARS));
        return page.render("admin/calendars", page.t("admin.calendars.title"), model);
    }
}
