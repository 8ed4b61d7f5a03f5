package co.mesa.ticket;

import co.mesa.tenantconfig.TenantConfig;
import io.micronaut.core.annotation.Nullable;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A case's template fields as a person reads them: each field's label from the template's
 * definition, options by their labels, yes/no in words and people by name, all in the given
 * languages. The portal's and the console's case pages and the case record PDF share it, so the
 * three never disagree; an option or field the tenant's config no longer defines shows its key.
 */
public final class FilledFields {

    /** The catalog's person-type field. */
    public static final String USER = "user";

    private FilledFields() {
    }

    /** The words the caller's medium supplies from its message bundle. */
    public record Words(String yes, String no, String unknownPerson) {
    }

    /** One filled field: its key, its label and its value in words. */
    public record Shown(String key, String label, String value) {
    }

    /**
     * The field definitions by key of the template {@code template} of the service {@code service};
     * empty without a template or when the config no longer has it.
     */
    public static Map<String, TenantConfig.Field> definitions(TenantConfig config, String service,
                                                              @Nullable String template) {
        Map<String, TenantConfig.Field> out = new HashMap<>();
        if (template == null) {
            return out;
        }
        config.catalog().service(service).flatMap(s -> s.templates().stream()
                        .filter(t -> t.key().equals(template)).findFirst())
                .ifPresent(t -> t.fields().forEach(f -> out.put(f.key(), f)));
        return out;
    }

    /** The ids that the person-type fields among {@code values} hold, to look their names up in one trip. */
    public static Set<UUID> personIds(Map<String, TenantConfig.Field> definitions, Map<String, Object> values) {
        Set<UUID> out = new HashSet<>();
        values.forEach((key, v) -> {
            TenantConfig.Field field = definitions.get(key);
            if (field != null && USER.equals(field.type())) {
                CaseService.uuid(String.valueOf(v)).ifPresent(out::add);
            }
        });
        return out;
    }

    /**
     * The fields as filled, in the order of {@code values}; {@code names} holds the names of the
     * people of {@link #personIds} that the tenant's directory knows. A person it does not know is
     * {@link Words#unknownPerson}, never the bare id.
     */
    public static List<Shown> shown(Map<String, TenantConfig.Field> definitions, Map<String, Object> values,
                                    List<Locale> languages, Map<UUID, String> names, Words words) {
        List<Shown> out = new ArrayList<>();
        values.forEach((key, v) -> {
            TenantConfig.Field field = definitions.get(key);
            String label = field == null || field.label() == null ? key : field.label().resolve(languages);
            out.add(new Shown(key, label, value(field, v, languages, names, words)));
        });
        return out;
    }

    private static String value(@Nullable TenantConfig.Field field, Object v, List<Locale> languages,
                                Map<UUID, String> names, Words words) {
        if (field != null && USER.equals(field.type())) {
            return CaseService.uuid(String.valueOf(v)).map(names::get).orElseGet(words::unknownPerson);
        }
        if (v instanceof Boolean b) {
            return b ? words.yes() : words.no();
        }
        if (v instanceof List<?> list) {
            List<String> labels = new ArrayList<>();
            list.forEach(x -> labels.add(option(field, String.valueOf(x), languages)));
            return String.join(", ", labels);
        }
        return option(field, String.valueOf(v), languages);
    }

    private static String option(@Nullable TenantConfig.Field field, String key, List<Locale> languages) {
        if (field == null) {
            return key;
        }
        return field.options().stream().filter(o -> o.key().equals(key) && o.label() != null)
                .map(o -> o.label().resolve(languages)).findFirst().orElse(key);
    }
}
