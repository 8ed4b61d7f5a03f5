package co.mesa.web;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The API's OpenAPI document at {@code /api/v1/openapi.yml}, on every host and without sign-in, as
 * {@code application/yaml} (generated at compile time into {@code META-INF/swagger/mesa-1.yml}).
 */
@Controller
@Secured(SecurityRule.IS_ANONYMOUS)
@Hidden
public class OpenApiController {

    /** Path of the document; the edge lets it through on any host. */
    public static final String PATH = "/api/v1/openapi.yml";
    private static final String YAML = "application/yaml";

    private final byte[] document;

    public OpenApiController() {
        try (InputStream in = OpenApiController.class.getClassLoader().getResourceAsStream("META-INF/swagger/mesa-1.yml")) {
            document = in == null ? new byte[0] : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Get(PATH)
    @Produces(YAML)
    public HttpResponse<byte[]> document() {
        return HttpResponse.ok(document).contentType(YAML).header("Cache-Control", "public, max-age=300");
    }
}
