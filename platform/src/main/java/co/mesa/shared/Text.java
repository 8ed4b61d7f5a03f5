package co.mesa.shared;

import io.micronaut.core.annotation.Nullable;

import java.util.OptionalInt;

/** Checks on text that clients send: characters no person types and PostgreSQL refuses (U+0000). */
public final class Text {

    private Text() {
    }

    /**
     * The first control character of {@code s} that text input may not carry: C0 controls and DEL, except
     * TAB, LF and CR (multi-line text keeps them). Empty when there is none.
     */
    public static OptionalInt forbiddenControl(@Nullable String s) {
        if (s == null) {
            return OptionalInt.empty();
        }
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if ((ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') || ch == 0x7f) {
                return OptionalInt.of(ch);
            }
        }
        return OptionalInt.empty();
    }

    /** The code point as people write it: "U+0000". */
    public static String codePoint(int ch) {
        return String.format("U+%04X", ch);
    }
}
