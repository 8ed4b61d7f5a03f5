package co.mesa.report;

import co.mesa.web.page.PageShell;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The ANS report as PDF (issue 24): the same figures as the page (the entity's indicator, the table by case type, the
 * rates and the survey), as lines of text in the font the case record embeds (LiberationSans, shipped with PDFBox,
 * decision 0017), so Spanish text and every figure can be read back. Counts and means only, like the page.
 */
final class ReportPdf {

    private static final String FONT = "/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf";
    private static final float MARGIN = 50;
    private static final float LEADING = 14;

    private ReportPdf() {
    }

    @SuppressWarnings("unchecked")
    static byte[] render(PageShell.Page page, String entity, Map<String, Object> model) {
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] {"h", page.t("report.title") + " — " + entity});
        lines.add(new String[] {"p", page.t("report.cases.period", model.get("desde"), model.get("hasta"))});
        Map<String, Object> indicator = (Map<String, Object>) model.get("indicator");
        if (indicator != null) {
            lines.add(new String[] {"h", page.t("report.indicator") + ": " + indicator.get("name")});
            for (Map<String, Object> r : (List<Map<String, Object>>) indicator.get("rows")) {
                lines.add(new String[] {"p", r.get("name") + ": " + r.get("pct") + " % ("
                        + page.t("report.indicator.met", r.get("met"), r.get("settled")) + ")"});
            }
        }
        lines.add(new String[] {"h", page.t("report.byType")});
        List<Map<String, Object>> types = new ArrayList<>((List<Map<String, Object>>) model.get("types"));
        types.add((Map<String, Object>) model.get("total"));
        for (Map<String, Object> t : types) {
            lines.add(new String[] {"b", String.valueOf(t.get("name"))});
            lines.add(new String[] {"p", page.t("report.col.filed") + " " + t.get("filed") + " · "
                    + page.t("report.col.closed") + " " + t.get("closed") + " · " + page.t("report.col.open") + " "
                    + t.get("open") + " · " + page.t("report.col.expired") + " " + t.get("expired")});
            lines.add(new String[] {"p", page.t("report.col.responsePct") + " " + t.get("responsePct") + " · "
                    + page.t("report.col.resolutionPct") + " " + t.get("resolutionPct")});
            lines.add(new String[] {"p", page.t("report.col.meanHours") + " " + t.get("meanHours") + " · "
                    + page.t("report.col.p90Hours") + " " + t.get("p90Hours") + " · "
                    + page.t("report.col.surveys") + " " + t.get("surveys") + " · "
                    + page.t("report.col.satisfaction") + " " + t.get("satisfaction")});
        }
        Map<String, Object> rates = (Map<String, Object>) model.get("rates");
        lines.add(new String[] {"h", page.t("report.rates")});
        for (Map<String, Object> r : (List<Map<String, Object>>) rates.get("rates")) {
            lines.add(new String[] {"p", r.get("name") + ": " + r.get("pct") + " % (" + r.get("part") + " / "
                    + r.get("whole") + ")"});
        }
        lines.add(new String[] {"p", page.t("report.survey.response", rates.get("surveyAnswered"),
                rates.get("surveyOffered"), rates.get("surveyPct"))});
        for (Map<String, Object> q : (List<Map<String, Object>>) rates.get("questions")) {
            lines.add(new String[] {"p", q.get("text") + " (" + q.get("kind") + "): " + q.get("mean") + " · "
                    + page.t("report.survey.col.answers") + " " + q.get("answers")});
        }
        return write(page.t("report.title") + " — " + entity, entity, lines);
    }

    private static byte[] write(String title, String entity, List<String[]> lines) {
        try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream();
             InputStream face = ReportPdf.class.getResourceAsStream(FONT)) {
            PDDocumentInformation info = new PDDocumentInformation();
            info.setTitle(title);
            info.setAuthor(entity);
            info.setCreator("Mesa");
            doc.setDocumentInformation(info);
            PDType0Font font = PDType0Font.load(doc, face, true);
            PDPageContentStream stream = null;
            float y = 0;
            for (String[] line : lines) {
                float size = "h".equals(line[0]) ? 14 : "b".equals(line[0]) ? 11 : 10;
                for (String part : wrap(line[1], font, size, PDRectangle.A4.getWidth() - 2 * MARGIN)) {
                    if (stream == null || y < MARGIN + LEADING) {
                        if (stream != null) {
                            stream.close();
                        }
                        PDPage p = new PDPage(PDRectangle.A4);
                        doc.addPage(p);
                        stream = new PDPageContentStream(doc, p);
                        y = PDRectangle.A4.getHeight() - MARGIN;
                    }
                    y -= "h".equals(line[0]) ? LEADING * 1.6f : LEADING;
                    stream.beginText();
                    stream.setFont(font, size);
                    stream.newLineAtOffset(MARGIN, y);
                    stream.showText(part);
                    stream.endText();
                }
            }
            if (stream != null) {
                stream.close();
            }
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> wrap(String text, PDType0Font font, float size, float width) throws IOException {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            String candidate = line.isEmpty() ? word : line + " " + word;
            if (!line.isEmpty() && font.getStringWidth(candidate) / 1000 * size > width) {
                out.add(line.toString());
                line = new StringBuilder(word);
            } else {
                line = new StringBuilder(candidate);
            }
        }
        out.add(line.toString());
        return out;
    }
}
