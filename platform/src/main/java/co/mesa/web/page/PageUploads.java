package co.mesa.web.page;

import co.mesa.shared.ProblemException;
import co.mesa.ticket.AttachmentService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.multipart.CompletedFileUpload;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * The files a person chose on an action form (the console's and the portal's), stored through the
 * entity's limits before the action runs: all of them, or, when any is refused, none. A refused file
 * is named in the person's language with the reason; the action then is not taken.
 */
@Singleton
public class PageUploads {

    private final AttachmentService attachments;

    public PageUploads(AttachmentService attachments) {
        this.attachments = attachments;
    }

    /**
     * What became of the files: their upload ids (not yet on any case), or the refusal ("name: reason"
     * for each refused file) and the status of the first refusal (413, 415).
     */
    public record Stored(List<String> ids, @Nullable String error, @Nullable HttpStatus status) {
        public boolean refused() {
            return error != null;
        }
    }

    public Stored store(PageShell.Page page, Authentication auth, List<CompletedFileUpload> files) {
        List<String> ids = new ArrayList<>();
        StringJoiner errors = new StringJoiner(" ");
        HttpStatus status = null;
        try {
            for (CompletedFileUpload f : files) {
                try {
                    String type = f.getContentType().map(MediaType::toString).orElse(null);
                    ids.add(attachments.upload(page.tenant(), auth, f.getFilename(), type, f.getBytes()).id());
                } catch (ProblemException e) {
                    String message = e.paramErrors().isEmpty() ? page.problemDetail(e)
                            : page.platformMessage(e.paramErrors().get(0).key(), e.paramErrors().get(0).arguments());
                    errors.add(f.getFilename() + ": " + message);
                    status = status == null ? e.status() : status;
                }
            }
        } catch (IOException e) {
            discard(page, auth, ids);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            discard(page, auth, ids);
            throw e;
        }
        if (status != null) {
            discard(page, auth, ids);
            return new Stored(List.of(), errors.toString(), status);
        }
        return new Stored(List.copyOf(ids), null, null);
    }

    /** Forgets uploads that no action took (the action was refused or failed). */
    public void discard(PageShell.Page page, Authentication auth, List<String> ids) {
        if (!ids.isEmpty()) {
            attachments.discard(page.tenant(), auth, ids);
        }
    }
}
