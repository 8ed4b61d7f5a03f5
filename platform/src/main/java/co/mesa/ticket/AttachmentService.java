package co.mesa.ticket;

import co.mesa.identity.PeopleService;
import co.mesa.shared.ProblemException;
import co.mesa.shared.TenantTransactions;
import co.mesa.tenant.TenantContext;
import co.mesa.tenantconfig.TenantConfig;
import co.mesa.ticket.internal.CaseStore;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Attachments: uploaded in a step of their own (never inside the transaction that takes a case
 * code), checked against the tenant's size and type limits, with a safe file name; linked to a
 * case when it is filed. Bytes live in PostgreSQL ({@code bytea}, never large objects).
 */
@Singleton
public class AttachmentService {

    /** What a download needs. */
    public record Download(String fileName, String mediaType, byte[] content) {
    }

    private final TenantTransactions tx;
    private final CaseStore store;
    private final PeopleService people;
    private final Clock clock = Clock.systemUTC();

    public AttachmentService(TenantTransactions tx, CaseStore store, PeopleService people) {
        this.tx = tx;
        this.store = store;
        this.people = people;
    }

    /** A file that passed the entity's limits: its safe name, its media type and its SHA-256. */
    public record Checked(String fileName, String mediaType, String sha256) {
    }

    /**
     * The entity's limits for any stored file (case attachments, knowledge-base files): not empty, not
     * larger than the limit, of an accepted type, and bytes that do not contradict the declared type.
     * Refusals are problems (400, 413, 415) naming what to change.
     */
    public static Checked check(TenantConfig.Attachments limits, @Nullable String fileName, @Nullable String mediaType,
                                byte[] content) {
        String type = mediaType == null ? "" : mediaType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (content.length == 0) {
            throw invalid("file", "case.param.attachment.empty");
        }
        long max = (long) limits.maxSizeMb() * 1024 * 1024;
        if (content.length > max) {
            throw new ProblemException(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "attachment.too-large",
                    "problem.attachment.invalid.title", "problem.attachment.too-large.detail", limits.maxSizeMb());
        }
        if (!accepts(limits.allowedTypes(), type)) {
            throw new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "attachment.type", "problem.attachment.invalid.title",
                    "problem.attachment.type.detail", type.isEmpty() ? "?" : type, String.join(", ", limits.allowedTypes()));
        }
        java.util.Optional<String> actual = FileTypes.contradiction(type, content);
        if (actual.isPresent()) {
            // The bytes say otherwise: a "photo.png" that is a script or an executable is not stored.
            throw new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "attachment.content", "problem.attachment.invalid.title",
                    "problem.attachment.content.detail", type, actual.get());
        }
        return new Checked(sanitize(fileName), type, sha256(content));
    }

    public CaseView.AttachmentView upload(TenantContext tenant, Authentication auth, @Nullable String fileName,
                                          @Nullable String mediaType, byte[] content) {
        Checked checked = check(tenant.config().settings().attachments(), fileName, mediaType, content);
        String name = checked.fileName();
        String type = checked.mediaType();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        UUID id = UUID.randomUUID();
        return tx.write(tenant.id(), c -> {
            Caller caller = Caller.of(people.caller(c, tenant, auth), auth.getName());
            CaseStore.AttachmentRow row = new CaseStore.AttachmentRow(id, null, null, name, type, content.length,
                    checked.sha256(), caller.personId(), now);
            store.insertAttachment(c, tenant.id(), row, content);
            return new CaseView.AttachmentView(id.toString(), name, type, content.length, null, now);
        });
    }

    /** An attachment's bytes, if the caller may see its case (or uploaded it and it is not linked yet). */
    public Optional<Download> download(TenantContext tenant, Authentication auth, UUID caseId, UUID attachmentId) {
        return tx.write(tenant.id(), c -> {
            Caller caller = Caller.of(people.caller(c, tenant, auth), auth.getName());
            Optional<CaseStore.AttachmentRow> a = store.attachment(c, attachmentId, false)
                    .filter(x -> caseId.equals(x.caseId()));
            Optional<co.mesa.ticket.internal.CaseRow> row = store.find(c, caseId, false)
                    .filter(r -> CaseService.maySee(caller, r));
            if (a.isEmpty() || row.isEmpty()) {
                return Optional.empty();
            }
            if (!CaseService.asAgent(caller, row.get()) && CaseViews.attachedTo(store.events(c, caseId, 0).stream()
                    .filter(e -> !CaseViews.visibleToRequester(e, caller)).toList()).contains(attachmentId.toString())) {
                // Attached to an internal action: the requester does not see it on the case either.
                return Optional.empty();
            }
            return store.content(c, attachmentId).map(b -> new Download(a.get().fileName(), a.get().mediaType(), b));
        });
    }

    /**
     * Removes the caller's own uploads that were not linked to a case: what a form that stores its
     * files first and then acts calls when the action is refused, so nothing of it is left behind.
     */
    public void discard(TenantContext tenant, Authentication auth, List<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        tx.write(tenant.id(), c -> {
            Caller caller = Caller.of(people.caller(c, tenant, auth), auth.getName());
            for (String id : ids) {
                Optional<UUID> u = CaseService.uuid(id);
                if (u.isPresent()) {
                    store.deleteUnlinkedAttachment(c, u.get(), caller.personId());
                }
            }
            return null;
        });
    }

    /** Uploads never filed with a case are removed after a day. */
    public int purgeUnlinked(TenantContext tenant, Instant now) {
        return tx.write(tenant.id(), c -> store.deleteUnlinkedAttachments(c, now.minus(java.time.Duration.ofDays(1))));
    }

    /** Whether {@code type} is one of the accepted types ({@code image/*} style wildcards allowed). */
    static boolean accepts(List<String> accepted, String type) {
        return accepted.stream().anyMatch(a -> a.equalsIgnoreCase(type)
                || (a.endsWith("/*") && type.startsWith(a.substring(0, a.length() - 1))));
    }

    /**
     * A file name safe to store and to send back in Content-Disposition: the last path segment,
     * NFC, no control, bidirectional or reserved characters, no leading dots, at most 120 characters.
     */
    static String sanitize(@Nullable String given) {
        String name = given == null ? "" : given;
        name = name.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1);
        name = Normalizer.normalize(name, Normalizer.Form.NFC);
        // Bidirectional controls make "\u202Egnp.exe" display as "exe.png": they go, whatever the name.
        name = name.replaceAll("[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]", "");
        name = name.replaceAll("[\\p{Cntrl}<>:\"|?*;]", "_").strip();
        name = name.replaceAll("^\\.+", "");
        if (name.length() > 120) {
            int dot = name.lastIndexOf('.');
            String ext = dot > 0 && name.length() - dot <= 10 ? name.substring(dot) : "";
            name = name.substring(0, 120 - ext.length()) + ext;
        }
        return name.isBlank() ? "adjunto" : name;
    }

    private static ProblemException invalid(String name, String key) {
        return new ProblemException(HttpStatus.BAD_REQUEST, "attachment.invalid", "problem.attachment.invalid.title",
                "problem.attachment.invalid.detail").withParamErrors(List.of(new ProblemException.ParamError(name, key)));
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
