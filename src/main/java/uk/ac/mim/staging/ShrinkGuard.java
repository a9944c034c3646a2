package uk.ac.mim.staging;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The shrink guard (docs/contract.md §6): per kind of record, retained = |baseline ∩ new| / |baseline|; the run is
 * BLOCKED when any kind falls below {@code threshold-percent} (mim_setting, default 75), or a feed-specific
 * rule reports a problem. An empty baseline never blocks. A real run consumes the feed's one-shot override
 * whatever the outcome; a dry run never does.
 */
@Component
public class ShrinkGuard {

    private static final Logger LOG = LoggerFactory.getLogger(ShrinkGuard.class);

    /** What the feed owns now (baseline) and how much of it the run would keep. */
    public record Retention(String kind, long baseline, long retained) {
        public double percent() {
            return baseline == 0 ? 100.0 : 100.0 * retained / baseline;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s %d of %d retained (%.1f%%)", kind, retained, baseline, percent());
        }
    }

    public record Verdict(boolean blocked, List<String> problems, String overrideNote, int thresholdPercent) {
        public String describe() {
            StringBuilder b = new StringBuilder();
            if (!problems.isEmpty()) {
                b.append(blocked ? "BLOCKED by the shrink guard: " : "shrink guard: ").append(String.join("; ", problems));
            }
            if (overrideNote != null) {
                b.append(b.length() > 0 ? "; " : "").append(overrideNote);
            }
            return b.toString();
        }
    }

    private final JdbcTemplate jdbc;
    private final Overrides overrides;

    private final Settings settings;

    public ShrinkGuard(JdbcTemplate stagingJdbc, Overrides overrides, Settings settings) {
        this.jdbc = stagingJdbc;
        this.overrides = overrides;
        this.settings = settings;
    }

    /** The check's figures, for the console's guard history; never fails the guard itself. */
    private void record(String feedId, List<Retention> kinds, Verdict v, boolean dryRun) {
        try {
            java.sql.Timestamp now = java.sql.Timestamp.from(java.time.Instant.now());
            for (Retention r : kinds) {
                jdbc.update("INSERT INTO mim_guard_check (feed_id, kind, baseline, retained, threshold_percent, blocked, dry_run,"
                        + " checked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", feedId, Journal.bounded(r.kind(), 100), r.baseline(),
                        r.retained(), v.thresholdPercent(), v.blocked() ? "Y" : "N", dryRun ? "Y" : "N", now);
            }
        } catch (RuntimeException e) {
            LOG.warn("{}: the guard's figures were not recorded for the console: {}", feedId, e.getMessage());
        }
    }

    /** The last {@code limit} checks of a feed's guard, oldest first: kind, retained %, threshold, blocked, dry run. */
    public List<Check> history(String feedId, int limit) {
        List<Check> newest = jdbc.query(con -> {
            var ps = con.prepareStatement("SELECT kind, baseline, retained, threshold_percent, blocked, dry_run, checked_at"
                    + " FROM mim_guard_check WHERE feed_id = ? ORDER BY checked_at DESC, id DESC");
            ps.setString(1, feedId);
            ps.setMaxRows(limit);
            return ps;
        }, (rs, i) -> new Check(rs.getString(1), new Retention(rs.getString(1), rs.getLong(2), rs.getLong(3)).percent(),
                rs.getInt(4), "Y".equals(rs.getString(5)), "Y".equals(rs.getString(6)), rs.getTimestamp(7).toInstant()));
        List<Check> oldestFirst = new ArrayList<>(newest);
        java.util.Collections.reverse(oldestFirst);
        return oldestFirst;
    }

    /** One recorded check of one kind. */
    public record Check(String kind, double percent, int thresholdPercent, boolean blocked, boolean dryRun, java.time.Instant at) { }

    /** The feeds whose guard has been checked at least once. */
    public List<String> guardedFeeds() {
        return jdbc.queryForList("SELECT DISTINCT feed_id FROM mim_guard_check ORDER BY feed_id", String.class);
    }

    public int thresholdPercent(String feedId) {
        List<String[]> rows = jdbc.query("SELECT setting_key, setting_value FROM mim_setting WHERE setting_key IN (?, ?)"
                        + " ORDER BY LENGTH(setting_key) DESC", (rs, i) -> new String[] {rs.getString(1), rs.getString(2)},
                "threshold-percent." + feedId, "threshold-percent");
        return rows.isEmpty() ? 75 : settings.wholeNumber(rows.get(0)[0], rows.get(0)[1], 75);
    }

    public int setting(String key, int fallback) {
        List<String> v = jdbc.queryForList("SELECT setting_value FROM mim_setting WHERE setting_key = ?", String.class, key);
        return v.isEmpty() ? fallback : settings.wholeNumber(key, v.get(0), fallback);
    }

    public Verdict check(String feedId, List<Retention> kinds, List<String> otherProblems, boolean dryRun) {
        int threshold = thresholdPercent(feedId);
        List<String> problems = new ArrayList<>();
        for (Retention r : kinds) {
            if (r.baseline() > 0 && r.retained() * 100 < (long) threshold * r.baseline()) {
                problems.add(r + " is below the " + threshold + "% threshold");
            }
        }
        problems.addAll(otherProblems);
        String note = null;
        boolean blocked = !problems.isEmpty();
        if (!dryRun) {
            Optional<Overrides.Override> used = overrides.consume(feedId);
            if (used.isPresent()) {
                note = (blocked ? "guard overridden: " : "unneeded override consumed: ") + used.get().describe();
                blocked = false;
            }
        }
        Verdict v = new Verdict(blocked, problems, note, threshold);
        record(feedId, kinds, v, dryRun);
        if (blocked) {
            LOG.error("{} {}", feedId, v.describe());
        } else if (note != null) {
            LOG.warn("{} {}", feedId, v.describe());
        }
        return v;
    }
}
