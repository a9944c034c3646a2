package uk.ac.mim.moodle;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.io.InterruptedIOException;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Which failures of a Moodle call the {@code moodle-ws} route's redelivery retries (HTTP 429 and 5xx, timeouts,
 * refused connections, other I/O errors), and whether another attempt still fits in the run's time budget.
 * The delays themselves are Camel's: exponential back-off with jitter ({@link #policy}).
 */
@Component("moodleRetries")
public class MoodleRetries implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(MoodleRetries.class);
    /** Camel's collision avoidance spreads each delay by up to this share either way: the jitter. */
    private static final double JITTER = 0.15;
    /** Exchange property: the retries of this call so far. */
    public static final String RETRIES = "mimMoodleRetries";

    private final MoodleProperties props;

    public MoodleRetries(MoodleProperties props) {
        this.props = props;
    }

    /** The redelivery policy of transient failures, from mim.moodle.initial-backoff and max-backoff. */
    public RedeliveryPolicy policy() {
        RedeliveryPolicy p = new RedeliveryPolicy();
        p.setRedeliveryDelay(props.getInitialBackoff().toMillis());
        p.setUseExponentialBackOff(true);
        p.setBackOffMultiplier(2);
        p.setMaximumRedeliveryDelay(props.getMaxBackoff().toMillis());
        p.setUseCollisionAvoidance(true);
        p.setCollisionAvoidanceFactor(JITTER);
        p.setMaximumRedeliveries(-1); // the time budget decides (withinBudget), not a count
        p.setRetryAttemptedLogLevel(org.apache.camel.LoggingLevel.DEBUG);
        p.setLogExhausted(false); // the feed reports the failure, with its reason, once
        p.setLogStackTrace(false);
        return p;
    }

    /** onWhen: a failure another attempt may cure. */
    public boolean isTransient(Exchange ex) {
        return isTransient(failure(ex));
    }

    static boolean isTransient(Throwable t) {
        if (t instanceof HttpOperationFailedException h) {
            return h.getStatusCode() == 429 || h.getStatusCode() >= 500;
        }
        // an answer that is not JSON is a wrong URL or a disabled protocol, not a passing fault
        return t instanceof IOException && !(t instanceof com.fasterxml.jackson.core.JacksonException);
    }

    /** retryWhile: another attempt, after its longest delay, would still start within the run's time budget. */
    public boolean withinBudget(Exchange ex) {
        Long deadline = ex.getProperty(MoodleWs.DEADLINE, Long.class);
        int done = ex.getProperty(RETRIES, 0, Integer.class);
        long delay = Math.min(props.getMaxBackoff().toMillis(), props.getInitialBackoff().toMillis() << Math.min(30, done));
        long longest = (long) (delay * (1 + JITTER));
        return deadline == null || System.nanoTime() + longest * 1_000_000 < deadline;
    }

    /**
     * onRedelivery: counts the retry on the exchange (the caller's figures) and logs one line naming the function
     * and the reason; never the body, which holds the token.
     */
    @Override
    public void process(Exchange ex) {
        int retry = ex.getProperty(RETRIES, 0, Integer.class) + 1;
        ex.setProperty(RETRIES, retry);
        LOG.warn("Moodle {}: {}; retry {}", ex.getMessage().getHeader(MoodleWs.FUNCTION), reason(failure(ex)), retry);
    }

    /** Why a transient failure happened, in words an operator acts on. */
    public static String reason(Throwable t) {
        if (t instanceof HttpOperationFailedException h) {
            return h.getStatusCode() == 503 ? "HTTP 503 (site in maintenance or unavailable)" : "HTTP " + h.getStatusCode();
        }
        if (t instanceof SocketTimeoutException || t instanceof InterruptedIOException) {
            return "timeout";
        }
        if (t instanceof ConnectException) {
            return "connection refused or unreachable";
        }
        return "I/O error: " + (t == null ? "unknown" : t.getClass().getSimpleName());
    }

    private static Throwable failure(Exchange ex) {
        Throwable t = ex.getException();
        return t != null ? t : ex.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    }
}
