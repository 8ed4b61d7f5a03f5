package co.mesa.report;

import co.mesa.tenant.TenantContext;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /indicadores/definiciones}: the one set of definitions the report and the open data use, and the open
 * data's dictionary, column by column. Public: it explains public data (decision 0030).
 */
@Controller
@Hidden
@Produces(MediaType.TEXT_HTML)
public class IndicatorPagesController {

    static final List<String> TERMS = List.of("filed", "closed", "open", "ontime", "expired", "resolution", "resolutionP90",
            "satisfaction", "surveys", "reopened", "rejected", "surveyResponse", "breakdowns");

    private final PageShell shell;

    public IndicatorPagesController(PageShell shell) {
        this.shell = shell;
    }

    @Get("/indicadores/definiciones")
    @Secured(SecurityRule.IS_ANONYMOUS)
    public HttpResponse<?> definitions(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth) {
        PageShell.Page page = shell.page(tenant, request, auth);
        List<Map<String, String>> terms = new ArrayList<>();
        for (String t : TERMS) {
            terms.add(Map.of("term", page.t("indicators.term." + t), "text", page.t("indicators.term." + t + ".text")));
        }
        List<Map<String, String>> columns = new ArrayList<>();
        for (String c : OpenDataController.COLUMNS) {
            Map<String, String> col = new LinkedHashMap<>();
            col.put("name", c);
            col.put("type", page.t("indicators.column." + c + ".type"));
            col.put("text", page.t("indicators.column." + c));
            columns.add(col);
        }
        return page.render("shell/indicator-definitions", page.t("indicators.title"),
                Map.of("terms", terms, "columns", columns, "slug", tenant.slug()));
    }
}
