package uk.ac.mim.staging;

import java.sql.Connection;
import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What to do with a pooled connection that was mid-read or mid-write when the heap ran out. */
public final class Connections {

    private static final Logger LOG = LoggerFactory.getLogger(Connections.class);

    private Connections() {
    }

    /**
     * If {@code failure} is running out of memory, takes the connection out of its pool and closes it: the driver may
     * have stopped mid-message (the next user would read "Unexpected packet type"), and closing it is the one sure
     * rollback of whatever it had written. Returns whether it did.
     */
    public static boolean discardIfOutOfMemory(DataSource pool, Connection c, Throwable failure) {
        if (!OutOfMemory.in(failure)) {
            return false;
        }
        try {
            if (pool instanceof HikariDataSource hikari) {
                hikari.evictConnection(c);
            } else {
                c.close();
            }
            LOG.warn("a connection in use when the heap ran out was discarded, not returned to its pool");
            failure.addSuppressed(new OutOfMemory.Discarded()); // for the journal row
        } catch (Exception | Error e) {
            failure.addSuppressed(e);
        }
        return true;
    }
}
