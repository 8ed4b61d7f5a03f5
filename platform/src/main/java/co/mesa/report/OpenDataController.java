package co.mesa.report;

import co.mesa.shared.Problem;
import co.mesa.shared.ProblemException;
import co.mesa.tenant.TenantContext;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@code GET /api/v1/open-data/indicators}: the entity's monthly indicators by case type, public (Ley 1712 de 2014,
 * proactive publication), counts and means only — no names, usernames, e-mails, codes, titles or descriptions.
 * The columns are a contract (decision 0030); the data dictionary is the page {@code /indicadores/definiciones}.
 */
@Controller("/api/v1/open-data")
@Secured(SecurityRule.IS_ANONYMOUS)
@Tag(name = "Open data")
public class OpenDataController {

    /** The columns, in their order: the contract. */
    public static final List<String> COLUMNS = List.of("entity", "month", "case_type", "cases_filed", "cases_closed",
            "open_at_month_end", "first_response_on_time_pct", "resolution_on_time_pct", "expired",
            "mean_resolution_business_hours", "surveys_answered", "satisfaction_avg");
    static final MediaType CSV = new MediaType("text/csv; charset=utf-8");
    private static final Pattern MONTH = Pattern.compile("\\d{4}-\\d{2}");

    private final Indicators indicators;

    public OpenDataController(Indicators indicators) {
        this.indicators = indicators;
    }

