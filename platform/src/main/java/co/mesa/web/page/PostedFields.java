package co.mesa.web.page;

import io.micronaut.http.MediaType;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The text fields of a page's form post, read from the raw body by {@link PageCsrfFilter} before the
 * handler binds it: {@code application/x-www-form-urlencoded} or {@code multipart/form-data} (file parts are
 * skipped, only noted; a body cut short gives the fields read whole). Each name's first value, as the
 * page's forms send them.
 *
 * @param values   each text field's first value
 * @param hadFiles whether the post carried a chosen file (a file part with a name and content)
 */
public record PostedFields(Map<String, String> values, boolean hadFiles) {

    static final PostedFields NONE = new PostedFields(Map.of(), false);

    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    static PostedFields parse(Optional<MediaType> contentType, byte[] body) {
        if (contentType.isEmpty()) {
            return NONE;
        }
        MediaType type = contentType.get();
        String name = type.getName().toLowerCase(Locale.ROOT);
        if (name.equals(MediaType.APPLICATION_FORM_URLENCODED)) {
            return urlEncoded(new String(body, StandardCharsets.UTF_8));
        }
        if (name.equals(MediaType.MULTIPART_FORM_DATA)) {
            String boundary = type.getParameters().get("boundary").orElse(null);
            return boundary == null || boundary.isEmpty() ? NONE : multipart(body, boundary);
        }
        return NONE;
    }

    static PostedFields urlEncoded(String body) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                values.putIfAbsent(key, value);
            } catch (IllegalArgumentException e) {
                // a malformed escape: that pair says nothing
            }
        }
        return new PostedFields(values, false);
    }

    /** RFC 7578: parts between {@code --boundary} lines, each with headers, a blank line, then its content. */
    static PostedFields multipart(byte[] body, String boundary) {
        if (boundary.length() > 2 && boundary.startsWith("\"") && boundary.endsWith("\"")) {
            boundary = boundary.substring(1, boundary.length() - 1);
        }
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        byte[] next = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        Map<String, String> values = new LinkedHashMap<>();
        boolean hadFiles = false;
        int at = indexOf(body, delimiter, 0);
        while (at >= 0) {
            int lineEnd = at + delimiter.length;
            if (lineEnd + 1 < body.length && body[lineEnd] == '-' && body[lineEnd + 1] == '-') {
                break; // the closing delimiter
            }
            int headersStart = indexOf(body, new byte[]{'\r', '\n'}, lineEnd);
            if (headersStart < 0) {
                break;
            }
            headersStart += 2;
            int headersEnd = indexOf(body, new byte[]{'\r', '\n', '\r', '\n'}, headersStart);
            if (headersEnd < 0) {
                headersEnd = body.length; // cut short inside the part's headers
            }
            int contentStart = Math.min(body.length, headersEnd + 4);
            int contentEnd = headersEnd == body.length ? -1 : indexOf(body, next, contentStart);
            String headers = new String(body, headersStart, headersEnd - headersStart, StandardCharsets.UTF_8);
            String disposition = null;
            for (String line : headers.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-disposition:")) {
                    disposition = line.substring("content-disposition:".length());
                }
            }
            if (disposition != null) {
                String name = parameter(disposition, "name");
                String filename = parameter(disposition, "filename");
                if (filename != null) {
                    hadFiles |= !filename.isEmpty(); // a chosen file (an empty input sends filename="")
                } else if (name != null && contentEnd >= 0) {
                    values.putIfAbsent(name, new String(body, contentStart, contentEnd - contentStart, StandardCharsets.UTF_8));
                }
            }
            if (contentEnd < 0) {
                break; // a body cut short: the fields read whole are kept
            }
            at = contentEnd + 2;
        }
        return new PostedFields(values, hadFiles);
    }

    /** A parameter of a Content-Disposition header ({@code name="csrf"}); null when absent. */
    private static String parameter(String disposition, String key) {
        for (String piece : disposition.split(";")) {
            String p = piece.strip();
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).strip().equalsIgnoreCase(key)) {
                String v = p.substring(eq + 1).strip();
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = v.substring(1, v.length() - 1);
                }
                return v;
            }
        }
        return null;
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = Math.max(0, from); i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
