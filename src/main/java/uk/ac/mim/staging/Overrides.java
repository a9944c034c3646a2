package uk.ac.mim.staging;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one-shot override of a feed's shrink guard (docs/contract.md §6): one row per feed in {@code mim_override},
 * set by an operator (JMX, console or SQL), consumed by that feed's next real run whatever its outcome.
 */
@Component
public class Overrides {

    public record Override(String feedId, String setBy, Instant setAt, String reason) {
        public String describe() {
            return "override set by " + setBy + " at " + setAt + " (" + reason + ")";
        }
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    public Overrides(JdbcTemplate stagingJdbc, TransactionTemplate tx) {
        this.jdbc = stagingJdbc;
        this.tx = tx;
    }

    public void set(String feedId, String setBy, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("An override needs a reason");
        }
        tx.executeWithoutResult(s -> {
            jdbc.update("DELETE FROM mim_override WHERE feed_id = ?", feedId);
            jdbc.update("INSERT INTO mim_override (feed_id, set_by, set_at, reason) VALUES (?, ?, ?, ?)",
                    feedId, setBy, Timestamp.from(Instant.now()), reason);
        });
    }

    public Optional<Override> get(String feedId) {
        return jdbc.query("SELECT feed_id, set_by, set_at, reason FROM mim_override WHERE feed_id = ?",
                (rs, i) -> new Override(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getString(4)),
                feedId).stream().findFirst();
    }

    /** Removes and returns the override, if any: only the run that deletes the row consumes it. */
    public Optional<Override> consume(String feedId) {
        Optional<Override> o = get(feedId);
        if (o.isPresent() && jdbc.update("DELETE FROM mim_override WHERE feed_id = ?", feedId) == 1) {
            return o;
        }
        return Optional.empty();
    }
}
