package uk.ac.mim.staging;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import uk.ac.mim.config.MimProperties;

/**
 * One run of a feed at a time, on every node: a run holds its feed's row in {@code mim_run_lock} for its whole
 * life (the primary key decides between two nodes), renews its lease every quarter of it, and releases only
 * the row it holds (by its token). A node that dies stops renewing; once the lease has expired the next run
 * anywhere takes the feed over. (An in-memory "running" set let an operator's run on one node overlap the
 * schedule on another: two copies of one table wrote every row twice.)
 */
@Component
public class RunLocks {

    private static final Logger LOG = LoggerFactory.getLogger(RunLocks.class);

    private final JdbcTemplate jdbc;
    private final MimProperties props;
    /** token → feed, the locks this node holds. */
    private final Map<String, String> held = new ConcurrentHashMap<>();
    private final ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mim-run-lock-renewer");
        t.setDaemon(true);
        return t;
    });

    public RunLocks(JdbcTemplate stagingJdbc, MimProperties props) {
        this.jdbc = stagingJdbc;
        this.props = props;
        long every = Math.max(1, props.getRunLockLease().toMillis() / 4);
        renewer.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    /** A held lock, or why the feed cannot be run now ("already running on <node> …"). */
    public record Attempt(String token, String refusal) {
        public boolean acquired() {
            return token != null;
        }
    }

    public Attempt acquire(String feedId) {
        Instant now = Instant.now();
        jdbc.update("DELETE FROM mim_run_lock WHERE feed_id = ? AND expires_at < ?", feedId, Timestamp.from(now));
        String token = UUID.randomUUID().toString();
        try {
            jdbc.update("INSERT INTO mim_run_lock (feed_id, token, node, acquired_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                    feedId, token, props.getNodeName(), Timestamp.from(now), Timestamp.from(now.plus(props.getRunLockLease())));
            held.put(token, feedId);
            return new Attempt(token, null);
        } catch (DuplicateKeyException taken) {
            return new Attempt(null, holder(feedId).orElse("already running (the lock was released meanwhile: try again)"));
        }
    }

    /** Records which run holds the lock (for the "already running" message elsewhere). */
    public void attach(String token, String runId) {
        jdbc.update("UPDATE mim_run_lock SET run_id = ? WHERE token = ?", runId, token);
    }

    /** Releases the lock if this token holds it, and only then. */
    public void release(String token) {
        if (token == null) {
            return;
        }
        held.remove(token);
        jdbc.update("DELETE FROM mim_run_lock WHERE token = ?", token);
    }

    private Optional<String> holder(String feedId) {
        return jdbc.query("SELECT node, run_id, acquired_at FROM mim_run_lock WHERE feed_id = ?", (rs, i) ->
                "already running on " + rs.getString(1) + (rs.getString(2) == null ? "" : " (run " + rs.getString(2) + ")")
                        + " since " + rs.getTimestamp(3).toInstant(), feedId).stream().findFirst();
    }

    /** Extends the lease of every lock this node holds; a lock taken over meanwhile is dropped. */
    void renew() {
        Timestamp until = Timestamp.from(Instant.now().plus(props.getRunLockLease()));
        for (Map.Entry<String, String> e : held.entrySet()) {
            try {
                if (jdbc.update("UPDATE mim_run_lock SET expires_at = ? WHERE token = ?", until, e.getKey()) == 0) {
                    LOG.error("{}: this node's run lock was taken over (its lease expired); the run goes on unprotected",
                            e.getValue());
                    held.remove(e.getKey());
                }
            } catch (DataAccessException down) {
                LOG.warn("{}: could not renew the run lock: {}", e.getValue(), down.getMessage());
            }
        }
    }

    Duration lease() {
        return props.getRunLockLease();
    }

    @PreDestroy
    void stop() {
        renewer.shutdownNow();
    }
}
