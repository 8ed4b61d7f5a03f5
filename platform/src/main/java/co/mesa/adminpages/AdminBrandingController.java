package co.mesa.adminpages;

import co.mesa.identity.Roles;
import co.mesa.onboarding.TenantBranding;
import co.mesa.tenant.TenantContext;
import co.mesa.web.page.PageShell;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Part;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.multipart.CompletedFileUpload;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Hidden;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Logo and colours under {@code /admin/marca}, with a live preview; saved through {@link TenantBranding#save}.
 */
@Controller("/admin")
@Hidden
@Secured(Roles.TENANT_ADMIN)
@Produces(MediaType.TEXT_HTML)
public class AdminBrandingController {

    static final int MAX_LOGO_BYTES = 512 * 1024;
    static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    /** The colours an administrator sets, and what each must stay readable against. */
    static final Map<String, String> BRAND_COLORS = Map.of("primary", "#ffffff", "accent", "#1f1f1f");

    private final PageShell shell;
    private final TenantBranding branding;

    public AdminBrandingController(PageShell shell, TenantBranding branding) {
        this.shell = shell;
        this.branding = branding;
    }

    @Get("/marca")
    public HttpResponse<?> brand(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                 @Nullable @QueryValue String guardado) {
        PageShell.Page page = shell.page(tenant, request, auth);
        Map<String, String> colors = currentColors(tenant);
        Map<String, Object> model = new HashMap<>();
        model.put("primary", colors.get("primary"));
        model.put("accent", colors.get("accent"));
        model.put("saved", guardado != null);
        model.put("version", branding.version(tenant));
        model.put("maxKb", MAX_LOGO_BYTES / 1024);
        model.put("ownLogo", branding.of(tenant).flatMap(TenantBranding.Stored::logoUrl).isPresent());
        return page.render("admin/brand", page.t("admin.brand.title"), model);
    }

    @Post(value = "/marca", consumes = MediaType.MULTIPART_FORM_DATA)
    public HttpResponse<?> saveBrand(TenantContext tenant, HttpRequest<?> request, @Nullable Authentication auth,
                                     @Nullable @Part("primary") String primary,
                                     @Nullable @Part("accent") String accent,
                                     @Nullable @Part("logo") CompletedFileUpload logo,
                                     @Nullable @Part("quitarLogo") String dropLogo,
                                     @Nullable @Part("version") String version) {
        PageShell.Page page = shell.page(tenant, request, auth);
        Errors errors = new Errors(page);
        Map<String, String> given = new LinkedHashMap<>();
        given.put("primary", primary == null ? "" : primary.strip());
        given.put("accent", accent == null ? "" : accent.strip());
        Map<String, String> colors = new LinkedHashMap<>();
        given.forEach((token, value) -> {
            String against = BRAND_COLORS.get(token);
            if (!Contrast.HEX.matcher(value).matches()) {
                errors.field(token, "admin.brand.error.hex", value);
                return;
            }
            double ratio = Contrast.ratio(value.toLowerCase(java.util.Locale.ROOT), against);
            if (ratio < Contrast.AA) {
                errors.field(token, "admin.brand.error.contrast." + token, value,
                        Contrast.format(ratio, page.locale()));
                return;
            }
            colors.put(token, value.toLowerCase(java.util.Locale.ROOT));
        });
        byte[] logoBytes = null;
        String logoType = null;
        if (logo != null && logo.getSize() > 0) {
            try {
                logoBytes = logo.getBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            logoType = logoType(logoBytes);
            if (logoBytes.length > MAX_LOGO_BYTES) {
                errors.field("logo", "admin.brand.error.logo-size", MAX_LOGO_BYTES / 1024);
            } else if (logoType == null) {
                errors.field("logo", "admin.brand.error.logo-type");
            }
        }
        if (errors.isEmpty()) {
            try {
                // Without the version its form carried, a save counts as stale (issue 21): never "write anyway".
                branding.save(tenant, colors, logoBytes, logoType, logoBytes == null && dropLogo != null,
                        version == null || version.isBlank() ? "-" : version.strip());
                shell.brandingChanged(tenant);
                return PageShell.Page.redirect("/admin/marca?guardado=1");
            } catch (co.mesa.shared.ProblemException e) {
                if (e.status() != HttpStatus.PRECONDITION_FAILED) {
                    throw e;
                }
                errors.stale(e.changesSince(), branding.version(tenant));
            }
        }
        Map<String, Object> model = new HashMap<>();
        model.put("primary", given.get("primary"));
        model.put("accent", given.get("accent"));
        model.put("maxKb", MAX_LOGO_BYTES / 1024);
        model.put("errors", errors.list());
        model.put("fieldErrors", errors.byField());
        model.put("ownLogo", branding.of(tenant).flatMap(TenantBranding.Stored::logoUrl).isPresent());
        model.put("dropLogo", dropLogo != null);
        model.put("version", errors.versionFor(version == null ? "" : version));
        return page.render("admin/brand", page.t("admin.brand.title"), model).status(HttpStatus.UNPROCESSABLE_ENTITY);
    }

    /** The colours in force: stored branding over the theme's, as {@code #rrggbb}. */
    private Map<String, String> currentColors(TenantContext tenant) {
        Map<String, String> out = new HashMap<>();
        Map<String, String> theme = Map.of();
        try {
            theme = themeColors(tenant.config().tenant().theme());
        } catch (RuntimeException e) {
            // no theme file: base colours below
        }
        out.put("primary", theme.getOrDefault("primary", "#3366cc"));
        out.put("accent", theme.getOrDefault("accent", "#e8eef9"));
        branding.of(tenant).ifPresent(b -> b.colors().forEach((k, v) -> {
            if (BRAND_COLORS.containsKey(k) && Contrast.HEX.matcher(v).matches()) {
                out.put(k, v);
            }
        }));
        return out;
    }

    private static Map<String, String> themeColors(@Nullable String theme) {
        Map<String, String> out = new HashMap<>();
        for (String name : new String[]{"base", theme}) {
            if (name == null) {
                continue;
            }
            try (var in = AdminBrandingController.class.getResourceAsStream("/themes/" + name + "/theme.properties")) {
                if (in == null) {
                    continue;
                }
                java.util.Properties p = new java.util.Properties();
                p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
                p.forEach((k, v) -> {
                    if (k.toString().startsWith("color.")) {
                        out.put(k.toString().substring("color.".length()), v.toString());
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    @Nullable
    static String logoType(byte[] bytes) {
        if (bytes.length > PNG_SIGNATURE.length
                && java.util.Arrays.equals(java.util.Arrays.copyOf(bytes, PNG_SIGNATURE.length), PNG_SIGNATURE)) {
            return "image/png";
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        return text.contains("<svg") ? "image/svg+xml" : null;
    }
}
