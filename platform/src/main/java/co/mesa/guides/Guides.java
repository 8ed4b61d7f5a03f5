package co.mesa.guides;

import jakarta.inject.Singleton;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.Heading;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.jsoup.Jsoup;
import org.jsoup.safety.Safelist;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The role guides as the pages show them: each Markdown file (packaged from docs/guias/ as classpath
 * resources {@code guias/<id>.md} and {@code guias/en/<id>.md}) parsed once into its title, introduction and
 * sections; a section is a level-2 heading written {@code ## Title {#id}} and what follows it.
 *
 * <p>Markdown goes through commonmark-java with raw HTML escaped and unsafe URLs dropped; an entity's own
 * notes (tenant data, written by its administrators) are also cleaned by jsoup's safelist. Images point at
 * the screenshots the browser tests produce, served as static assets under {@code /assets/guias/img/};
 * links between guides ({@code agente.md#cola}) become links between guide pages.
 */
@Singleton
public class Guides {

    /** Where the screenshots are served (themes jar: themes/guias/img/). */
    public static final String IMAGES = "/assets/guias/img/";
    private static final Pattern SECTION_ID = Pattern.compile("\\s*\\{#([a-z0-9-]+)}\\s*$");
    private static final Pattern GUIDE_LINK = Pattern.compile("^(?:\\.\\./)?([a-z]+)\\.md(#[a-z0-9-]+)?$");

    private final Parser parser = Parser.builder().build();
    private final HtmlRenderer renderer = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).build();
    /** Both languages of every guide, parsed at start: a fixed, small set (5 × 2), so no cache is needed. */
    private final Map<Guide, Document> spanish = new EnumMap<>(Guide.class);
    private final Map<Guide, Document> english = new EnumMap<>(Guide.class);

    /** One section of a guide: its id (the anchor), its title and its body as safe HTML. */
    public record Section(String id, String title, String html) {
    }

    /** A guide in one language. */
    public record Document(String title, String intro, List<Section> sections) {
        public boolean has(String sectionId) {
            return sections.stream().anyMatch(s -> s.id().equals(sectionId));
        }
    }

    public Guides() {
        for (Guide g : Guide.values()) {
            spanish.put(g, parse(read("guias/" + g.id() + ".md")));
            english.put(g, parse(read("guias/en/" + g.id() + ".md")));
        }
    }

    /** The guide in the page's language (English for "en", Spanish otherwise). */
    public Document document(Guide guide, Locale locale) {
        return "en".equals(locale.getLanguage()) ? english.get(guide) : spanish.get(guide);
    }

    /** An entity's note (Markdown from tenant data) as safe HTML: no raw HTML, no script, no unsafe link. */
    public String note(String markdown) {
        return Jsoup.clean(renderer.render(parser.parse(markdown)), Safelist.basic());
    }

    private static String read(String resource) {
        try (InputStream in = Guides.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("guide " + resource + " is missing from the classpath (themes jar)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Document parse(String markdown) {
        Node doc = parser.parse(markdown);
        doc.accept(new AbstractVisitor() {
            @Override
            public void visit(Image image) {
                String dest = image.getDestination();
                image.setDestination(IMAGES + dest.substring(dest.lastIndexOf('/') + 1));
                visitChildren(image);
            }

            @Override
            public void visit(Link link) {
                Matcher m = GUIDE_LINK.matcher(link.getDestination());
                if (m.matches()) {
                    link.setDestination("/ayuda/" + m.group(1) + (m.group(2) == null ? "" : m.group(2)));
                }
                visitChildren(link);
            }
        });
        String title = "";
        StringBuilder intro = new StringBuilder();
        List<Section> sections = new ArrayList<>();
        String id = null;
        String sectionTitle = null;
        StringBuilder body = new StringBuilder();
        for (Node n = doc.getFirstChild(); n != null; n = n.getNext()) {
            if (n instanceof Heading h && h.getLevel() == 1) {
                title = text(h);
            } else if (n instanceof Heading h && h.getLevel() == 2) {
                if (id != null) {
                    sections.add(new Section(id, sectionTitle, body.toString()));
                }
                String full = text(h);
                Matcher m = SECTION_ID.matcher(full);
                if (!m.find()) {
                    throw new IllegalStateException("guide section without an id: \"" + full + "\" (write ## Title {#id})");
                }
                id = m.group(1);
                sectionTitle = full.substring(0, m.start()).strip();
                body = new StringBuilder();
            } else {
                (id == null ? intro : body).append(renderer.render(n));
            }
        }
        if (id != null) {
            sections.add(new Section(id, sectionTitle, body.toString()));
        }
        return new Document(title, intro.toString(), List.copyOf(sections));
    }

    private static String text(Node node) {
        StringBuilder out = new StringBuilder();
        node.accept(new AbstractVisitor() {
            @Override
            public void visit(Text text) {
                out.append(text.getLiteral());
            }

            @Override
            public void visit(Code code) {
                out.append(code.getLiteral());
            }
        });
        return out.toString();
    }
}
