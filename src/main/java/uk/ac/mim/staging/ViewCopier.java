package uk.ac.mim.staging;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import uk.ac.mim.config.MimProperties;

/**
 * Copies a source query into a staging {@code _dump} table (docs/contract.md §6, Copies), in one staging transaction:
 * <ol>
 *   <li>{@code DELETE} the live rows (uncommitted: readers keep seeing them, the databases are all MVCC),</li>
 *   <li>stream the source rows (forward-only cursor, large fetch size: memory does not grow with rows),</li>
 *   <li>check each row against the target's columns and reject, with a reason, what it cannot store,</li>
 *   <li>insert the rest in JDBC batches, each behind a savepoint so a batch the database refuses is retried
 *       row by row without losing the transaction,</li>
 *   <li>run the copy's refresh statements and commit: a reader sees the old rows or the new rows, never a
 *       mix, and views on the table stay valid.</li>
 * </ol>
 * Every row is written once (an earlier version loaded a shadow table and copied it across, writing twice).
 * A failure before the commit rolls back and leaves the live table exactly as it was.
 */
public class ViewCopier {

    private static final Logger LOG = LoggerFactory.getLogger(ViewCopier.class);

    private final DataSource staging;
    private final SourceDataSources sources;
    private final SqlResources sql;
    private final Journal journal;
    private final MimProperties props;
    private volatile CopyListener listener = CopyListener.NONE;

    public ViewCopier(DataSource staging, SourceDataSources sources, SqlResources sql, Journal journal,
                      MimProperties props) {
        this.staging = staging;
        this.sources = sources;
        this.sql = sql;
        this.journal = journal;
        this.props = props;
    }

    public void setListener(CopyListener listener) {
        this.listener = listener == null ? CopyListener.NONE : listener;
    }

    /** The copy's query text (an editable .sql resource): the body of the route's camel-sql read step. */
    public String query(CopySpec spec) {
        return sql.query(spec.query());
    }

    /** The pool of the copy's source, as the route's read step reads it (fetch size and query timeout set). */
    public javax.sql.DataSource readPool(String source) {
        SourceDataSources.Source s = sources.get(source);
        return new ReadSettings(s.dataSource(), s.fetchSize(), props.getCopy().getQueryTimeout());
    }

    /** The source's own pool (Hikari), for discarding a connection that was mid-read when the heap ran out. */
    public javax.sql.DataSource sourcePool(String source) {
        return sources.get(source).dataSource();
    }

