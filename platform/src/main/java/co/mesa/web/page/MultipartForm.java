package co.mesa.web.page;

import io.micronaut.http.multipart.CompletedFileUpload;
import io.micronaut.http.multipart.CompletedPart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A page's multipart form as collected: its text fields (UTF-8, every value of a repeated name, in
 * order) and the files the person chose (parts with a file name; an empty file input sends none).
 * The portal's filing form, its case actions and the console's action forms read their posts through it.
 */
public record MultipartForm(Map<String, List<String>> values, List<CompletedFileUpload> files) {

    public static MultipartForm of(List<CompletedPart> parts) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        List<CompletedFileUpload> files = new ArrayList<>();
        for (CompletedPart part : parts) {
            if (part instanceof CompletedFileUpload f) {
                if (f.getFilename() != null && !f.getFilename().isBlank()) {
                    files.add(f);
                }
            } else {
                values.computeIfAbsent(part.getName(), k -> new ArrayList<>()).add(text(part));
            }
        }
        return new MultipartForm(values, files);
    }

    /** Each text field's first value: what an action form sends once. */
    public Map<String, String> firstValues() {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((name, list) -> out.put(name, list.get(0)));
        return out;
    }

    /** The files chosen in the input of this name. */
    public List<CompletedFileUpload> files(String input) {
        return files.stream().filter(f -> input.equals(f.getName())).toList();
    }

    private static String text(CompletedPart part) {
        try {
            return new String(part.getBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
