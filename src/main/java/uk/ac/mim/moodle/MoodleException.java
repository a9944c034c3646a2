package uk.ac.mim.moodle;

/**
 * A Moodle web-service call that did not succeed, classified. Messages never carry the token or the
 * request body: only the function, Moodle's errorcode and message.
 */
public class MoodleException extends RuntimeException {

    public enum Kind {
        /** Token, access, service set-up, or a function the site lacks: stop the feed at once. */
        CONFIGURATION,
        /** One item of the batch was refused (e.g. a user not enrolled): isolate it, keep the rest. */
        ITEM,
        /** Connection, timeout, HTTP 429/5xx or maintenance beyond the time budget. */
        TRANSIENT,
        /** The run's time budget is spent. */
        BUDGET
    }

    private final Kind kind;
    private final String function;
    private final String errorcode;

    public MoodleException(Kind kind, String function, String errorcode, String message) {
        super(function + ": " + (errorcode == null ? "" : errorcode + ": ") + message);
        this.kind = kind;
        this.function = function;
        this.errorcode = errorcode;
    }

    public Kind kind() {
        return kind;
    }

    public String function() {
        return function;
    }

    public String errorcode() {
        return errorcode;
    }
}
