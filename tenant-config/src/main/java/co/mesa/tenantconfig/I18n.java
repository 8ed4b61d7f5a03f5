package co.mesa.tenantconfig;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A text a person reads, per language tag; {@code es-CO} is always present. */
public record I18n(Map<String, String> texts) {

    public static final String DEFAULT_LANGUAGE = "es-CO";

    @JsonCreator
    public I18n {
        texts = Map.copyOf(new LinkedHashMap<>(texts));
    }

    @JsonValue
    public Map<String, String> texts() {
        return texts;
    }

    public static I18n of(String esCo) {
        return new I18n(Map.of(DEFAULT_LANGUAGE, esCo));
    }

    /**
     * The text in the first of the preferred languages that this label has, matching a
     * bare language ("en") against tagged ones ("en-US") both ways; es-CO otherwise.
     */
    public String resolve(List<Locale> preferred) {
        for (Locale locale : preferred) {
            String exact = texts.get(locale.toLanguageTag());
            if (exact != null) {
                return exact;
            }
            for (Map.Entry<String, String> e : texts.entrySet()) {
                if (Locale.forLanguageTag(e.getKey()).getLanguage().equals(locale.getLanguage())) {
                    return e.getValue();
                }
            }
        }
        return texts.get(DEFAULT_LANGUAGE);
    }

    /** The label's text in the preferred languages, or null for an absent (optional) label. */
    public static String resolve(I18n label, List<Locale> preferred) {
        return label == null ? null : label.resolve(preferred);
    }

    public String resolve(Locale locale) {
        return resolve(List.of(locale));
    }
}
