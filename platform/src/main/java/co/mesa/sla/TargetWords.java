package co.mesa.sla;

import io.micronaut.core.annotation.Nullable;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * An SLA target as a public servant reads it, the one formatter for the portal, the console,
 * mails and the PDF (issue 20): a target stated in whole business days reads "15 días hábiles",
 * never its business hours ("135 horas hábiles"); one stated in hours reads "2 h 30 min".
 * Texts come from the message bundles ({@code sla.words.*}).
 */
public final class TargetWords {

    /** The bundle lookup of the page, mail or document: key and arguments to text. */
    @FunctionalInterface
    public interface Texts {
        String t(String key, Object... args);
    }

    private TargetWords() {
    }

    /** The target in words; {@code businessDays} non-null when it was stated in days. Null for no target. */
    @Nullable
    public static String of(Texts texts, @Nullable String iso, @Nullable Integer businessDays) {
        if (businessDays != null) {
            return texts.t("sla.words.days", businessDays);
        }
        if (iso == null || iso.isBlank()) {
            return null;
        }
        try {
            return hours(texts, Duration.parse(iso));
        } catch (DateTimeParseException e) {
            return iso;
        }
    }

    /** Business time in hours and minutes: "8 h", "2 h 30 min", "45 min". */
    public static String hours(Texts texts, Duration d) {
        long minutes = d.abs().toMinutes();
        long h = minutes / 60;
        long m = minutes % 60;
        if (h == 0) {
            return texts.t("sla.words.minutes", m);
        }
        return m == 0 ? texts.t("sla.words.hours", h) : texts.t("sla.words.hoursMinutes", h, m);
    }
}
