package co.mesa.record;

import co.mesa.shared.Jdbc;
import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.ticket.AttachmentService;
import co.mesa.ticket.Caller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Files on records of any kind. Stored as cases' are (the entity's size and type limits, the bytes checked
 * against the declared type by {@link AttachmentService#check}, bytes in their own table under row level
 * security); read with the record's read scope ({@link RecordRules#maySee}); adding one is an event of the
 * record's history and a new version (ETag). A record that is over takes no more files.
 */
@Singleton
public class RecordAttachments {

    /** A file on a record, as the API lists it. */
    @Serdeable
    @Schema(name = "RecordAttachment")
    public record Attachment(String id, String fileName, String mediaType, long sizeBytes, @Nullable String uploadedById,
                             String uploadedAt) {
    }

    /** What a download needs. */
    public record Download(String fileName, String mediaType, byte[] content) {
    }

    private final TenantTransactions tx;
    private final RecordReads reads;
    private final Clock clock = Clock.systemUTC();

    public RecordAttachments(TenantTransactions tx, RecordReads reads) {
        this.tx = tx;
        this.reads = reads;
    }

    /** Stores a file on the record (of any kind) if the caller may see it; the record's history says so. */
    public Attachment upload(TenantContext tenant, Authentication auth, UUID recordId, @Nullable String fileName,
                             @Nullable String mediaType, byte[] content) {
        AttachmentService.Checked checked = AttachmentService.check(tenant.config().settings().attachments(), fileName,
                mediaType, content);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        UUID id = UUID.randomUUID();
        return tx.write(tenant.id(), c -> {
            Caller caller = reads.caller(c, tenant, auth);
            RecordRow r = RecordStore.find(c, recordId, true).filter(x -> RecordRules.maySee(caller, x))
                    .orElseThrow(RecordProblems::notFound);
            TenantConfig.RecordKind rk = RecordRules.kind(tenant, r.kind());
            if (RecordRules.over(rk, r)) {
                throw RecordProblems.over(r.code());
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO work_record_attachment (tenant_id, id, record_id, "
                    + "file_name, media_type, size_bytes, sha256, uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setObject(1, tenant.id().value());
                ps.setObject(2, id);
                ps.setObject(3, recordId);
                ps.setString(4, checked.fileName());
                ps.setString(5, checked.mediaType());
                ps.setLong(6, content.length);
                ps.setString(7, checked.sha256());
                ps.setObject(8, caller.personId());
                Jdbc.setInstant(ps, 9, now);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO work_record_attachment_content (tenant_id, id, content) VALUES (?, ?, ?)")) {
                ps.setObject(1, tenant.id().value());
                ps.setObject(2, id);
                ps.setBytes(3, content);
                ps.executeUpdate();
            }
            RecordRow after = new RecordRow(r.id(), r.kind(), r.code(), r.title(), r.description(), r.details(), r.state(),
                    r.substate(), r.assignedGroup(), r.assignedAgentId(), r.createdById(), r.dueAt(), r.closedAt(),
                    r.createdAt(), now, r.version() + 1);
            RecordStore.update(c, after, r.version());
            RecordStore.event(c, tenant, recordId, "attachment-added", caller.personId(), null, null, null,
                    Map.of("attachmentId", id.toString(), "fileName", checked.fileName()), now);
            return new Attachment(id.toString(), checked.fileName(), checked.mediaType(), content.length,
                    caller.personId().toString(), now.toString());
        });
    }

    /** The record's files, oldest first; 404 when the caller may not see the record. */
    public List<Attachment> list(TenantContext tenant, Authentication auth, UUID recordId) {
        return tx.write(tenant.id(), c -> {
            visible(c, tenant, auth, recordId);
            List<Attachment> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, file_name, media_type, size_bytes, uploaded_by, uploaded_at "
                    + "FROM work_record_attachment WHERE record_id = ? ORDER BY uploaded_at, id")) {
                ps.setObject(1, recordId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        UUID by = rs.getObject(5, UUID.class);
                        out.add(new Attachment(rs.getObject(1, UUID.class).toString(), rs.getString(2), rs.getString(3),
                                rs.getLong(4), by == null ? null : by.toString(), Jdbc.instant(rs.getTimestamp(6)).toString()));
                    }
                }
            }
            return out;
        });
    }

    /** A file's bytes, if it is on this record and the caller may see the record. */
    public Optional<Download> download(TenantContext tenant, Authentication auth, UUID recordId, UUID attachmentId) {
        return tx.write(tenant.id(), c -> {
            visible(c, tenant, auth, recordId);
            try (PreparedStatement ps = c.prepareStatement("SELECT a.file_name, a.media_type, b.content FROM work_record_attachment a "
                    + "JOIN work_record_attachment_content b ON b.tenant_id = a.tenant_id AND b.id = a.id "
                    + "WHERE a.id = ? AND a.record_id = ?")) {
                ps.setObject(1, attachmentId);
                ps.setObject(2, recordId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Download(rs.getString(1), rs.getString(2), rs.getBytes(3)))
                            : Optional.<Download>empty();
                }
            }
        });
    }

    private RecordRow visible(Connection c, TenantContext tenant, Authentication auth, UUID recordId) throws SQLException {
        Caller caller = reads.caller(c, tenant, auth);
        return RecordStore.find(c, recordId, false).filter(x -> RecordRules.maySee(caller, x))
                .orElseThrow(RecordProblems::notFound);
    }
}
