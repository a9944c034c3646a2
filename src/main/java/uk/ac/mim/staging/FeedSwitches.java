package uk.ac.mim.staging;

import java.sql.Timestamp;
import java.time.Instant;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The cluster-wide on/off switch of a feed: a row {@code feed.<id>.enabled} in {@code mim_setting}, read by
 * every node at trigger time. (A JMX route stop acts on one node only.)
 */
@Component
public class FeedSwitches {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    public FeedSwitches(JdbcTemplate stagingJdbc, TransactionTemplate tx) {
        this.jdbc = stagingJdbc;
        this.tx = tx;
    }

    public static String key(String feedId) {
        return "feed." + feedId + ".enabled";
    }

    public boolean enabled(String feedId) {
        return jdbc.queryForList("SELECT setting_value FROM mim_setting WHERE setting_key = ?", String.class, key(feedId))
                .stream().noneMatch(v -> v != null && v.strip().equalsIgnoreCase("false"));
    }

    public void set(String feedId, boolean enabled, String by) {
        tx.executeWithoutResult(s -> {
            jdbc.update("DELETE FROM mim_setting WHERE setting_key = ?", key(feedId));
            jdbc.update("INSERT INTO mim_setting (setting_key, setting_value, description, updated_at, updated_by)"
                            + " VALUES (?, ?, ?, ?, ?)", key(feedId), String.valueOf(enabled),
                    "cluster-wide switch of " + feedId, Timestamp.from(Instant.now()), by);
        });
    }
}
