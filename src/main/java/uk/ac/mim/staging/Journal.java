package uk.ac.mim.staging;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/**
 * The feed-run journal and the rejected-rows table. Every run of every feed, real or dry, starts and
 * ends here; messages are bounded and scrubbed so a journal row can never carry a secret or a NUL.
 */
@Component
public class Journal {

    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
    private static final int MESSAGE_MAX = 4000;

    private final JdbcTemplate jdbc;

    public Journal(JdbcTemplate stagingJdbc) {
        this.jdbc = stagingJdbc;
    }

    public String start(String feedId, boolean dryRun, String cycleId, String triggeredBy) {
        String runId = UUID.randomUUID().toString();
        jdbc.update("INSERT INTO mim_feed_run (run_id, feed_id, cycle_id, triggered_by, started_at, status, dry_run)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                runId, feedId, cycleId, triggeredBy, Timestamp.from(Instant.now()), RunStatus.RUNNING.name(),
                dryRun ? "Y" : "N");
        return runId;
    }

    public void finish(String runId, RunStatus status, RunCounts counts) {
        jdbc.update("UPDATE mim_feed_run SET finished_at = ?, status = ?, rows_read = ?, rows_written = ?,"
                        + " rows_rejected = ?, message = ?, output_checksum = ?, output_size = ?, rows_waiting = ? WHERE run_id = ?",
                Timestamp.from(Instant.now()), status.name(), counts.read(), counts.written(), counts.rejected(),
                bounded(counts.message(), MESSAGE_MAX), counts.checksum(), counts.size(), counts.waiting(), runId);
    }

    /** Records a run that failed before its route could journal it (e.g. the route returned no run id). */
    public String failed(String feedId, boolean dryRun, String cycleId, String triggeredBy, String reason) {
        String runId = start(feedId, dryRun, cycleId, triggeredBy);
        finish(runId, RunStatus.FAILED, RunCounts.of(0, 0, 0, reason));
        return runId;
    }

    /** Records a run that never got to do anything (disabled, stale input). */
    public String skipped(String feedId, boolean dryRun, String cycleId, String triggeredBy, String reason) {
        String runId = start(feedId, dryRun, cycleId, triggeredBy);
        finish(runId, RunStatus.SKIPPED, RunCounts.of(0, 0, 0, reason));
        return runId;
    }

    public void reject(String runId, String feedId, String rowRef, String reason, String rowData) {
        reject(runId, feedId, rowRef, reason, rowData, null);
    }

    /** A rejected row that belongs to a student: every publisher holds that student (HeldStudents). */
    public void reject(String runId, String feedId, String rowRef, String reason, String rowData, String studentCode) {
        jdbc.update("INSERT INTO mim_rejected_row (run_id, feed_id, row_ref, reason, row_data, created_at, student_code)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                runId, feedId, bounded(rowRef, 400), bounded(reason, 1000), bounded(rowData, 4000),
                Timestamp.from(Instant.now()), bounded(studentCode, 12));
        LOG.warn("{} rejected {}: {}", feedId, bounded(rowRef, 400), bounded(reason, 1000));
    }

