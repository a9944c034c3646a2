package uk.ac.mim.moodle;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moodle's REST web services (docs/contract.md §4.4): {@code POST {url}/webservice/rest/server.php}, form-encoded,
 * {@code moodlewsrestformat=json}. The token travels in the body, never in a URL that could be logged.
 * A call succeeded only if the body is not a JSON object with {@code exception}: HTTP 200 proves nothing.
 * Transient failures are retried with exponential backoff and jitter inside the run's time budget; calls
 * are spaced to a rate limit. One client per run: it carries the run's budget and counters.
 */
public class MoodleClient {

    private static final Logger LOG = LoggerFactory.getLogger(MoodleClient.class);
    private static final Set<String> CONFIGURATION_ERRORS = Set.of("invalidtoken", "accessexception",
            "servicenotavailable", "webservicesnotenabled", "sitemaintenance", "usernotfullysetup",
            "forcepasswordchangenotice", "servicerequireslogin", "invalidrecord_external_functions");

    private final MoodleProperties props;
    private final HttpClient http;
    private final ObjectMapper json;
    private final long deadline;
    private long lastCall;
    private int calls;
    private int errors;

    public MoodleClient(MoodleProperties props, ObjectMapper json) {
        if (props.getUrl() == null || props.getUrl().isBlank()) {
            throw new MoodleException(MoodleException.Kind.CONFIGURATION, "setup", null, "mim.moodle.url is not set");
        }
        if (props.getToken() == null || props.getToken().isBlank()) {
            throw new MoodleException(MoodleException.Kind.CONFIGURATION, "setup", null,
                    "no web-service token: set MIM_MOODLE_TOKEN in the environment");
        }
        this.props = props;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(props.getRequestTimeout()).build();
        this.deadline = System.nanoTime() + props.getTimeBudget().toNanos();
    }

    public int calls() {
        return calls;
    }

    public int errors() {
        return errors;
    }

    /** Calls a function; params in Moodle's bracket notation, e.g. {@code groups[0][courseid]}. */
    public JsonNode call(String function, Map<String, String> params) {
        StringBuilder body = new StringBuilder();
        append(body, "wstoken", props.getToken());
        append(body, "wsfunction", function);
        append(body, "moodlewsrestformat", "json");
        params.forEach((k, v) -> append(body, k, v));
        HttpRequest request = HttpRequest.newBuilder(endpoint())
                .timeout(props.getRequestTimeout())
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
                .build();
        Duration backoff = props.getInitialBackoff();
        String lastFailure = null;
        for (int attempt = 1; ; attempt++) {
            String transientReason;
            try {
                pace(lastFailure, attempt - 1);
                calls++;
                HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                if (r.statusCode() == 200) {
                    return parse(function, r.body());
                }
                if (r.statusCode() == 503) {
                    transientReason = "HTTP 503 (site in maintenance or unavailable)";
                } else if (r.statusCode() == 429 || r.statusCode() >= 500) {
                    transientReason = "HTTP " + r.statusCode();
                } else {
                    errors++;
                    throw new MoodleException(MoodleException.Kind.CONFIGURATION, function, "http" + r.statusCode(),
                            "unexpected HTTP status " + r.statusCode());
                }
            } catch (HttpTimeoutException e) {
                transientReason = "timeout after " + props.getRequestTimeout().toSeconds() + " s";
            } catch (ConnectException e) {
                transientReason = "connection refused or unreachable";
            } catch (IOException e) {
                transientReason = "I/O error: " + e.getClass().getSimpleName();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MoodleException(MoodleException.Kind.TRANSIENT, function, null, "interrupted");
            }
            errors++;
            long jitter = ThreadLocalRandom.current().nextLong(Math.max(1, backoff.toMillis() / 2) + 1);
            long wait = backoff.toMillis() + jitter;
            if (System.nanoTime() + wait * 1_000_000 > deadline) {
                throw new MoodleException(MoodleException.Kind.BUDGET, function, null, transientReason + "; gave up after "
                        + attempt + " attempts: the run's time budget of " + props.getTimeBudget() + " is spent");
            }
            lastFailure = transientReason;
            LOG.warn("Moodle {}: {}; retry {} in {} ms", function, transientReason, attempt, wait);
            sleep(wait);
            backoff = backoff.multipliedBy(2).compareTo(props.getMaxBackoff()) > 0 ? props.getMaxBackoff() : backoff.multipliedBy(2);
        }
    }

    private JsonNode parse(String function, String body) {
        JsonNode node;
        try {
            node = body == null || body.isBlank() ? json.nullNode() : json.readTree(body);
        } catch (IOException e) {
            errors++;
            throw new MoodleException(MoodleException.Kind.CONFIGURATION, function, "notjson",
                    "the answer is not JSON (is the REST protocol enabled, and the URL Moodle's?)");
        }
        if (node != null && node.isObject() && node.has("exception")) {
            errors++;
            String code = node.path("errorcode").asText(null);
            String message = node.path("message").asText("") + (node.has("debuginfo") ? " (" + node.get("debuginfo").asText() + ")" : "");
            boolean config = code != null && (CONFIGURATION_ERRORS.contains(code)
                    || (code.equals("invalidrecord") && message.contains("external_functions")));
            throw new MoodleException(config ? MoodleException.Kind.CONFIGURATION : MoodleException.Kind.ITEM, function, code, message);
        }
        return node == null ? json.nullNode() : node;
    }

    /** Waits out the rate limit; past the deadline it fails, naming the failure that used up the budget if any. */
    private void pace(String lastFailure, int attempts) {
        if (System.nanoTime() > deadline) {
            String cause = lastFailure == null ? "" : lastFailure + "; gave up after " + attempts + " attempts: ";
            throw new MoodleException(MoodleException.Kind.BUDGET, "pace", null,
                    cause + "the run's time budget of " + props.getTimeBudget() + " is spent");
        }
        long interval = (long) (1000 / Math.max(0.001, props.getCallsPerSecond()));
        long wait = lastCall + interval - System.currentTimeMillis();
        if (wait > 0) {
            sleep(wait);
        }
        lastCall = System.currentTimeMillis();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MoodleException(MoodleException.Kind.TRANSIENT, "sleep", null, "interrupted");
        }
    }

    private URI endpoint() {
        String base = props.getUrl().endsWith("/") ? props.getUrl().substring(0, props.getUrl().length() - 1) : props.getUrl();
        return URI.create(base + "/webservice/rest/server.php");
    }

    private static void append(StringBuilder b, String k, String v) {
        if (b.length() > 0) {
            b.append('&');
        }
        b.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(v == null ? "" : v, StandardCharsets.UTF_8));
    }
}
