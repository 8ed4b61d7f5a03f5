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
    private transient List<ParamError> paramErrors = List.of();
    private transient Object changesSince;

    /** An invalid input whose reason is a message key, resolved to the request's language when answered. */
    public record ParamError(String name, String key, Object... arguments) {
    }

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

    /** Invalid inputs whose reasons are message keys; the answer resolves them. */
    public ProblemException withParamErrors(List<ParamError> errors) {
        this.paramErrors = List.copyOf(errors);
        return this;
    }

    public List<ParamError> paramErrors() {
        return paramErrors;
    }

    /** What changed since the version the caller knew (a 412's body says it). */
    public ProblemException withChangesSince(Object changes) {
        this.changesSince = changes;
        return this;
    }

    public Object changesSince() {
        return changesSince;
    }

    /** Already in the request's language (callers resolve them), or empty. */
    public List<Problem.InvalidParam> invalidParams() {
        return invalidParams;
    }
}
