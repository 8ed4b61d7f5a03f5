package co.mesa.notification;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The readable text of an inbound message: HTML through a real parser (jsoup: entities decoded,
 * {@code <style>}, {@code <script>} and {@code <head>} dropped, blocks on their own lines), and the quoted
 * earlier messages of a reply trimmed off so that a comment holds what the person wrote.
 */
public final class MailText {

    private static final Set<String> BLOCKS = Set.of("p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5",
            "h6", "blockquote", "pre", "table", "ul", "ol", "hr", "section", "article", "header", "footer");

    /** Lines that open the quoted message in Spanish and English mail clients. */
    private static final Pattern QUOTE_HEADER = Pattern.compile(
            "^\\s*(El .{0,200}escribió:|On .{0,200}wrote:|-{2,}\\s*(Mensaje original|Original Message)\\s*-{2,}"
                    + "|_{5,}|(De|From):\\s.*@.*)\\s*$", Pattern.CASE_INSENSITIVE);

    private MailText() {
    }

    /** The text a person reads in this HTML. */
    public static String fromHtml(String html) {
        Document doc = Jsoup.parse(html);
        doc.select("style, script, head, title, noscript, template").remove();
        // Clients mark the earlier message so; it is the quote, not what the person wrote.
        doc.select("blockquote[type=cite], div.gmail_quote, div.yahoo_quoted, #divRplyFwdMsg, #appendonsend").remove();
        StringBuilder out = new StringBuilder();
        NodeTraversor.traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode t) {
                    out.append(t.text());
                } else if (node instanceof Element e && BLOCKS.contains(e.normalName())) {
                    newline(out);
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element e && BLOCKS.contains(e.normalName()) && !"br".equals(e.normalName())) {
                    newline(out);
                }
            }
        }, doc.body());
        return tidy(out.toString());
    }

    /** The text without the quoted earlier messages of a reply ({@code > } lines and what follows "On … wrote:"). */
    public static String trimQuoted(String text) {
        List<String> kept = new ArrayList<>();
        for (String line : text.split("\\R", -1)) {
            if (QUOTE_HEADER.matcher(line).matches() && !kept.stream().allMatch(String::isBlank)) {
                break;
            }
            if (line.stripLeading().startsWith(">")) {
                continue;
            }
            kept.add(line);
        }
        String trimmed = tidy(String.join("\n", kept));
        // A message that is nothing but a quote keeps its text: better too much than an empty comment.
        return trimmed.isBlank() ? tidy(text) : trimmed;
    }

    private static void newline(StringBuilder out) {
        if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
            out.append('\n');
        }
    }

    private static String tidy(String s) {
        return s.replace('\u00a0', ' ').replaceAll("[ \\t]+", " ").replaceAll("(?m)^ +| +$", "")
                .replaceAll("\\n{3,}", "\n\n").strip();
    }
}
