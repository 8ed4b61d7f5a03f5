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
 * history, times in the tenant's zone, all in one language (that of the e-mail that carries it):
 * headings from the message bundle; state, substate, service, category, priority, group and history
 * entries by the tenant data's names as the case page gives them ({@link CaseViews}); template fields
 * as {@link FilledFields} words them. Plain PDF with the standard fonts (Latin-1 covers Spanish).
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

    /**
     * The PDF of a case of this tenant (in the caller's transaction) in {@code language}, or empty when
     * there is no such case.
     */
    public Optional<byte[]> render(Connection c, TenantContext tenant, UUID caseId, Locale language) throws SQLException {
        Optional<CaseRow> found = store.find(c, caseId, false);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        CaseRow row = found.get();
        TenantConfig config = tenant.config();
        List<Locale> languages = List.of(language);
        Locale words = messages.pick(languages);
        DateTimeFormatter at = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", language)
                .withZone(ZoneId.of(config.tenant().timeZone()));
        // The template's fields as the case pages show them: labels and options in the record's
        // language, people by name. Names come in the same trip (and transaction) as the requester's.
        Map<String, TenantConfig.Field> definitions = FilledFields.definitions(config, row.service(), row.template());
        Set<UUID> people = new HashSet<>(FilledFields.personIds(definitions, row.fields()));
        people.add(row.requesterId());
        people.add(row.registeredById());
        Map<UUID, String> names = store.names(c, people);
        CaseView.Ref substate = CaseViews.substate(config, row, languages);
        CaseView.Ref category = CaseViews.category(config, row, languages);
        CaseView.Ref group = CaseViews.group(config, row, languages);
        List<String> lines = new ArrayList<>();
        lines.add(config.tenant().name().resolve(languages));
        lines.add("");
        lines.add(messages.get(words, "case.record.heading", row.code(), row.title()));
        lines.add(messages.get(words, "case.record.state", CaseViews.state(config, row, languages).name()
                + (substate == null ? "" : " / " + substate.name())));
        lines.add(messages.get(words, "case.record.registered", at.format(row.createdAt()),
                names.getOrDefault(row.registeredById(), "")));
        lines.add(messages.get(words, "case.record.requester", names.getOrDefault(row.requesterId(), "")));
        lines.add(messages.get(words, "case.record.service", CaseViews.service(config, row, languages).name()
                + (category == null ? "" : " / " + category.name())));
        lines.add(messages.get(words, "case.record.priority", CaseViews.priority(config, row, languages).name()) + "   "
                + messages.get(words, "case.record.group",
                group == null ? messages.get(words, "case.record.group.none") : group.name()));
        lines.add("");
        lines.add(messages.get(words, "case.record.description"));
        lines.addAll(wrap(row.description(), 95));
        FilledFields.Words yesNo = new FilledFields.Words(messages.get(words, "case.record.yes"),
                messages.get(words, "case.record.no"), messages.get(words, "case.record.person.unknown"));
        for (FilledFields.Shown f : FilledFields.shown(definitions, row.fields(), languages, names, yesNo)) {
            lines.add(f.label() + ": " + f.value());
        }
        lines.add("");
        lines.add(messages.get(words, "case.record.history"));
        String internal = " " + messages.get(words, "case.record.internal");
        for (EventRow e : store.events(c, caseId, 0)) {
            lines.add(at.format(e.at()) + "  " + CaseViews.eventLabel(config, messages, e.kind(), languages)
                    + (e.published() ? "" : internal));
            if (e.note() != null) {
                wrap(e.note(), 90).forEach(l -> lines.add("    " + l));
            }
        }
        try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDDocumentInformation info = new PDDocumentInformation();
            info.setTitle(messages.get(words, "case.record.title", row.code()));
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
