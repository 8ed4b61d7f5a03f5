package co.mesa.knowledge;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;

import java.util.ArrayList;
import java.util.List;

/** A readable line-by-line difference between two versions of an article's text (java-diff-utils). */
public final class ArticleDiff {

    private ArticleDiff() {
    }

    public enum Kind { SAME, REMOVED, ADDED }

    public record Line(Kind kind, String text) {
        public boolean removed() {
            return kind == Kind.REMOVED;
        }

        public boolean added() {
            return kind == Kind.ADDED;
        }
    }

    /** Every line of {@code from} and {@code to} in order, each kept, removed or added. */
    public static List<Line> body(String from, String to) {
        List<String> a = List.of(from.split("\n", -1));
        List<String> b = List.of(to.split("\n", -1));
        Patch<String> patch = DiffUtils.diff(a, b);
        List<Line> out = new ArrayList<>();
        int i = 0;
        for (AbstractDelta<String> d : patch.getDeltas()) {
            int at = d.getSource().getPosition();
            while (i < at) {
                out.add(new Line(Kind.SAME, a.get(i++)));
            }
            d.getSource().getLines().forEach(l -> out.add(new Line(Kind.REMOVED, l)));
            d.getTarget().getLines().forEach(l -> out.add(new Line(Kind.ADDED, l)));
            i += d.getSource().size();
        }
        while (i < a.size()) {
            out.add(new Line(Kind.SAME, a.get(i++)));
        }
        return out;
    }

    /** The difference of two versions: title, summary, keywords, audience and services as lines, then the body. */
    public static List<Line> versions(Article.Draft from, Article.Draft to) {
        List<Line> out = new ArrayList<>();
        field(out, "# ", from.title(), to.title());
        field(out, "> ", from.summary(), to.summary());
        field(out, "keywords: ", String.join(", ", from.keywords()), String.join(", ", to.keywords()));
        field(out, "audience: ", from.audience().key() + " " + from.audienceGroups(), to.audience().key() + " " + to.audienceGroups());
        field(out, "services: ", String.join(", ", from.services()), String.join(", ", to.services()));
        out.addAll(body(from.body(), to.body()));
        return out;
    }

    private static void field(List<Line> out, String prefix, String from, String to) {
        if (from.equals(to)) {
            out.add(new Line(Kind.SAME, prefix + from));
        } else {
            out.add(new Line(Kind.REMOVED, prefix + from));
            out.add(new Line(Kind.ADDED, prefix + to));
        }
    }
}
