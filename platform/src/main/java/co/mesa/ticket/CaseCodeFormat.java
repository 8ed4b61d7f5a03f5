package co.mesa.ticket;

import co.mesa.tenantconfig.TenantConfig;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tenant's case-code pattern ({@code "{prefix} {year}-{seq:6}"} → {@code REIO 2025-064270}): pure
 * formatting, the numbers come from {@link CaseCodes}.
 */
public final class CaseCodeFormat {

    private static final Pattern SEQ = Pattern.compile("\\{seq:(\\d+)}");

    private CaseCodeFormat() {
    }

    /** The code for a sequence number; a number wider than the pattern's width keeps all its digits. */
    public static String format(TenantConfig.CaseCode code, int year, long seq) {
        String withFixed = code.pattern().replace("{prefix}", code.prefix()).replace("{year}", String.valueOf(year));
        Matcher m = SEQ.matcher(withFixed);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            int width = Integer.parseInt(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(String.format("%0" + width + "d", seq)));
        }
        m.appendTail(out);
        return out.toString();
    }
}
