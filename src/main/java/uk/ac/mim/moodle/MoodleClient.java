package uk.ac.mim.moodle;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * One run's handle on Moodle's REST web services (docs/contract.md §4.4). Every call is sent through the
 * {@code moodle-ws} route (routes/moodle-ws.yaml), which throttles, posts the form, checks the answer and
 * retries transient failures; this handle carries the run's time budget and counts its calls and errors.
 * A failure comes back as a classified {@link MoodleException} whose message never holds the token.
 */
public class MoodleClient {

    static final String ROUTE = "direct:moodle-ws";

    private final MoodleProperties props;
    private final ProducerTemplate template;
    private final long deadline;
    private int calls;
    private int errors;

    public MoodleClient(MoodleProperties props, ProducerTemplate template) {
        if (props.getUrl() == null || props.getUrl().isBlank()) {
            throw new MoodleException(MoodleException.Kind.CONFIGURATION, "setup", null, "mim.moodle.url is not set");
        }
        if (props.getToken() == null || props.getToken().isBlank()) {
            throw new MoodleException(MoodleException.Kind.CONFIGURATION, "setup", null,
                    "no web-service token: set MIM_MOODLE_TOKEN in the environment");
        }
        this.props = props;
        this.template = template;
        this.deadline = System.nanoTime() + props.getTimeBudget().toNanos();
    }

    /** HTTP requests sent, retries included. */
    public int calls() {
        return calls;
    }

    /** Requests that failed, retried or not. */
    public int errors() {
        return errors;
    }

    /** Calls a function; params in Moodle's bracket notation, e.g. {@code groups[0][courseid]}. */
    public JsonNode call(String function, Map<String, String> params) {
        if (System.nanoTime() > deadline) {
            throw new MoodleException(MoodleException.Kind.BUDGET, function, null,
                    "the run's time budget of " + props.getTimeBudget() + " is spent");
        }
        Exchange done = template.send(ROUTE, ex -> {
            ex.getMessage().setBody(params);
            ex.getMessage().setHeader(MoodleWs.FUNCTION, function);
            ex.setProperty(MoodleWs.DEADLINE, deadline);
        });
        int retries = done.getProperty(MoodleRetries.RETRIES, 0, Integer.class);
        calls += 1 + retries;
        Exception failure = done.getException();
        if (failure == null) {
            errors += retries;
            return done.getMessage().getBody(JsonNode.class);
        }
        errors += retries + 1;
        if (failure instanceof MoodleException m) {
            throw m;
        }
        if (MoodleRetries.isTransient(failure)) {
            throw new MoodleException(MoodleException.Kind.BUDGET, function, null, MoodleRetries.reason(failure)
                    + "; gave up after " + (retries + 1) + " attempts: the run's time budget of " + props.getTimeBudget() + " is spent");
        }
        if (failure instanceof com.fasterxml.jackson.core.JacksonException) {
            throw new MoodleException(MoodleException.Kind.CONFIGURATION, function, "notjson",
                    "the answer is not JSON (is the REST protocol enabled, and the URL Moodle's?)");
        }
        if (failure instanceof HttpOperationFailedException h) {
            throw new MoodleException(MoodleException.Kind.CONFIGURATION, function, "http" + h.getStatusCode(),
                    "unexpected HTTP status " + h.getStatusCode());
        }
        throw new MoodleException(MoodleException.Kind.CONFIGURATION, function, null,
                "the call failed: " + failure.getClass().getSimpleName());
    }
}
