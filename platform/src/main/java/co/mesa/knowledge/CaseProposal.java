package co.mesa.knowledge;

import co.mesa.ticket.CaseView;
import io.micronaut.core.annotation.Nullable;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * "Proponer como conocimiento": a draft from a solved case, with the case's solution and none of the requester's
 * personal data. Their name (and each part of it), e-mail, phones and contact details are removed, as is any
 * e-mail address or phone-like number; the agent reviews the draft before sending it to review.
 */
public final class CaseProposal {

    /** What stands where personal data was. */
    public static final String REMOVED = "[dato personal retirado]";
    private static final Pattern EMAIL = Pattern.compile("[\\p{L}\\p{N}._%+-]+@[\\p{L}\\p{N}.-]+\\.[\\p{L}]{2,}");
    /** Seven or more digits, possibly separated by spaces, dots or dashes (phones, extensions with area codes, ids). */
    private static final Pattern PHONE = Pattern.compile("\\+?\\d[\\d .-]{5,}\\d");

    private CaseProposal() {
    }

    /** The draft: the case's title, its last signed solution, the case's service; audience staff until the agent says. */
    public static Article.Draft draft(CaseView c, List<String> personal) {
        String solution = solution(c);
        List<String> values = new ArrayList<>(personal);
        values.add(c.requester().name());
        values.addAll(c.contact().values());
        String title = withoutPersonalData(c.title(), values);
        String body = withoutPersonalData(solution == null ? c.description() : solution, values);
        String summary = withoutPersonalData(c.description(), values);
        if (summary.length() > 300) {
            summary = summary.substring(0, 297) + "...";
        }
        return new Article.Draft(title, summary.replaceAll("\\s+", " ").strip(), body, List.of(),
                List.of(c.service().key()), c.category() == null ? List.of() : List.of(c.category().key()),
                Article.Audience.STAFF, List.of());
    }

    /** The note of the case's last signed solution, or null. */
    @Nullable
    public static String solution(CaseView c) {
        String out = null;
        for (CaseView.EventView e : c.events()) {
            if (("signSolution".equals(e.kind()) || "firstLineSolution".equals(e.kind())) && e.note() != null) {
                out = e.note();
            }
        }
        return out;
    }

    /** The text with each of {@code values} (and each word of a name in them), e-mail addresses and phones removed. */
    public static String withoutPersonalData(String text, List<String> values) {
        String out = EMAIL.matcher(text).replaceAll(REMOVED);
        out = PHONE.matcher(out).replaceAll(REMOVED);
        List<String> parts = new ArrayList<>();
        for (String v : values) {
            if (v == null || v.isBlank()) {
                continue;
            }
            parts.add(v.strip());
            for (String word : v.strip().split("\\s+")) {
                if (word.length() >= 3) {
                    parts.add(word);
                }
            }
        }
        parts.sort(Comparator.comparingInt(String::length).reversed());
        for (String p : parts) {
            out = Pattern.compile("(?iu)(?<![\\p{L}\\p{N}])" + Pattern.quote(p) + "(?![\\p{L}\\p{N}])").matcher(out)
                    .replaceAll(java.util.regex.Matcher.quoteReplacement(REMOVED));
        }
        // "[dato personal retirado] [dato personal retirado]" (a full name) reads as one.
        String twice = Pattern.quote(REMOVED) + "(\\s+" + Pattern.quote(REMOVED) + ")+";
        return out.replaceAll(twice, java.util.regex.Matcher.quoteReplacement(REMOVED));
    }
}
