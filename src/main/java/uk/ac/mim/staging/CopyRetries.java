package uk.ac.mim.staging;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Camel's redelivery of a copy after a transient failure (routes/error-handling.yaml, {@code mim-copy-errors}):
 * a dropped source connection, a connection-class SQL state (08…), a transient or recoverable SQL exception.
 * A copy is one transaction, so running it again is safe. Each failed attempt is noted in a property that the
 * journal row ends with, so a copy that succeeded on its second try says so.
 */
@Component("copyRetries")
public class CopyRetries implements Processor {

    public static final String ATTEMPTS = "mimAttempts";
    private static final Logger LOG = LoggerFactory.getLogger(CopyRetries.class);

    /** onWhen: whether the exception is worth another attempt. */
    public boolean isTransient(Exchange ex) {
        Throwable t = ex.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (t == null) {
            t = ex.getException();
        }
        for (; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }

    /** onRedelivery: notes the failed attempt before the next one. */
    @Override
    public void process(Exchange ex) {
        Throwable t = ex.getException() != null ? ex.getException() : ex.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        int attempt = ex.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 1, Integer.class);
        String why = t == null ? "failed" : FeedLifecycle.describe(t);
        // an exchange property: Camel restores the message before each redelivery, a property stays
        String before = ex.getProperty(ATTEMPTS, String.class);
        ex.setProperty(ATTEMPTS, (before == null ? "" : before + "; ") + "attempt " + attempt + " failed: " + why);
        LOG.warn("{}: attempt {} failed ({}); trying again", ex.getMessage().getHeader(FeedLifecycle.FEED_ID), attempt, why);
    }
}
