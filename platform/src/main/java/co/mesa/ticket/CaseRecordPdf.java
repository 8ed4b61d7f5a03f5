package co.mesa.ticket;

import co.mesa.shared.Messages;
import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.ticket.internal.CaseRow;
import co.mesa.ticket.internal.CaseStore;
import co.mesa.ticket.internal.EventRow;
import jakarta.inject.Singleton;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The PDF of a case record ("Incluir informe PDF del registro", 002 §15.1): its fields and its
 * history, times in the tenant's zone; template fields as {@link FilledFields} words them, in the
 * tenant's language. Plain PDF with the standard fonts (Latin-1 covers Spanish).
 */
@Singleton
public class CaseRecordPdf {

    private static final float MARGIN = 50;
    private static final float LEADING = 14;

    private final CaseStore store;
    private final Messages messages;

    public CaseRecordPdf(CaseStore store, Messages messages) {
        this.store = store;
        this.messages = messages;
    }

    /** The PDF of a case of this tenant (in the caller's transaction), or empty when there is no such case. */
    public Optional<byte[]> render(Connection c, TenantContext tenant, UUID caseId) throws SQLException {
        Optional<CaseRow> found = store.find(c, caseId, false);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        CaseRow row = found.get();
        Locale locale = Locale.forLanguageTag(tenant.config().tenant().locale());
        DateTimeFormatter at = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", locale)
                .withZone(ZoneId.of(tenant.config().tenant().timeZone()));
        // The template's fields as the case pages show them: labels and options in the record's
        // language, people by name. Names come in the same trip (and transaction) as the requester's.
        Map<String, TenantConfig.Field> definitions = FilledFields.definitions(tenant.config(), row.service(), row.template());
        Set<UUID> people = new HashSet<>(FilledFields.personIds(definitions, row.fields()));
        people.add(row.requesterId());
        people.add(row.registeredById());
        Map<UUID, String> names = store.names(c, people);
        List<String> lines = new ArrayList<>();
        lines.add(tenant.config().tenant().name().resolve(locale));
        lines.add("");
        lines.add("Caso " + row.code() + " - " + row.title());
        lines.add("Estado: " + row.state() + (row.substate() == null ? "" : " / " + row.substate()));
        lines.add("Registrado: " + at.format(row.createdAt()) + " por " + names.getOrDefault(row.registeredById(), ""));
        lines.add("Notificado por: " + names.getOrDefault(row.requesterId(), ""));
        lines.add("Servicio / categoría: " + row.service() + (row.category() == null ? "" : " / " + row.category()));
        lines.add("Prioridad: " + row.priority() + "   Grupo: " + (row.assignedGroup() == null ? "-" : row.assignedGroup()));
        lines.add("");
        lines.add("Descripción:");
        lines.addAll(wrap(row.description(), 95));
        Locale words = messages.pick(List.of(locale));
        FilledFields.Words yesNo = new FilledFields.Words(messages.get(words, "case.record.yes"),
                messages.get(words, "case.record.no"), messages.get(words, "case.record.person.unknown"));
        for (FilledFields.Shown f : FilledFields.shown(definitions, row.fields(), List.of(locale), names, yesNo)) {
            lines.add(f.label() + ": " + f.value());
        }
        lines.add("");
        lines.add("Historial:");
        for (EventRow e : store.events(c, caseId, 0)) {
            lines.add(at.format(e.at()) + "  " + e.kind() + (e.published() ? "" : " (interno)"));
            if (e.note() != null) {
                wrap(e.note(), 90).forEach(l -> lines.add("    " + l));
            }
        }
        try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDDocumentInformation info = new PDDocumentInformation();
            info.setTitle("Caso " + row.code());
            doc.setDocumentInformation(info);
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            PDPageContentStream page = null;
            float y = 0;
            for (String line : lines) {
                if (page == null || y < MARGIN) {
                    if (page != null) {
                        page.endText();
                        page.close();
                    }
                    PDPage p = new PDPage(PDRectangle.A4);
                    doc.addPage(p);
                    page = new PDPageContentStream(doc, p);
                    page.beginText();
                    page.setFont(font, 10);
                    y = p.getMediaBox().getHeight() - MARGIN;
                    page.newLineAtOffset(MARGIN, y);
                }
                page.showText(latin1(line));
                page.newLineAtOffset(0, -LEADING);
                y -= LEADING;
            }
            if (page != null) {
                page.endText();
                page.close();
            }
            doc.save(out);
            return Optional.of(out.toByteArray());
        } catch (IOException e) {
            throw new IllegalStateException("cannot render the PDF of case " + row.code(), e);
        }
    }

    private static List<String> wrap(String text, int width) {
        List<String> out = new ArrayList<>();
        for (String para : text.split("\\R")) {
            String rest = para;
            while (rest.length() > width) {
                int cut = rest.lastIndexOf(' ', width);
                cut = cut <= 0 ? width : cut;
                out.add(rest.substring(0, cut));
                rest = rest.substring(cut).stripLeading();
            }
            out.add(rest);
        }
        return out;
    }

    /** The standard fonts draw Latin-1; anything else becomes "?" rather than failing the PDF. */
    private static String latin1(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            b.append(ch < 256 && (ch >= 32 || ch == '\t') ? ch : (ch == '\u2013' || ch == '\u2014' ? '-' : '?'));
        }
        return b.toString();
    }
}
