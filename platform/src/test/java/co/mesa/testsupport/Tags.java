package co.mesa.testsupport;

import java.util.UUID;

/** Unique words for test data that search must find as words: letters only, always as long as asked. */
public final class Tags {

    private Tags() {
    }

    /** {@code n} (at most 32) lowercase letters from a random UUID: each hex digit becomes one of a–p. */
    public static String letters(int n) {
        String hex = UUID.randomUUID().toString().replace("-", "");
        StringBuilder out = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            out.append((char) ('a' + Character.digit(hex.charAt(i), 16)));
        }
        return out.toString();
    }
}
