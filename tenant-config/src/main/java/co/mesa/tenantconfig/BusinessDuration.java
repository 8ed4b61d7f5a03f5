package co.mesa.tenantconfig;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Map;

/**
 * A target measured in business time: either a duration of open hours ({@code PT8H}) or a
 * number of whole business days, which maps onto the calendar as days × its working-day length.
 */
public record BusinessDuration(Duration hours, Integer businessDays) {

    public BusinessDuration {
        if ((hours == null) == (businessDays == null)) {
            throw new IllegalArgumentException("exactly one of hours or businessDays");
        }
    }

    @JsonCreator
    public static BusinessDuration fromJson(JsonNode node) {
        if (node.isTextual()) {
            return new BusinessDuration(Duration.parse(node.asText()), null);
        }
        return new BusinessDuration(null, node.get("businessDays").asInt());
    }

    @JsonValue
    public Object toJson() {
        return hours != null ? hours.toString() : Map.of("businessDays", businessDays);
    }

    /** The business time this target stands for on a calendar whose working day lasts {@code workingDay}. */
    public Duration toBusinessTime(Duration workingDay) {
        return hours != null ? hours : workingDay.multipliedBy(businessDays);
    }
}
