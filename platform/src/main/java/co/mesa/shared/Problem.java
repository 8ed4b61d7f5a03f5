package co.mesa.shared;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** An RFC 9457 problem: what every error of the API answers, as {@code application/problem+json}. */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Problem", description = "RFC 9457 problem details")
public record Problem(
        @Schema(description = "URI naming the kind of problem") String type,
        @Schema(description = "Short summary, in the request's language") String title,
        int status,
        @Schema(description = "What happened and what to do, in the request's language") @Nullable String detail,
        @Nullable String instance,
        @Schema(description = "Each invalid parameter or field and why, in the request's language")
        @Nullable List<InvalidParam> invalidParams,
        @Schema(description = "On 412: the events of the resource since the version the caller sent")
        @Nullable Object changesSince) {

    public Problem(String type, String title, int status, @Nullable String detail, @Nullable String instance,
                   @Nullable List<InvalidParam> invalidParams) {
        this(type, title, status, detail, instance, invalidParams, null);
    }

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One invalid input: its name (query parameter, field, or file path inside a bundle) and the reason. */
    @Serdeable
    @Schema(name = "InvalidParam")
    public record InvalidParam(String name, String reason) {
    }
}
