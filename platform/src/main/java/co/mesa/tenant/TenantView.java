package co.mesa.tenant;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/** What an entity publishes about itself: name, language, zone, look, attention hours and channels. */
@Serdeable
@Schema(name = "Tenant")
public record TenantView(
        String slug,
        String name,
        @Nullable String shortName,
        @Schema(example = "es-CO") String locale,
        List<String> languages,
        @Schema(example = "America/Bogota") String timeZone,
        Branding branding,
        AttentionHours attentionHours,
        @Nullable @Schema(description = "When the portal itself is available") String portalAvailability,
        List<ChannelView> channels) {

    @Serdeable
    @Schema(name = "Branding")
    public record Branding(String theme, Map<String, String> colors, String logo, List<String> stylesheets) {
    }

    @Serdeable
    @Schema(name = "AttentionHours")
    public record AttentionHours(String calendar, String name, String timeZone, List<WindowView> hours,
                                 @Schema(description = "colombia: national holidays (Ley 51 de 1983) are closed; none")
                                 String holidays,
                                 @Schema(description = "Further closed dates, ISO-8601") List<String> extraClosedDays) {
    }

    @Serdeable
    @Schema(name = "AttentionWindow")
    public record WindowView(@Schema(example = "[\"MONDAY\",\"TUESDAY\"]") List<String> days,
                             @Schema(example = "08:00") String from, @Schema(example = "17:00") String to) {
    }

    @Serdeable
    @Schema(name = "Channel")
    public record ChannelView(String key, String name, @Nullable String contact) {
    }
}
