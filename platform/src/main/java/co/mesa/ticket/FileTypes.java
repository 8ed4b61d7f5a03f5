package co.mesa.ticket;

import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.apache.tika.mime.MimeTypes;
import org.apache.tika.parser.ParseContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Optional;

/**
 * What an upload's bytes say it is (Apache Tika's core detector: magic numbers only, no parsers, the
 * file name ignored), and whether that contradicts the type the client declared. Bytes that match no
 * signature contradict nothing; plain text contradicts a binary type (a "photo.png" that is a script).
 */
public final class FileTypes {

    private static final MimeTypes TYPES = MimeTypes.getDefaultMimeTypes();
    private static final MediaTypeRegistry REGISTRY = TYPES.getMediaTypeRegistry();

    private FileTypes() {
    }

    /** The type detected from the bytes alone ({@code application/octet-stream} when nothing matches). */
    public static String detect(byte[] content) {
        try (TikaInputStream in = TikaInputStream.get(content)) {
            return TYPES.detect(in, new Metadata(), new ParseContext()).getBaseType().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The detected type when it contradicts {@code declared}; empty when they agree or the bytes say nothing. */
    public static Optional<String> contradiction(String declared, byte[] content) {
        String detected = detect(content);
        return agree(declared, detected) ? Optional.empty() : Optional.of(detected);
    }

    static boolean agree(String declared, String detected) {
        MediaType found = MediaType.parse(detected);
        MediaType said = MediaType.parse(declared.toLowerCase(Locale.ROOT));
        if (found == null || MediaType.OCTET_STREAM.equals(found)) {
            return true;
        }
        if (said == null) {
            return false;
        }
        found = REGISTRY.normalize(found);
        said = REGISTRY.normalize(said);
        if (found.equals(said) || REGISTRY.isSpecializationOf(said, found) || REGISTRY.isSpecializationOf(found, said)) {
            return true;
        }
        // Text is text: a CSV, JSON or XML file declared by one text type and sniffed as another.
        return isText(found) && isText(said);
    }

    private static boolean isText(MediaType t) {
        return "text".equals(t.getType()) || REGISTRY.isSpecializationOf(t, MediaType.TEXT_PLAIN)
                || t.getSubtype().endsWith("json") || t.getSubtype().endsWith("xml");
    }
}
