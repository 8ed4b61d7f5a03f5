package co.mesa.onboarding;

import co.mesa.shared.Messages;
import co.mesa.tenantconfig.I18n;
import co.mesa.tenantconfig.TenantConfig;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.core.annotation.Nullable;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What an onboarding step says, kept as a message key with its arguments and put into words when the record is
 * read, in the reader's language (Spanish or English, from the platform's bundles; issue 20). Records written
 * before kept plain text, which shows as it was.
 */
final class StepText {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StepText() {
    }

    /** A step's message as stored: the key {@code onboarding.step.*} and its arguments. */
    static String of(String key, Object... args) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", key);
        List<String> texts = new ArrayList<>();
        for (Object a : args) {
            texts.add(String.valueOf(a));
        }
        m.put("args", texts);
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The stored message in the reader's language; plain text as it is. */
    static @Nullable String words(Messages messages, Locale locale, @Nullable String stored) {
        if (stored == null || !stored.startsWith("{\"key\":\"onboarding.step.")) {
            return stored;
        }
        try {
            JsonNode n = JSON.readTree(stored);
            List<Object> args = new ArrayList<>();
            n.path("args").forEach(a -> args.add(a.asText()));
            return messages.get(locale, n.path("key").asText(), args.toArray());
        } catch (JsonProcessingException e) {
            return stored;
        }
    }

    /**
     * Warnings for the operator (issue 20): a mail sender name ({@code settings.yaml notifications.fromName}) that
     * names neither the entity's name nor its short name in that language, so citizens would not recognise it.
     */
    static List<String> warnings(Messages messages, Locale locale, TenantConfig config) {
        List<String> out = new ArrayList<>();
        I18n from = config.settings().notifications().fromName();
        if (from == null) {
            return out;
        }
        for (Map.Entry<String, String> e : from.texts().entrySet()) {
            String language = e.getKey();
            String sender = e.getValue();
            String name = text(config.tenant().name(), language);
            String shortName = text(config.tenant().shortName(), language);
            if (!mentions(sender, name) && !mentions(sender, shortName)) {
                out.add(messages.get(locale, "onboarding.warning.sender-name", sender, language,
                        shortName != null ? shortName : String.valueOf(name)));
            }
        }
        return out;
    }

    private static @Nullable String text(@Nullable I18n label, String language) {
        if (label == null) {
            return null;
        }
        String exact = label.texts().get(language);
        return exact != null ? exact : label.texts().get(I18n.DEFAULT_LANGUAGE);
    }

    private static boolean mentions(String sender, @Nullable String name) {
        return name != null && !name.isBlank() && plain(sender).contains(plain(name));
    }

    /** Lower case without accents or a parenthesised abbreviation: "Función Pública (DAFP)" → "funcion publica". */
    private static String plain(String s) {
        String noParens = s.replaceAll("\\s*\\([^)]*\\)", "");
        return Normalizer.normalize(noParens, Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT)
                .replaceAll("\\s+", " ").strip();
    }
}
