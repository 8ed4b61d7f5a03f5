package co.mesa.shared;

import jakarta.inject.Singleton;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/** The platform's message bundle ({@code i18n/messages}): Spanish (es-CO) by default, English second. */
@Singleton
public class Messages {

    public static final Locale DEFAULT = Locale.forLanguageTag("es-CO");

    /** The first supported language of the caller's preferences: es or en; es-CO otherwise. */
    public Locale pick(List<Locale> preferred) {
        for (Locale l : preferred) {
            if ("en".equals(l.getLanguage())) {
                return Locale.ENGLISH;
            }
            if ("es".equals(l.getLanguage())) {
                return DEFAULT;
            }
        }
        return DEFAULT;
    }

    public String get(Locale locale, String key, Object... args) {
        ResourceBundle bundle = ResourceBundle.getBundle("i18n.messages",
                "en".equals(locale.getLanguage()) ? Locale.ENGLISH : Locale.ROOT,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        try {
            String pattern = bundle.getString(key);
            return args.length == 0 ? pattern : new MessageFormat(pattern, locale).format(args);
        } catch (MissingResourceException e) {
            return key;
        }
    }
}