    /** Rows a run rejected (mim_rejected_row), for its journal figure. */
    public long rejectedCount(String runId) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM mim_rejected_row WHERE run_id = ?", Long.class, runId);
        return n == null ? 0 : n;
    }

    public Optional<FeedRun> run(String runId) {
        return jdbc.query("SELECT * FROM mim_feed_run WHERE run_id = ?", MAPPER, runId).stream().findFirst();
    }

    public List<FeedRun> recent(int limit) {
        return newest(limit, "SELECT * FROM mim_feed_run ORDER BY started_at DESC");
    }

    public Optional<FeedRun> lastOk(String feedId) {
        return newest(1, "SELECT * FROM mim_feed_run WHERE feed_id = ? AND status = ? AND dry_run = 'N'"
                + " ORDER BY started_at DESC", feedId, RunStatus.OK.name()).stream().findFirst();
    }

    /** The runs of a feed in a cycle, newest first. */
    public List<FeedRun> runsOf(String feedId, String cycleId) {
        return jdbc.query("SELECT * FROM mim_feed_run WHERE feed_id = ? AND cycle_id = ? ORDER BY started_at DESC",
                MAPPER, feedId, cycleId);
    }

    /** The newest finished run of a feed, whatever its outcome. */
    public Optional<FeedRun> latest(String feedId) {
        return newest(1, "SELECT * FROM mim_feed_run WHERE feed_id = ? AND status <> 'RUNNING' ORDER BY started_at DESC",
                feedId).stream().findFirst();
    }

    /** A feed's last {@code limit} finished runs, oldest first (the console's sparklines). */
    public List<FeedRun> finishedRuns(String feedId, int limit) {
        List<FeedRun> newest = new java.util.ArrayList<>(newest(limit,
                "SELECT * FROM mim_feed_run WHERE feed_id = ? AND status <> 'RUNNING' ORDER BY started_at DESC", feedId));
        java.util.Collections.reverse(newest);
        return newest;
    }

    /** Every run of one cycle (a night's chain), in the order they started. */
    public List<FeedRun> cycle(String cycleId) {
        return jdbc.query("SELECT * FROM mim_feed_run WHERE cycle_id = ? ORDER BY started_at", MAPPER, cycleId);
    }

    /** The newest run of a feed, running or finished. */
    public Optional<FeedRun> latestStarted(String feedId) {
        return newest(1, "SELECT * FROM mim_feed_run WHERE feed_id = ? ORDER BY started_at DESC", feedId).stream().findFirst();
    }

    /**
     * The first {@code limit} rows only: health, the console and the freshness checks ask for a feed's latest
     * run on every request, and the journal grows every night.
     */
    private List<FeedRun> newest(int limit, String sql, Object... args) {
        return jdbc.query(con -> {
            var ps = con.prepareStatement(sql);
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.setMaxRows(limit);
            return ps;
        }, MAPPER);
    }

    public List<String> rejectedReasons(String runId) {
        return jdbc.queryForList("SELECT reason FROM mim_rejected_row WHERE run_id = ? ORDER BY id", String.class, runId);
    }

    /**
     * Journal text must be storable everywhere (PostgreSQL refuses NUL) and bounded; control characters
     * are shown escaped so the reason a row was rejected stays visible.
     */
    public static String bounded(String s, int max) {
        if (s == null) {
            return null;
        }
        StringBuilder b = new StringBuilder(Math.min(s.length(), max));
        for (int i = 0; i < s.length() && b.length() < max; i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\n' && c != '\t') {
                b.append(String.format("\\u%04x", (int) c));
            } else if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) && !(Character.isLowSurrogate(c) && i > 0
                    && Character.isHighSurrogate(s.charAt(i - 1)))) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        // never cut a surrogate pair in half
        if (b.length() > max) {
            b.setLength(max);
        }
        if (b.length() > 0 && Character.isHighSurrogate(b.charAt(b.length() - 1))) {
            b.setLength(b.length() - 1);
        }
        return b.toString();
    }

    private static final RowMapper<FeedRun> MAPPER = (ResultSet rs, int i) -> new FeedRun(
            rs.getString("run_id"), rs.getString("feed_id"), rs.getString("cycle_id"), rs.getString("triggered_by"),
            instant(rs, "started_at"), instant(rs, "finished_at"), RunStatus.valueOf(rs.getString("status")),
            "Y".equals(rs.getString("dry_run")), rs.getLong("rows_read"), rs.getLong("rows_written"),
            rs.getLong("rows_rejected"), rs.getString("message"), rs.getString("output_checksum"),
            (Long) rs.getObject("output_size", Long.class), rs.getLong("rows_waiting"));

    private static Instant instant(ResultSet rs, String col) throws SQLException {
        Timestamp t = rs.getTimestamp(col);
        return t == null ? null : t.toInstant();
    }
}
