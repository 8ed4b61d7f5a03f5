package co.mesa.knowledge;

import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.safety.Cleaner;
import org.jsoup.safety.Safelist;

/**
 * An article's Markdown as safe HTML: commonmark escapes raw HTML and drops unsafe link targets
 * ({@code javascript:}), then jsoup keeps only a safelist of tags and attributes, so no script, style,
 * event handler or frame can come from an author's text (decision 0025).
 */
public final class Markdown {

    private static final Parser PARSER = Parser.builder().build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).build();
    private static final Safelist SAFELIST = Safelist.relaxed()
            .removeTags("div", "span")
            .addAttributes("a", "rel")
            .addEnforcedAttribute("a", "rel", "nofollow noopener")
            .removeProtocols("img", "src", "http")
            .preserveRelativeLinks(true);

    private Markdown() {
    }

    /** The body as HTML to place in a page unescaped. */
    public static String html(String markdown) {
        String raw = RENDERER.render(PARSER.parse(markdown == null ? "" : markdown));
        Document dirty = Jsoup.parseBodyFragment(raw, "https://kb.invalid/");
        Document clean = new Cleaner(SAFELIST).clean(dirty);
        clean.outputSettings().prettyPrint(false);
        return clean.body().html();
    }

    /** The body as plain text (for summaries of proposals, the API, searching). */
    public static String text(String markdown) {
        return Jsoup.parseBodyFragment(html(markdown)).text();
    }
}
