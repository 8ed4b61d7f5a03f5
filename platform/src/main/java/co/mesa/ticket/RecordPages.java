package co.mesa.ticket;

import io.micronaut.core.annotation.Nullable;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.graphics.state.RenderingMode;

import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The pages of a formal record: A4, a header on every page (the entity's logo and name, the
 * record's subtitle and scope), text that wraps by measured width, and a footer with "page X of Y"
 * written once the number of pages is known. One font (embedded), headings drawn bold by stroke.
 */
final class RecordPages {

    private static final float MARGIN = 50;
    private static final float TOP = 118;
    private static final float BOTTOM = 62;
    private static final float SIZE = 9.5f;
    private static final float LABEL_WIDTH = 165;
    private static final Color MUTED = new Color(0x57, 0x60, 0x6a);

    private final PDDocument doc;
    private final PDFont font;
    private final Map<Integer, Boolean> drawable = new HashMap<>();
    private final String entity;
    private final String subtitle;
    private final String scope;
    @Nullable
    private final PDImageXObject logo;
    private final List<PDPage> pages = new ArrayList<>();
    private PDPageContentStream out;
    private float y;

    RecordPages(PDDocument doc, PDFont font, String entity, String subtitle, String scope, @Nullable PDImageXObject logo) {
        this.doc = doc;
        this.font = font;
        this.entity = entity;
        this.subtitle = subtitle;
        this.scope = scope;
        this.logo = logo;
    }

    /** A section's heading, kept with at least two lines of what follows. */
    void heading(String text) throws IOException {
        need(SIZE * 5);
        y -= 8;
        line(MARGIN, text, 12, true, null);
        stroke(MARGIN, y + 6, width());
        y -= 8;
    }

    /** A label and its value in two columns; a long value wraps in its column. */
    void field(String label, @Nullable String value) throws IOException {
        List<String> labels = wrap(label, LABEL_WIDTH - 8, SIZE);
        List<String> values = wrap(value == null || value.isBlank() ? "—" : value, width() - LABEL_WIDTH, SIZE);
        int rows = Math.max(labels.size(), values.size());
        for (int i = 0; i < rows; i++) {
            need(SIZE * 1.5f);
            if (i < labels.size()) {
                text(MARGIN, y, labels.get(i), SIZE, true, MUTED);
            }
            if (i < values.size()) {
                text(MARGIN + LABEL_WIDTH, y, values.get(i), SIZE, false, null);
            }
            y -= SIZE * 1.45f;
        }
    }

    /** A paragraph, wrapped, indented by {@code indent} points. */
    void paragraph(String text, float indent, boolean bold, @Nullable Color color) throws IOException {
        for (String para : text.split("\\R", -1)) {
            for (String l : wrap(para, width() - indent, SIZE)) {
                need(SIZE * 1.5f);
                text(MARGIN + indent, y, l, SIZE, bold, color);
                y -= SIZE * 1.45f;
            }
        }
    }

    void gap(float points) {
        y -= points;
    }

    /**
     * Ends the last page and writes every page's footer, now that their number is known: {@code left}
     * on the left, and the page's number ({@code page(number, total)}) on the right.
     */
    void finish(String left, BiFunction<Integer, Integer, String> page) throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
        int total = pages.size();
        for (int i = 0; i < total; i++) {
            try (PDPageContentStream f = new PDPageContentStream(doc, pages.get(i), PDPageContentStream.AppendMode.APPEND, true, true)) {
                out = f;
                stroke(MARGIN, BOTTOM - 14, width());
                String number = drawable(page.apply(i + 1, total));
                float numberWidth = width(number, 8);
                text(MARGIN + width() - numberWidth, BOTTOM - 28, number, 8, false, MUTED);
                text(MARGIN, BOTTOM - 28, fit(left, width() - numberWidth - 16, 8), 8, false, MUTED);
            }
            out = null;
        }
    }

    private void line(float x, String s, float size, boolean bold, @Nullable Color color) throws IOException {
        for (String l : wrap(s, width() - (x - MARGIN), size)) {
            need(size * 1.5f);
            text(x, y, l, size, bold, color);
            y -= size * 1.45f;
        }
    }

    private void need(float height) throws IOException {
        if (out == null || y - height < BOTTOM) {
            newPage();
        }
    }

    private void newPage() throws IOException {
        if (out != null) {
            out.close();
        }
        PDPage page = new PDPage(PDRectangle.A4);
        doc.addPage(page);
        pages.add(page);
        out = new PDPageContentStream(doc, page);
        float top = page.getMediaBox().getHeight() - MARGIN;
        float x = MARGIN;
        if (logo != null) {
            float h = 40;
            float w = Math.min(120, h * logo.getWidth() / Math.max(1f, logo.getHeight()));
            out.drawImage(logo, MARGIN, top - h, w, h);
            x = MARGIN + w + 12;
        }
        text(x, top - 14, fit(entity, width() - (x - MARGIN), 13), 13, true, null);
        text(x, top - 30, fit(subtitle, width() - (x - MARGIN), 10), 10, false, null);
        text(MARGIN, top - 52, fit(scope, width(), 8), 8, false, MUTED);
        stroke(MARGIN, top - 58, width());
        y = page.getMediaBox().getHeight() - TOP;
    }

    private void text(float x, float at, String s, float size, boolean bold, @Nullable Color color) throws IOException {
        out.beginText();
        out.setFont(font, size);
        if (color != null) {
            out.setNonStrokingColor(color);
        }
        if (bold) {
            // One embedded face: bold is the same glyphs filled and stroked.
            out.setRenderingMode(RenderingMode.FILL_STROKE);
            out.setLineWidth(size / 30f);
            if (color != null) {
                out.setStrokingColor(color);
            }
        }
        out.newLineAtOffset(x, at);
        out.showText(s);
        out.endText();
        out.setRenderingMode(RenderingMode.FILL);
        out.setNonStrokingColor(Color.BLACK);
        out.setStrokingColor(Color.BLACK);
    }

    private void stroke(float x, float at, float length) throws IOException {
        out.setLineWidth(0.5f);
        out.setStrokingColor(MUTED);
        out.moveTo(x, at);
        out.lineTo(x + length, at);
        out.stroke();
        out.setStrokingColor(Color.BLACK);
    }

    private float width() {
        return PDRectangle.A4.getWidth() - 2 * MARGIN;
    }

    /** Lines of at most {@code max} points, broken at spaces (a word longer than a line is cut). */
    List<String> wrap(String text, float max, float size) throws IOException {
        String s = drawable(text);
        List<String> lines = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String word : s.split(" ", -1)) {
            String candidate = current.length() == 0 ? word : current + " " + word;
            if (width(candidate, size) <= max) {
                current.setLength(0);
                current.append(candidate);
                continue;
            }
            if (current.length() > 0) {
                lines.add(current.toString());
                current.setLength(0);
            }
            String rest = word;
            while (width(rest, size) > max && rest.length() > 1) {
                int cut = rest.length() - 1;
                while (cut > 1 && width(rest.substring(0, cut), size) > max) {
                    cut--;
                }
                lines.add(rest.substring(0, cut));
                rest = rest.substring(cut);
            }
            current.append(rest);
        }
        lines.add(current.toString());
        return lines;
    }

    private String fit(String text, float max, float size) throws IOException {
        String s = drawable(text);
        if (width(s, size) <= max) {
            return s;
        }
        while (s.length() > 1 && width(s + "…", size) > max) {
            s = s.substring(0, s.length() - 1);
        }
        return s + "…";
    }

    private float width(String s, float size) throws IOException {
        return font.getStringWidth(s) / 1000 * size;
    }

    /** Tabs become spaces, other control characters go, and a character the font cannot draw shows as "?". */
    private String drawable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            if (cp == '\t') {
                b.append(' ');
            } else if (Character.isISOControl(cp)) {
                return;
            } else if (drawable.computeIfAbsent(cp, this::hasGlyph)) {
                b.appendCodePoint(cp);
            } else {
                b.append('?');
            }
        });
        return b.toString();
    }

    private boolean hasGlyph(int cp) {
        try {
            font.encode(new String(Character.toChars(cp)));
            return true;
        } catch (IllegalArgumentException | IOException e) {
            return false;
        }
    }
}
