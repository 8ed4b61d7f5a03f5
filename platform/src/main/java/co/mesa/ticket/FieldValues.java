package co.mesa.ticket;

import co.mesa.tenantconfig.TenantConfig;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** Checks a template field's value against its type; the answer is a message key, or empty when fine. */
final class FieldValues {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[A-Za-z]{2,}$");
    private static final Pattern PHONE = Pattern.compile("^[+0-9 ()-]{5,30}$");
    private static final int TEXT_MAX = 500;
    private static final int TEXTAREA_MAX = 10_000;

    private FieldValues() {
    }

    static Optional<String> check(TenantConfig.Field field, Object value) {
        return switch (field.type()) {
            case "text" -> value instanceof String s && s.length() <= TEXT_MAX ? ok() : bad("case.param.field.text");
            case "textarea" -> value instanceof String s && s.length() <= TEXTAREA_MAX ? ok() : bad("case.param.field.text");
            case "number" -> value instanceof Number ? ok() : bad("case.param.field.number");
            case "date" -> value instanceof String s && isDate(s) ? ok() : bad("case.param.field.date");
            case "email" -> value instanceof String s && EMAIL.matcher(s).matches() ? ok() : bad("case.param.field.email");
            case "phone" -> value instanceof String s && PHONE.matcher(s).matches() ? ok() : bad("case.param.field.phone");
            case "select" -> value instanceof String s && isOption(field, s) ? ok() : bad("case.param.field.option");
            case "multiselect" -> value instanceof List<?> l && l.stream().allMatch(v -> v instanceof String s && isOption(field, s))
                    ? ok() : bad("case.param.field.option");
            case "checkbox" -> value instanceof Boolean ? ok() : bad("case.param.field.boolean");
            case "user" -> value instanceof String s && isUuid(s) ? ok() : bad("case.param.person.unknown");
            default -> bad("case.param.field.unknown");
        };
    }

    private static boolean isOption(TenantConfig.Field field, String key) {
        return field.options().stream().anyMatch(o -> o.key().equals(key));
    }

    private static boolean isDate(String s) {
        try {
            LocalDate.parse(s);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean isUuid(String s) {
        try {
            UUID.fromString(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Optional<String> ok() {
        return Optional.empty();
    }

    private static Optional<String> bad(String key) {
        return Optional.of(key);
    }
}
