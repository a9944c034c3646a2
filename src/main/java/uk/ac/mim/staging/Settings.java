package uk.ac.mim.staging;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The settings kept as data ({@code mim_setting}): thresholds and cluster-wide switches. Each is checked when it
 * is written (JMX) and at start-up, so a threshold typed as {@code 75%} is refused at once instead of failing a
 * feed at night; a feed that still meets one names the row and what it must be.
 */
@Component
public class Settings {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    public Settings(JdbcTemplate stagingJdbc, TransactionTemplate tx) {
        this.jdbc = stagingJdbc;
        this.tx = tx;
    }

    /** What is wrong with a value for this key, if anything. */
    public static Optional<String> problem(String key, String value) {
        if (key == null || key.isBlank()) {
            return Optional.of("a setting needs a key");
        }
        String v = value == null ? "" : value.strip();
        if (key.equals("threshold-percent") || key.startsWith("threshold-percent.") || key.equals("course-threshold-percent")) {
            return whole(v, 0, 100).map(p -> key + " must be a whole number from 0 to 100 (a percentage, without %): " + p);
        }
        if (key.equals("course-threshold-min-students")) {
            return whole(v, 0, Integer.MAX_VALUE).map(p -> key + " must be a whole number of students, 0 or more: " + p);
        }
        if (key.startsWith("feed.") && key.endsWith(".enabled")) {
            return v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false") ? Optional.empty()
                    : Optional.of(key + " must be true or false, not '" + v + "'");
        }
        return Optional.of("unknown setting " + key + " (known: threshold-percent[.<feed>], course-threshold-percent,"
                + " course-threshold-min-students, feed.<feed>.enabled)");
    }

    private static Optional<String> whole(String v, int min, int max) {
        try {
            int n = Integer.parseInt(v);
            return n < min || n > max ? Optional.of("'" + v + "' is out of range") : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.of("'" + v + "' is not one");
        }
    }

    /** The whole number a row holds, or the fallback when there is no row; a bad row is a clear error. */
    public int wholeNumber(String key, String value, int fallback) {
        if (value == null) {
            return fallback;
        }
        Optional<String> p = problem(key, value);
        if (p.isPresent()) {
            throw new IllegalStateException("mim_setting " + p.get() + " (fix the row, or set it with the setSetting operation)");
        }
        return Integer.parseInt(value.strip());
    }

    /** Writes a setting after checking it; refused values are never stored. */
    public void set(String key, String value, String by) {
        problem(key, value).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
        tx.executeWithoutResult(s -> {
            jdbc.update("DELETE FROM mim_setting WHERE setting_key = ?", key);
            jdbc.update("INSERT INTO mim_setting (setting_key, setting_value, updated_at, updated_by) VALUES (?, ?, ?, ?)",
                    key, value.strip(), Timestamp.from(Instant.now()), by);
        });
    }

    /** Every stored row that would fail a feed, in words. */
    public List<String> invalid() {
        List<String> out = new ArrayList<>();
        jdbc.query("SELECT setting_key, setting_value FROM mim_setting ORDER BY setting_key", rs -> {
            problem(rs.getString(1), rs.getString(2)).ifPresent(out::add);
        });
        return out;
    }
}
