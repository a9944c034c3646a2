package uk.ac.mim.moodle;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The domain steps of the {@code moodle-ws} route (routes/moodle-ws.yaml): the form body with the token, the
 * endpoint, and the check of Moodle's answer. Camel does the rest: the throttle, the HTTP call, the redelivery.
 * The token goes only into the request body, which is never logged; the endpoint URI carries no secret.
 */
@Component("moodleWs")
public class MoodleWs {

    /** Header naming the web-service function of a call. */
    public static final String FUNCTION = "mimMoodleFunction";
    /** Exchange property: System.nanoTime() after which no call or retry may start (the run's time budget). */
    public static final String DEADLINE = "mimMoodleDeadline";

    private static final Set<String> CONFIGURATION_ERRORS = Set.of("invalidtoken", "accessexception",
            "servicenotavailable", "webservicesnotenabled", "sitemaintenance", "usernotfullysetup",
            "forcepasswordchangenotice", "servicerequireslogin", "invalidrecord_external_functions");

    private final MoodleProperties props;
    private final ObjectMapper json;

    public MoodleWs(MoodleProperties props, ObjectMapper json) {
        this.props = props;
        this.json = json;
    }

    /** The throttle's calls per second: mim.moodle.calls-per-second, rounded up, at least 1. */
    public long callsPerSecond() {
        return Math.max(1, (long) Math.ceil(props.getCallsPerSecond()));
    }

    /** server.php under mim.moodle.url, POST; Camel's headers are not sent, Moodle's cookies and headers not kept. */
    public String endpoint() {
        String url = props.getUrl();
        if (url == null || url.isBlank()) {
            throw new MoodleException(MoodleException.Kind.CONFIGURATION, "setup", null, "mim.moodle.url is not set");
        }
        String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        return base + "/webservice/rest/server.php?httpMethod=POST&skipRequestHeaders=true&skipResponseHeaders=true";
    }

    /** Turns the body (the function's parameters in Moodle's bracket notation) into the form Moodle reads. */
    @SuppressWarnings("unchecked")
    public void form(Exchange ex) {
        if (props.getToken() == null || props.getToken().isBlank()) {
            throw new MoodleException(MoodleException.Kind.CONFIGURATION, "setup", null,
                    "no web-service token: set MIM_MOODLE_TOKEN in the environment");
        }
        Map<String, String> params = ex.getMessage().getBody(Map.class);
        StringBuilder body = new StringBuilder();
        append(body, "wstoken", props.getToken());
        append(body, "wsfunction", ex.getMessage().getHeader(FUNCTION, String.class));
        append(body, "moodlewsrestformat", "json");
        if (params != null) {
            params.forEach((k, v) -> append(body, k, v));
        }
        ex.getMessage().setBody(body.toString());
        ex.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/x-www-form-urlencoded; charset=UTF-8");
    }

    /**
     * A call succeeded only if the answer (parsed by the route's camel-jackson step) is not a JSON object with
     * {@code exception}: HTTP 200 proves nothing. Leaves the answer as a JsonNode body (JSON null for a function
     * that returns nothing); throws a classified MoodleException otherwise.
     */
    public void check(Exchange ex) {
        String function = ex.getMessage().getHeader(FUNCTION, String.class);
        JsonNode node = ex.getMessage().getBody(JsonNode.class);
        if (node != null && node.isObject() && node.has("exception")) {
            String code = node.path("errorcode").asText(null);
            String message = node.path("message").asText("") + (node.has("debuginfo") ? " (" + node.get("debuginfo").asText() + ")" : "");
            boolean config = code != null && (CONFIGURATION_ERRORS.contains(code)
                    || (code.equals("invalidrecord") && message.contains("external_functions")));
            throw new MoodleException(config ? MoodleException.Kind.CONFIGURATION : MoodleException.Kind.ITEM, function, code, message);
        }
        ex.getMessage().setBody(node == null ? json.nullNode() : node);
    }

    private static void append(StringBuilder b, String k, String v) {
        if (b.length() > 0) {
            b.append('&');
        }
        b.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(v == null ? "" : v, StandardCharsets.UTF_8));
    }
}
