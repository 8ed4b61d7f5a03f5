package co.mesa.adminpages;

import java.util.Locale;
import java.util.regex.Pattern;

/** WCAG 2.1 contrast ratios between hex colours, so administrators cannot brand the pages unreadable. */
public final class Contrast {

    /** The colours administrators store: {@code #rrggbb} only. */
    public static final Pattern HEX = Pattern.compile("#[0-9a-fA-F]{6}");
    /** WCAG 2.1 AA for normal text. */
    public static final double AA = 4.5;

    private Contrast() {
    }

    /** The contrast ratio (1–21) of two {@code #rrggbb} colours. */
    public static double ratio(String a, String b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    /** The ratio written for people: one decimal, rounded down so 4.49 never reads as 4.5. */
    public static String format(double ratio, Locale locale) {
        return String.format(locale, "%.1f", Math.floor(ratio * 10) / 10);
    }

    static double luminance(String hex) {
        int rgb = Integer.parseInt(hex.substring(1), 16);
        return 0.2126 * channel((rgb >> 16) & 0xff) + 0.7152 * channel((rgb >> 8) & 0xff) + 0.0722 * channel(rgb & 0xff);
    }

    private static double channel(int value) {
        double c = value / 255.0;
        return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }
}
