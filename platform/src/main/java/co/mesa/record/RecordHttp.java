package co.mesa.record;

import co.mesa.shared.Languages;
import co.mesa.shared.Messages;
import co.mesa.ticket.CaseController;
import co.mesa.ticket.CaseService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;

import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The HTTP steps the record APIs (problems, changes, tasks) share with the case API: a path id that is not a UUID
 * is a 404, a JSON body read into its request type (problem+json on a bad one), the version as the ETag, the
 * Idempotency-Key's form, a 201 with its Location, and the caller's language.
 */
final class RecordHttp {

    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("^[\\x21-\\x7e]{1,200}$");

    private RecordHttp() {
    }

    /** A record's or task's id from the path; anything but a UUID is not found. */
    static UUID id(String path) {
        return CaseService.uuid(path).orElseThrow(RecordProblems::notFound);
    }

    /** A request body read into {@code type}, with the case API's problems for malformed JSON or fields. */
    static <T> T body(String body, Class<T> type) {
        return CaseController.read(CaseController.parse(body), type);
    }

    /** 422 on an Idempotency-Key of the wrong form; none is fine. */
    static void checkIdempotencyKey(@Nullable String key) {
        if (key != null && !IDEMPOTENCY_KEY.matcher(key).matches()) {
            throw RecordProblems.invalid("Idempotency-Key", "case.param.idempotency-key");
        }
    }

    /** 200 with the version as the ETag. */
    static <T> HttpResponse<T> ok(T body, int version) {
        return HttpResponse.ok(body).header(HttpHeaders.ETAG, CaseController.etag(version));
    }

    /** 201 with the ETag and Location, and Idempotent-Replayed when a retry got the first answer. */
    static <T> MutableHttpResponse<T> created(T body, int version, String location, boolean replay) {
        MutableHttpResponse<T> response = HttpResponse.<T>status(HttpStatus.CREATED).body(body)
                .header(HttpHeaders.ETAG, CaseController.etag(version))
                .header(HttpHeaders.LOCATION, location);
        if (replay) {
            response.header("Idempotent-Replayed", "true");
        }
        return response;
    }

    static Locale lang(HttpRequest<?> request) {
        return Languages.preferred(request).stream().findFirst().orElse(Messages.DEFAULT);
    }
}
