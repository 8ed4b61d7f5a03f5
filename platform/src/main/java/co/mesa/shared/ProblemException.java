package co.mesa.shared;

import io.micronaut.http.HttpStatus;

import java.util.List;

/**
 * A client-facing failure: thrown anywhere, answered as a problem with the given status. The
 * title and detail are message-bundle keys, resolved to the request's language.
 */
public class ProblemException extends RuntimeException {

    private final HttpStatus status;
    private final String type;
    private final String titleKey;
    private final String detailKey;
    private final transient Object[] arguments;
    private final transient List<Problem.InvalidParam> invalidParams;

    public ProblemException(HttpStatus status, String type, String titleKey, String detailKey, Object... arguments) {
        this(status, type, titleKey, detailKey, List.of(), arguments);
    }

    public ProblemException(HttpStatus status, String type, String titleKey, String detailKey,
                            List<Problem.InvalidParam> invalidParams, Object... arguments) {
        super(type + ": " + detailKey);
        this.status = status;
        this.type = type;
        this.titleKey = titleKey;
        this.detailKey = detailKey;
        this.arguments = arguments;
        this.invalidParams = List.copyOf(invalidParams);
    }

    public HttpStatus status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String titleKey() {
        return titleKey;
    }

    public String detailKey() {
        return detailKey;
    }

    public Object[] arguments() {
        return arguments.clone();
    }

    /** Already in the request's language (callers resolve them), or empty. */
    public List<Problem.InvalidParam> invalidParams() {
        return invalidParams;
    }
}