    @Get("/indicators")
    @Produces({"text/csv", MediaType.APPLICATION_JSON})
    @Operation(summary = "The entity's monthly service indicators by case type (open data, no personal data)",
            description = "One row per month of the range and per case type the entity declares, also when every "
                    + "figure is zero. CSV (text/csv; charset=utf-8) by default and for Accept: text/csv; "
                    + "Accept: application/json gives an array of objects with the same keys (numbers as numbers, "
                    + "an empty value as null). Columns, in this order: entity, month, case_type, cases_filed, "
                    + "cases_closed, open_at_month_end, first_response_on_time_pct, resolution_on_time_pct, expired, "
                    + "mean_resolution_business_hours, surveys_answered, satisfaction_avg. Percentages and means have "
                    + "one decimal; they are empty when nothing fell due or nothing was answered. Months are the "
                    + "entity's time zone's. Figures are at most 15 minutes old. Definitions: /indicadores/definiciones.")
    @Parameter(name = "from", in = ParameterIn.QUERY, example = "2026-01",
            description = "First month (YYYY-MM), inclusive; default: 11 months before `to`",
            schema = @Schema(type = "string", pattern = "^\\d{4}-\\d{2}$"))
    @Parameter(name = "to", in = ParameterIn.QUERY, example = "2026-12",
            description = "Last month (YYYY-MM), inclusive; default: the current month. At most 36 months in all.",
            schema = @Schema(type = "string", pattern = "^\\d{4}-\\d{2}$"))
    @Parameter(name = "Accept-Language", in = ParameterIn.HEADER, example = "es-CO",
            description = "Language of problem texts: es-CO (default) or en")
    @ApiResponse(responseCode = "200", description = "The rows",
            content = {@Content(mediaType = "text/csv", schema = @Schema(type = "string")),
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IndicatorRow.class))})
    @ApiResponse(responseCode = "400", description = "A month malformed, the range reversed or longer than 36 months; "
            + "invalidParams names the parameter and says why",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "The host is not a tenant's",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public HttpResponse<byte[]> indicators(@Parameter(hidden = true) TenantContext tenant, HttpRequest<?> request,
                                           @QueryValue @Nullable String from, @QueryValue @Nullable String to) {
        List<ProblemException.ParamError> errors = new ArrayList<>();
        YearMonth end = month("to", to, errors);
        YearMonth start = month("from", from, errors);
        if (errors.isEmpty()) {
            if (end == null) {
                end = start == null ? indicators.currentMonth(tenant) : start.plusMonths(11);
            }
            if (start == null) {
                start = end.minusMonths(11);
            }
            if (start.isAfter(end)) {
                errors.add(new ProblemException.ParamError("from", "opendata.param.order", start.toString(), end.toString()));
            } else if (ChronoUnit.MONTHS.between(start, end) + 1 > Indicators.MAX_MONTHS) {
                errors.add(new ProblemException.ParamError("to", "opendata.param.range", Indicators.MAX_MONTHS));
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "invalid-parameters", "problem.bad-request.title",
                    "problem.opendata.invalid-parameters.detail").withParamErrors(errors);
        }
        List<Indicators.Row> rows = indicators.monthly(tenant, start, end);
        boolean json = wantsJson(request.getHeaders().get(HttpHeaders.ACCEPT));
        String body = json ? json(rows) : csv(rows);
        return HttpResponse.ok(body.getBytes(StandardCharsets.UTF_8))
                .contentType(json ? MediaType.APPLICATION_JSON_TYPE : CSV)
                .header(HttpHeaders.CACHE_CONTROL, "public, max-age=900")
                .header(HttpHeaders.VARY, "Accept")
                .header("Link", "</indicadores/definiciones>; rel=\"describedby\"");
    }

    @Nullable
    private static YearMonth month(String name, @Nullable String value, List<ProblemException.ParamError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        if (MONTH.matcher(v).matches()) {
            int m = Integer.parseInt(v.substring(5));
            int y = Integer.parseInt(v.substring(0, 4));
            if (m >= 1 && m <= 12 && y >= 1984) {
                return YearMonth.of(y, m);
            }
        }
        errors.add(new ProblemException.ParamError(name, "opendata.param.month", v.length() > 40 ? v.substring(0, 40) : v));
        return null;
    }

    /** JSON when the client names application/json before (or without) text/csv; CSV otherwise. */
    static boolean wantsJson(@Nullable String accept) {
        if (accept == null) {
            return false;
        }
        String a = accept.toLowerCase(Locale.ROOT);
        int json = a.indexOf("application/json");
        int csv = a.indexOf("text/csv");
        return json >= 0 && (csv < 0 || json < csv);
    }

    static String csv(List<Indicators.Row> rows) {
        StringBuilder out = new StringBuilder(String.join(",", COLUMNS)).append("\r\n");
        for (Indicators.Row r : rows) {
            List<Object> values = values(r);
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                Object v = values.get(i);
                out.append(v == null ? "" : v instanceof BigDecimal d ? d.toPlainString() : v.toString());
            }
            out.append("\r\n");
        }
        return out.toString();
    }

    static String json(List<Indicators.Row> rows) {
        StringBuilder out = new StringBuilder("[");
        for (int n = 0; n < rows.size(); n++) {
            List<Object> values = values(rows.get(n));
            out.append(n == 0 ? "{" : ",{");
            for (int i = 0; i < values.size(); i++) {
                Object v = values.get(i);
                out.append(i == 0 ? "" : ",").append('"').append(COLUMNS.get(i)).append("\":");
                if (v == null) {
                    out.append("null");
                } else if (v instanceof BigDecimal d) {
                    out.append(d.toPlainString());
                } else if (v instanceof Long l) {
                    out.append(l);
                } else {
                    out.append('"').append(v.toString().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
                }
            }
            out.append('}');
        }
        return out.append(']').toString();
    }

    private static List<Object> values(Indicators.Row r) {
        List<Object> v = new ArrayList<>(COLUMNS.size());
        v.add(r.entity());
        v.add(r.month().toString());
        v.add(r.caseType());
        v.add(r.casesFiled());
        v.add(r.casesClosed());
        v.add(r.openAtMonthEnd());
        v.add(r.firstResponseOnTimePct());
        v.add(r.resolutionOnTimePct());
        v.add(r.expired());
        v.add(r.meanResolutionBusinessHours());
        v.add(r.surveysAnswered());
        v.add(r.satisfactionAvg());
        return v;
    }

    /** The JSON row's shape, for the API document only. */
    @io.micronaut.serde.annotation.Serdeable
    @Schema(name = "IndicatorRow", description = "One month and case type; empty values are null")
    public record IndicatorRow(String entity, @Schema(example = "2026-11") String month,
                               @Schema(name = "case_type") String caseType,
                               @Schema(name = "cases_filed") long casesFiled,
                               @Schema(name = "cases_closed") long casesClosed,
                               @Schema(name = "open_at_month_end") long openAtMonthEnd,
                               @Schema(name = "first_response_on_time_pct", nullable = true) BigDecimal firstResponseOnTimePct,
                               @Schema(name = "resolution_on_time_pct", nullable = true) BigDecimal resolutionOnTimePct,
                               long expired,
                               @Schema(name = "mean_resolution_business_hours", nullable = true) BigDecimal meanResolutionBusinessHours,
                               @Schema(name = "surveys_answered") long surveysAnswered,
                               @Schema(name = "satisfaction_avg", nullable = true) BigDecimal satisfactionAvg) {
    }
}
