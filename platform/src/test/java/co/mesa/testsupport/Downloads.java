package co.mesa.testsupport;

import com.microsoft.playwright.Page;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Files that pages link to, fetched as the page would (its session, its host), and PDFs read back as text. */
public final class Downloads {

    private Downloads() {
    }

    /** What the link at {@code selector} downloads, fetched by the page itself; insists on a 200 PDF. */
    @SuppressWarnings("unchecked")
    public static byte[] pdfBehind(Page page, String selector) {
        Map<String, Object> r = (Map<String, Object>) page.locator(selector).evaluate(
                "async a => { const r = await fetch(a.href); const b = new Uint8Array(await r.arrayBuffer());"
                        + " let s = ''; for (const x of b) { s += String.fromCharCode(x); }"
                        + " return {status: r.status, type: r.headers.get('content-type') || '', body: btoa(s)}; }");
        assertThat(((Number) r.get("status")).intValue()).as(selector).isEqualTo(200);
        assertThat((String) r.get("type")).as(selector).startsWith("application/pdf");
        return Base64.getDecoder().decode((String) r.get("body"));
    }

    /** A PDF's text, as PDFBox extracts it. */
    public static String pdfText(byte[] pdf) {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
