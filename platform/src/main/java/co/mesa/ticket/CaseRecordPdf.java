package co.mesa.ticket;

import co.mesa.identity.Roles;
import co.mesa.shared.Messages;
import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.ticket.internal.CaseRow;
import co.mesa.ticket.internal.CaseStore;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.GregorianCalendar;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The case record as a formal PDF ("Incluir informe PDF del registro", 002 §15.1; evidence after
 * closure, 004 act. 8): the entity's logo and name, the case's data, its SLA targets with due dates
 * and outcome, the history with times in the entity's zone, page numbers and when it was produced.
 * One language (that of the e-mail that carries it, from the bundles and the tenant data's names).
 *
 * <p>What it holds depends on its {@link Scope}, and the scope is decided by who receives it: the
 * {@link Scope#REQUESTER requester's} record is built from the very view the requester gets on the
 * portal (published events, the requester's own actions, files not attached to an internal event),
 * so nothing the portal hides can leave through the PDF. Only the {@link Scope#INTERNAL internal}
 * record, for the entity's agents alone, carries internal notes and files. Decision 0017.
 */
@Singleton
public class CaseRecordPdf {

    /** Who the record is for: what the portal shows the requester, or everything the entity's agents see. */
    public enum Scope { REQUESTER, INTERNAL }

    /** The entity's logo: its bytes and media type (SVG, PNG or JPEG). */
    public record Logo(byte[] bytes, String mediaType) {
    }

    /** Where the entity's logo comes from (its stored branding, else its theme), in the caller's transaction. */
    public interface LogoSource {
        @Nullable
        Logo of(Connection c, TenantContext tenant) throws SQLException;
    }

    /** The embedded face: Liberation Sans (SIL OFL), shipped inside PDFBox; it draws every Spanish glyph. */
    private static final String FONT = "/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf";
    private static final Color MUTED = new Color(0x57, 0x60, 0x6a);

    private final CaseStore store;
    private final CaseViews views;
    private final Messages messages;
    private final LogoSource logos;
    private final Clock clock = Clock.systemUTC();

    CaseRecordPdf(CaseStore store, CaseViews views, Messages messages, LogoSource logos) {
        this.store = store;
        this.views = views;
        this.messages = messages;
        this.logos = logos;
    }

    /**
     * How many entries of the agents' view of a case stay out of the requester's record: internal events
     * that the requester did not take themselves (what the console says before "Notificar" sends).
     */
    public static long withheld(CaseView agentView) {
        return agentView.events().stream().filter(e -> !e.published()
                && (e.actor() == null || !e.actor().id().equals(agentView.requester().id()))).count();
    }

    /**
     * The PDF of a case of this tenant (in the caller's transaction) in {@code language}, holding what
     * {@code scope} allows, or empty when there is no such case.
     */
    public Optional<byte[]> render(Connection c, TenantContext tenant, UUID caseId, Locale language, Scope scope)
            throws SQLException {
        Optional<CaseRow> found = store.find(c, caseId, false);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(render(c, tenant, found.get(), language, scope == Scope.INTERNAL, found.get().requesterId()));
    }

    /**
     * The record as {@code reader} sees the case: with {@code internal}, everything (the agents' view);
     * else the requester side's view of that person (published events and the reader's own), so the PDF
     * is built by the portal's filter, not by a copy of it.
     */
    byte[] render(Connection c, TenantContext tenant, CaseRow row, Locale language, boolean internal, UUID reader)
            throws SQLException {
        List<Locale> languages = List.of(language);
        Caller caller = internal ? new Caller(new UUID(0, 0), "", "", Set.of(Roles.AGENT), Set.of())
                : new Caller(reader, "", "", Set.of(Roles.REQUESTER), Set.of());
        CaseView v = views.view(c, tenant, row, caller, languages, internal);
        TenantConfig config = tenant.config();
        Map<String, TenantConfig.Field> definitions = FilledFields.definitions(config, row.service(), row.template());
        Map<UUID, String> names = store.names(c, new HashSet<>(FilledFields.personIds(definitions, row.fields())));
        Locale words = messages.pick(languages);
        ZoneId zone = ZoneId.of(config.tenant().timeZone());
        DateTimeFormatter at = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", language).withZone(zone);
        Instant now = clock.instant();
        try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream();
             InputStream face = CaseRecordPdf.class.getResourceAsStream(FONT)) {
            PDDocumentInformation info = new PDDocumentInformation();
            String entity = config.tenant().name().resolve(languages);
            info.setTitle(t(words, "case.record.title", row.code()));
            info.setAuthor(entity);
            info.setSubject(v.title());
            info.setCreator("Mesa");
            info.setCreationDate(GregorianCalendar.from(now.atZone(zone)));
            doc.setDocumentInformation(info);
            PDType0Font font = PDType0Font.load(doc, face, true);
            RecordPages pages = new RecordPages(doc, font, entity, t(words, "case.record.subtitle", row.code()),
                    t(words, internal ? "case.record.scope.internal" : "case.record.scope.requester"),
                    RecordLogo.image(doc, logos.of(c, tenant)));

            pages.heading(t(words, "case.record.section.case"));
            pages.field(t(words, "case.record.code"), v.code());
            pages.field(t(words, "case.record.case-title"), v.title());
            pages.field(t(words, "case.record.type"), v.caseType().name());
            pages.field(t(words, "case.record.state"), v.state().name() + (v.substate() == null ? "" : " / " + v.substate().name()));
            pages.field(t(words, "case.record.service"), v.serviceLine().name() + " / " + v.service().name()
                    + (v.category() == null ? "" : " / " + v.category().name()));
            if (v.template() != null) {
                pages.field(t(words, "case.record.template"), v.template().name());
            }
            pages.field(t(words, "case.record.priority"), v.priority().name());
            pages.field(t(words, "case.record.requester"), v.requester().name());
            pages.field(t(words, "case.record.registered"), at.format(v.createdAt()) + " · " + v.registeredBy().name());
            if (internal) {
                // The portal names no group or agent; the agents' record does.
                pages.field(t(words, "case.record.group"), v.assignedGroup() == null
                        ? t(words, "case.record.group.none") : v.assignedGroup().name());
                pages.field(t(words, "case.record.assignee"), v.assignedAgent() == null
                        ? t(words, "case.record.group.none") : v.assignedAgent().name());
            }
            if (v.resolvedAt() != null) {
                pages.field(t(words, "case.record.resolved"), at.format(v.resolvedAt()));
            }
            if (v.closedAt() != null) {
                pages.field(t(words, "case.record.closed"), at.format(v.closedAt()));
            }

            pages.heading(t(words, "case.record.description"));
            pages.paragraph(v.description(), 0, false, null);
            FilledFields.Words yesNo = new FilledFields.Words(t(words, "case.record.yes"), t(words, "case.record.no"),
                    t(words, "case.record.person.unknown"));
            List<FilledFields.Shown> shown = FilledFields.shown(definitions, row.fields(), languages, names, yesNo);
            if (!shown.isEmpty()) {
                pages.gap(4);
                for (FilledFields.Shown f : shown) {
                    pages.field(f.label(), f.value());
                }
            }

            sla(pages, words, at, v.sla(), now);

            pages.heading(t(words, "case.record.files"));
            if (v.attachments().isEmpty()) {
                pages.paragraph(t(words, "case.record.files.none"), 0, false, MUTED);
            }
            for (CaseView.AttachmentView a : v.attachments()) {
                pages.paragraph(a.fileName() + "  (" + size(a.sizeBytes()) + ", " + at.format(a.uploadedAt()) + ")", 0, false, null);
            }

            pages.heading(t(words, "case.record.history"));
            String internalMark = " " + t(words, "case.record.internal");
            for (CaseView.EventView e : v.events()) {
                String who = e.actor() == null || e.actor().name().isBlank() ? t(words, "case.record.system") : e.actor().name();
                pages.paragraph(at.format(e.at()) + "  " + e.label() + (e.published() ? "" : internalMark) + " · " + who,
                        0, true, null);
                if (e.note() != null && !e.note().isBlank()) {
                    pages.paragraph(e.note(), 14, false, null);
                }
                pages.gap(3);
            }

            String produced = t(words, "case.record.produced", at.format(now), zone.getId());
            pages.finish(row.code() + " · " + produced, (page, total) -> t(words, "case.record.page", page, total));
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("cannot render the PDF of case " + row.code(), e);
        }
    }

    /** The targets with their due dates and outcome, and the time the clock stood still. */
    private void sla(RecordPages pages, Locale words, DateTimeFormatter at, @Nullable SlaView sla, Instant now)
            throws IOException {
        pages.heading(t(words, "case.record.sla"));
        if (sla == null || sla.policy() == null) {
            pages.paragraph(t(words, "case.record.sla.none"), 0, false, MUTED);
            return;
        }
        pages.field(t(words, "case.record.sla.policy"), sla.policyName() == null ? sla.policy() : sla.policyName());
        target(pages, words, at, "case.record.sla.response", sla.response());
        target(pages, words, at, "case.record.sla.resolution", sla.resolution());
        Duration paused = Duration.ZERO;
        for (SlaView.SpanView s : sla.timeline()) {
            if (!s.counted()) {
                paused = paused.plus(Duration.between(s.start(), s.end() == null ? now : s.end()));
            }
        }
        pages.field(t(words, "case.record.sla.paused"), duration(words, paused));
        if (sla.note() != null && !sla.note().isBlank()) {
            pages.paragraph(sla.note(), 0, false, MUTED);
        }
    }

    private void target(RecordPages pages, Locale words, DateTimeFormatter at, String label,
                        @Nullable SlaView.TargetView target) throws IOException {
        if (target == null) {
            pages.field(t(words, label), t(words, "case.record.sla.not-measured"));
            return;
        }
        StringBuilder b = new StringBuilder(t(words, "case.record.sla.target",
                co.mesa.sla.TargetWords.of((key, args) -> t(words, key, args), target.target(), target.businessDays())));
        if (target.dueAt() != null) {
            b.append(" · ").append(t(words, "case.record.sla.due", at.format(target.dueAt())));
        }
        b.append(" · ").append(t(words, "case.record.sla.status." + target.status()));
        if (target.metAt() != null) {
            b.append(" · ").append(t(words, "case.record.sla.met", at.format(target.metAt())));
        }
        pages.field(t(words, label), b.toString());
    }

    /** "2 h 30 min", "45 min", "0 min": business or wall time as people read it. */
    private String duration(Locale words, Duration d) {
        long minutes = d.toMinutes();
        long h = minutes / 60;
        long m = minutes % 60;
        if (h == 0) {
            return t(words, "case.record.minutes", m);
        }
        return m == 0 ? t(words, "case.record.hours", h) : t(words, "case.record.hours-minutes", h, m);
    }

    private static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return (bytes + 512) / 1024 + " KB";
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }

    private String t(Locale words, String key, Object... args) {
        return messages.get(words, key, args);
    }
}