    /** A copy read straight through JDBC, outside a route (tests, tools); the route reads through camel-sql. */
    public RunCounts copy(CopySpec spec, String runId) throws SQLException {
        String query = query(spec);
        SourceDataSources.Source source = sources.get(spec.source());
        try (Connection src = readPool(spec.source()).getConnection()) { // read-only, in a transaction (ReadSettings)
            try (PreparedStatement ps = src.prepareStatement(query, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
                 ResultSet rs = ps.executeQuery()) {
                return load(spec, runId, SourceRows.of(rs), source.dataSource(), QueryColumns.of(rs.getMetaData()));
            } finally {
                if (!src.isClosed()) { // closed: discarded after running out of memory
                    src.rollback();
                }
            }
        }
    }

    /**
     * The staging step: replaces the target's rows with {@code rows} (as {@link SourceRows} maps them) in one
     * transaction. {@code pool} is the source's pool, so that a connection mid-read when the heap runs out is
     * discarded rather than pooled.
     */
    public RunCounts load(CopySpec spec, String runId, java.util.Iterator<?> rows, javax.sql.DataSource pool) throws SQLException {
        return load(spec, runId, rows, pool, null);
    }

    private RunCounts load(CopySpec spec, String runId, java.util.Iterator<?> rows, javax.sql.DataSource pool,
                           QueryColumns known) throws SQLException {
        long started = System.nanoTime();
        Connection src = null;
        try (Connection st = staging.getConnection()) {
            Object head = rows.hasNext() ? rows.next() : null;
            QueryColumns md = known;
            if (head instanceof SourceRows.First first) {
                md = first.columns();
                src = first.connection();
                head = first.values();
            }
            st.setAutoCommit(true);
            List<TargetColumn> target = ensureTable(st, spec, md);
            List<String> refresh = spec.refresh() == null || spec.refresh().isBlank() ? List.of()
                    : sql.statements(spec.refresh());
            Loaded loaded;
            java.util.Iterator<?> rest = ReadAhead.of(rows, props.getCopy().getReadAheadRows(), spec.feedId());
            try {
                loaded = replaceRows(st, spec, runId, (Object[]) head, rest, md, target, refresh);
            } finally {
                ReadAhead.close(rest); // the reading thread has let the source's connection go
            }
            String statistics = refreshStatistics(st, spec, refresh, loaded.refreshChanged, loaded.fingerprint);
            listener.at(spec.feedId(), CopyListener.Step.SWAPPED);
            long written = loaded.read - loaded.rejected;
            long ms = (System.nanoTime() - started) / 1_000_000;
            String msg = String.format(Locale.ROOT, "copied %d of %d rows into %s in %d ms (%s; %s, %s)%s", written,
                    loaded.read, spec.target(), ms, loaded.path, loaded.timings, statistics,
                    (loaded.rejected > 0 ? "; " + loaded.rejected + " rejected (see mim_rejected_row)" : "")
                    + (loaded.duplicates == null ? "" : "; " + loaded.duplicates));
            LOG.info("{}: {}", spec.feedId(), msg);
            return RunCounts.of(loaded.read, written, loaded.rejected, msg);
        } catch (RuntimeException | Error e) {
            discardSource(pool, src, e); // it was mid-read
            throw e;
        } catch (SQLException e) {
            discardSource(pool, src, e); // the driver's own out-of-memory (53200)
            throw e;
        }
    }

    private static void discardSource(javax.sql.DataSource pool, Connection src, Throwable e) {
        if (src != null && pool != null) {
            Connections.discardIfOutOfMemory(pool, src, e);
        }
    }

    private record Loaded(long read, long rejected, String duplicates, String path, String timings, String fingerprint,
                          boolean refreshChanged) { }

    private static final Pattern INSERT_INTO = Pattern.compile("(?is)^(?:\\s*--[^\\n]*\\n)*\\s*INSERT\\s+INTO\\s+([A-Za-z_][A-Za-z0-9_]*)");

    /**
     * Every row of the table has just been replaced: without fresh statistics the planner keeps the old
     * estimates (a table it last saw empty is planned as empty, with nested loops over hundreds of thousands
     * of rows; measured at ×1: the profile-fields query 1.4 s before, 0.15 s after). The tables the refresh
     * statements fill are analysed too, unless those statements changed no row. Not fatal: the rows are committed; a
     * planner on old statistics is slower, not wrong.
     */
    private String refreshStatistics(Connection st, CopySpec spec, List<String> refresh, boolean refreshChanged, String fingerprint) {
        long from = System.nanoTime();
        boolean kept = false;
        Set<String> tables = refreshChanged ? refreshedTables(refresh) : Set.of();
        int target = props.getCopy().getStatisticsTarget();
        try {
            StagingDialect dialect = StagingDialect.of(st);
            // the target's rows are those its statistics were taken of (a no-change night): nothing to refresh
            if (fingerprint.equals(analyzedFingerprint(st, spec.target()))) {
                kept = true;
            } else {
                TableStatistics.analyze(st, dialect, spec.target(), target);
                rememberAnalyzed(st, spec.target(), fingerprint);
            }
            for (String table : tables) {
                TableStatistics.analyze(st, dialect, table, target);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("{}: could not refresh the statistics of {}: {}", spec.feedId(), spec.target(), e.getMessage());
            return "statistics not refreshed: " + e.getMessage();
        }
        long ms = (System.nanoTime() - from) / 1_000_000;
        String refreshed = refresh.isEmpty() ? "" : refreshChanged ? "; the refreshed tables' too" : "; the refresh changed no row";
        return (kept ? "statistics kept: the rows are those they were taken of" : "statistics") + " " + ms + " ms" + refreshed;
    }

    /** The tables a copy's refresh statements fill ({@code INSERT INTO t …}): analysed after them. */
    public static Set<String> refreshedTables(List<String> refresh) {
        Set<String> tables = new LinkedHashSet<>();
        for (String stmt : refresh) {
            Matcher m = INSERT_INTO.matcher(stmt);
            if (m.find()) {
                tables.add(SqlIdentifiers.identifier(m.group(1).toLowerCase(Locale.ROOT)));
            }
        }
        return tables;
    }

    private static long rowCount(Connection st, String table) throws SQLException {
        try (Statement s = st.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** What the copy's table holds, as its last copy committed it; null when unknown. */
    private static String content(Connection st, String table) throws SQLException {
        return fingerprint(st, "SELECT fingerprint FROM mim_copy_content WHERE table_name = ?", table);
    }

    private static String fingerprint(Connection st, String query, String table) throws SQLException {
        try (PreparedStatement ps = st.prepareStatement(query)) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** In the copy's transaction: the fingerprint of the rows it writes (those a bulk chunk refused included, see compareFirst). */
    private static void rememberContent(Connection st, String table, String fingerprint) throws SQLException {
        try (PreparedStatement del = st.prepareStatement("DELETE FROM mim_copy_content WHERE table_name = ?");
             PreparedStatement in = st.prepareStatement("INSERT INTO mim_copy_content (table_name, fingerprint, copied_at) VALUES (?, ?, ?)")) {
            del.setString(1, table);
            del.executeUpdate();
            in.setString(1, table);
            in.setString(2, fingerprint);
            in.setTimestamp(3, java.sql.Timestamp.from(java.time.Instant.now()));
            in.executeUpdate();
        }
    }

    private static String analyzedFingerprint(Connection st, String table) throws SQLException {
        return fingerprint(st, "SELECT fingerprint FROM mim_copy_statistics WHERE table_name = ?", table);
    }

    private static void rememberAnalyzed(Connection st, String table, String fingerprint) throws SQLException {
        java.sql.Timestamp now = java.sql.Timestamp.from(java.time.Instant.now());
        try (PreparedStatement up = st.prepareStatement("UPDATE mim_copy_statistics SET fingerprint = ?, analyzed_at = ? WHERE table_name = ?")) {
            up.setString(1, fingerprint);
            up.setTimestamp(2, now);
            up.setString(3, table);
            if (up.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement in = st.prepareStatement("INSERT INTO mim_copy_statistics (table_name, fingerprint, analyzed_at) VALUES (?, ?, ?)")) {
            in.setString(1, table);
            in.setString(2, fingerprint);
            in.setTimestamp(3, now);
            in.executeUpdate();
        }
    }

    /**
     * Whether the copy first compares its source with what staging holds: its last OK copy finished within
     * {@code mim.copy.compare-first-within} (a rerun the same night, when the sources have seldom changed). A
     * new night's copy writes straight away: its sources have changed, and a comparison would be a second read.
     */
    public boolean compareFirst(CopySpec spec) {
        java.time.Duration within = props.getCopy().getCompareFirstWithin();
        if (within == null || within.isZero() || within.isNegative()) {
            return false;
        }
        java.time.Instant since = java.time.Instant.now().minus(within);
        // a copy that rejected rows compares nothing: the rerun must record its rejections again (held students), and a
        // row the database refused is in the fingerprint though not in the table
        return journal.lastOk(spec.feedId()).map(r -> r.rowsRejected() == 0 && r.finishedAt() != null && r.finishedAt().isAfter(since))
                .orElse(false);
    }

    /** What the comparison found: {@code unchanged} when the source's checked rows are what the target holds. */
    public record Comparison(boolean unchanged, long rows, long millis, String why) { }

    /**
     * Reads the source's rows, checks and normalises them as the copy would write them, and compares their content
     * with the target's (the fingerprint remembered with its statistics, {@code mim_copy_statistics}). Not unchanged
     * when a row would be rejected (the copy records it), the source is empty or the target has no fingerprint.
     */
    public Comparison compare(CopySpec spec, java.util.Iterator<?> rows, javax.sql.DataSource pool) throws SQLException {
        long started = System.nanoTime();
        Connection src = null;
        try (Connection st = staging.getConnection()) {
            Object head = rows.hasNext() ? rows.next() : null;
            if (!(head instanceof SourceRows.First first) || !exists(st, spec.target())) {
                return new Comparison(false, 0, ms(started), "the source is empty or the table is new");
            }
            src = first.connection();
            String held = content(st, spec.target());
            if (held == null) {
                return new Comparison(false, 0, ms(started), "no record of what the table holds");
            }
            Columns c = columns(ensureTable(st, spec, first.columns()), first.columns());
            int width = props.getStudentCodeWidth();
            RowFingerprint content = new RowFingerprint();
            java.util.Iterator<?> rest = ReadAhead.of(rows, props.getCopy().getReadAheadRows(), spec.feedId());
            try {
                for (Object[] row = first.values(); row != null; row = rest.hasNext() ? (Object[]) rest.next() : null) {
                    if (check(row, c.cols(), c.studentCode(), width) != null) {
                        return new Comparison(false, content.rows(), ms(started), "a row would be rejected");
                    }
                    content.add(RowFingerprint.hash(row));
                }
            } finally {
                ReadAhead.close(rest);
            }
            boolean same = content.toString().equals(held);
            if (same && rowCount(st, spec.target()) != content.rows()) { // the table was changed by hand since
                return new Comparison(false, content.rows(), ms(started), "the table does not hold the rows its last copy wrote");
            }
            return new Comparison(same, content.rows(), ms(started), same ? "unchanged" : "the rows differ");
        } catch (RuntimeException | Error e) {
            discardSource(pool, src, e); // it was mid-read
            throw e;
        } catch (SQLException e) {
            discardSource(pool, src, e);
            throw e;
        }
    }

    /**
     * An unchanged copy: nothing written, the target and its statistics stay. Its refresh statements still run
     * (in one transaction) with their tables' statistics: the tables they fill may read other copies that changed.
     */
    public RunCounts keep(CopySpec spec, Comparison compared) throws SQLException {
        long started = System.nanoTime();
        List<String> refresh = spec.refresh() == null || spec.refresh().isBlank() ? List.of() : sql.statements(spec.refresh());
        boolean changed = false;
        if (!refresh.isEmpty()) {
            try (Connection st = staging.getConnection()) {
                st.setAutoCommit(false);
                try (Statement s = st.createStatement()) {
                    changed = runRefresh(s, refresh);
                    st.commit();
                } catch (SQLException | RuntimeException e) {
                    st.rollback();
                    throw e;
                } finally {
                    st.setAutoCommit(true);
                }
                StagingDialect dialect = StagingDialect.of(st);
                for (String table : changed ? refreshedTables(refresh) : Set.<String>of()) {
                    TableStatistics.analyze(st, dialect, table, props.getCopy().getStatisticsTarget());
                }
            }
        }
        String msg = String.format(Locale.ROOT, "unchanged: the source's %d rows are those %s holds (compared in %d ms); not"
                + " rewritten%s", compared.rows(), spec.target(), compared.millis(),
                refresh.isEmpty() ? "" : "; refresh statements run in " + ms(started) + " ms" + (changed ? "" : ", no row changed"));
        LOG.info("{}: {}", spec.feedId(), msg);
        return RunCounts.of(compared.rows(), 0, 0, msg);
    }

    /** Runs a copy's refresh statements; whether any of them changed a row (their tables' statistics then refreshed). */
    private static boolean runRefresh(Statement stmt, List<String> refresh) throws SQLException {
        boolean changed = false;
        for (String statement : refresh) {
            changed |= stmt.executeUpdate(statement) != 0;
        }
        return changed;
    }

    private static long ms(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    /** The target's columns; creates the target from the query's metadata if it is missing. */
    private List<TargetColumn> ensureTable(Connection st, CopySpec spec, QueryColumns sourceMd) throws SQLException {
        if (sourceMd == null && !exists(st, spec.target())) {
            throw new IllegalStateException(spec.target() + " does not exist and the query returned no rows to take its"
                    + " columns from: create it by a migration");
        }
        if (!exists(st, spec.target())) {
            StagingDialect dialect = StagingDialect.of(st);
            StringJoiner cols = new StringJoiner(", ");
            for (int i = 0; i < sourceMd.count(); i++) {
                String name = SqlIdentifiers.identifier(sourceMd.labels()[i]);
                cols.add(name + " " + TargetColumn.ddlType(sourceMd, i, dialect));
            }
            try (Statement s = st.createStatement()) {
                s.execute("CREATE TABLE " + spec.target() + " (" + cols + ")" + dialect.tableOptions());
            }
            LOG.info("{}: created missing table {} from the query's columns", spec.feedId(), spec.target());
        }
        List<TargetColumn> target;
        try (Statement s = st.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + spec.target() + " WHERE 1 = 0")) {
            target = TargetColumn.of(rs.getMetaData());
        }
        Set<String> known = new HashSet<>();
        target.forEach(c -> known.add(c.name()));
        List<String> unknown = new ArrayList<>();
        for (int i = 0; sourceMd != null && i < sourceMd.count(); i++) {
            String label = sourceMd.labels()[i];
            if (!known.contains(label)) {
                unknown.add(label);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalStateException("Query " + spec.query() + " returns columns that " + spec.target()
                    + " does not have: " + unknown + " (edit the query or add the columns by a migration)");
        }
        return target;
    }

    private static boolean exists(Connection st, String table) {
        try (Statement s = st.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0")) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** The query's columns as the target stores them, and which of them hold student codes. */
    private record Columns(TargetColumn[] cols, boolean[] studentCode) { }

    private Columns columns(List<TargetColumn> target, QueryColumns md) {
        Map<String, TargetColumn> byName = new HashMap<>();
        target.forEach(c -> byName.put(c.name(), c));
        int n = md == null ? target.size() : md.count();
        TargetColumn[] cols = new TargetColumn[n];
        boolean[] studentCode = new boolean[n];
        for (int i = 0; i < n; i++) {
            cols[i] = md == null ? target.get(i) : byName.get(md.labels()[i]);
            studentCode[i] = props.getStudentCodeColumns().contains(cols[i].name());
        }
        return new Columns(cols, studentCode);
    }

    private Loaded replaceRows(Connection st, CopySpec spec, String runId, Object[] head, java.util.Iterator<?> rest,
                               QueryColumns md, List<TargetColumn> target, List<String> refresh) throws SQLException {
        Columns columns = columns(target, md);
        TargetColumn[] cols = columns.cols();
        boolean[] studentCode = columns.studentCode();
        int width = props.getStudentCodeWidth();
        long read = 0;
        long rejected = 0;
        DuplicateRows duplicates = new DuplicateRows(props.getCopy().getDuplicatesInMemory());
        String repeated;
        String path;
        String timings;
        boolean refreshChanged;
        st.setAutoCommit(false);
        BulkPath bulk = props.getCopy().isBulk() ? BulkPath.of(StagingDialect.of(st), spec.target(), cols) : null;
        CopyWriter.Rejects rejects = (row, reason) -> journal.reject(runId, spec.feedId(), RowChecks.ref(cols, row), reason,
                RowChecks.describe(cols, row), student(row, studentCode, width));
        try (CopyWriter writer = new CopyWriter(st, spec.target(), cols, bulk, props.getCopy().getBatchSize(),
                props.getCopy().getBulkChunkRows(), rejects); Statement stmt = st.createStatement()) {
            long t0 = System.nanoTime();
            stmt.executeUpdate("DELETE FROM " + spec.target());
            long tDeleted = System.nanoTime();
            listener.at(spec.feedId(), CopyListener.Step.LIVE_DELETED);
            for (Object[] row = head; row != null; row = rest.hasNext() ? (Object[]) rest.next() : null) {
                read++;
                String problem = check(row, cols, studentCode, width);
                if (problem != null) {
                    rejected++;
                    rejects.reject(row, problem);
                    continue;
                }
                writer.add(row);
                duplicates.see(row);
            }
            rejected += writer.finish();
            long tLoaded = System.nanoTime();
            path = writer.path();
            repeated = duplicates.describe(st, spec.target(), cols);
            if (repeated != null) {
                LOG.warn("{}: {}", spec.feedId(), repeated);
            }
            refreshChanged = runRefresh(stmt, refresh);
            rememberContent(st, spec.target(), duplicates.fingerprint());
            long tRefreshed = System.nanoTime();
            listener.at(spec.feedId(), CopyListener.Step.ROWS_LOADED);
            st.commit();
            // where the copy spent its time, for the journal row (the read is interleaved with the writes)
            timings = String.format(Locale.ROOT, "old rows deleted %d ms, rows read, checked and written %d ms (writes %d ms),"
                    + " refresh %d ms, commit %d ms", (tDeleted - t0) / 1_000_000, (tLoaded - tDeleted) / 1_000_000,
                    writer.writeNanos() / 1_000_000, (tRefreshed - tLoaded) / 1_000_000, (System.nanoTime() - tRefreshed) / 1_000_000);
        } catch (SQLException | RuntimeException e) {
            st.rollback();
            st.setAutoCommit(true);
            throw e;
        } catch (Error e) {
            // out of memory mid-copy: closing the connection is the sure rollback; setAutoCommit(true) here would
            // commit the half-written copy (the old rows deleted, part of the new ones in)
            if (!Connections.discardIfOutOfMemory(staging, st, e)) {
                st.rollback();
                st.setAutoCommit(true);
            }
            throw e;
        }
        st.setAutoCommit(true);
        return new Loaded(read, rejected, repeated, path, timings, duplicates.fingerprint(), refreshChanged);
    }

    /** Normalises the row's student codes in place; returns why the target cannot store the row, or null. */
    private static String check(Object[] row, TargetColumn[] cols, boolean[] studentCode, int width) {
        String problem = null;
        for (int i = 0; i < row.length; i++) {
            Object v = row[i];
            if (v instanceof String s) {
                if (studentCode[i]) {
                    s = StudentCodes.normalise(s, width);
                    row[i] = s;
                }
                if (problem == null && s != null) {
                    problem = RowChecks.problem(cols[i], s);
                }
            }
            if (problem == null && row[i] == null && cols[i].required()) {
                problem = "column " + cols[i].name() + " is required but empty";
            }
        }
        return problem;
    }

    /**
     * The student a rejected row belongs to, as far as its student code can still be read (the digits of a key
     * with a NUL in it), so that every publisher holds that student; null when no code can be read.
     */
    private static String student(Object[] row, boolean[] studentCode, int width) {
        for (int i = 0; i < row.length; i++) {
            if (studentCode[i] && row[i] instanceof String s) {
                String digits = s.replaceAll("[^0-9]", "");
                return digits.isEmpty() ? null : StudentCodes.normalise(digits, width);
            }
        }
        return null;
    }
}
