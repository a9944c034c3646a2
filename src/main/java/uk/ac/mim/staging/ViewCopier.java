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

    public RunCounts copy(CopySpec spec, String runId) throws SQLException {
        String query = sql.query(spec.query());
        SourceDataSources.Source source = sources.get(spec.source());
        long started = System.nanoTime();
        try (Connection src = source.dataSource().getConnection(); Connection st = staging.getConnection()) {
            try {
                return copy(spec, runId, query, source, src, st, started);
            } catch (RuntimeException | Error e) {
                Connections.discardIfOutOfMemory(source.dataSource(), src, e); // it was mid-read
                throw e;
            } catch (SQLException e) {
                Connections.discardIfOutOfMemory(source.dataSource(), src, e); // the driver's own out-of-memory (53200)
                throw e;
            }
        }
    }

    private RunCounts copy(CopySpec spec, String runId, String query, SourceDataSources.Source source, Connection src,
                           Connection st, long started) throws SQLException {
        src.setReadOnly(true);
        // PostgreSQL streams only inside a transaction; elsewhere this is harmless for a read.
        src.setAutoCommit(false);
        try (PreparedStatement ps = src.prepareStatement(query, ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_READ_ONLY)) {
            ps.setFetchSize(source.fetchSize());
            ps.setQueryTimeout((int) Math.min(Integer.MAX_VALUE, props.getCopy().getQueryTimeout().toSeconds()));
            try (ResultSet rs = ps.executeQuery()) {
                st.setAutoCommit(true);
                List<TargetColumn> target = ensureTable(st, spec, rs.getMetaData());
                List<String> refresh = spec.refresh() == null || spec.refresh().isBlank() ? List.of()
                        : sql.statements(spec.refresh());
                Loaded loaded = replaceRows(st, spec, runId, rs, target, refresh);
                src.rollback();
                refreshStatistics(st, spec, refresh);
                listener.at(spec.feedId(), CopyListener.Step.SWAPPED);
                long written = loaded.read - loaded.rejected;
                long ms = (System.nanoTime() - started) / 1_000_000;
                String msg = String.format(Locale.ROOT, "copied %d of %d rows into %s in %d ms%s", written,
                        loaded.read, spec.target(), ms,
                        (loaded.rejected > 0 ? "; " + loaded.rejected + " rejected (see mim_rejected_row)" : "")
                        + (loaded.duplicates == null ? "" : "; " + loaded.duplicates));
                LOG.info("{}: {}", spec.feedId(), msg);
                return RunCounts.of(loaded.read, written, loaded.rejected, msg);
            }
        }
    }

    private record Loaded(long read, long rejected, String duplicates) { }

    private static final Pattern INSERT_INTO = Pattern.compile("(?is)^(?:\\s*--[^\\n]*\\n)*\\s*INSERT\\s+INTO\\s+([A-Za-z_][A-Za-z0-9_]*)");

    /**
     * Every row of the table has just been replaced: without fresh statistics the planner keeps the old
     * estimates (a table it last saw empty is planned as empty, with nested loops over hundreds of thousands
     * of rows; measured at ×1: the profile-fields query 1.4 s before, 0.15 s after). The tables the refresh
     * statements fill are analysed too. Not fatal: the rows are committed; a planner on old statistics is
     * slower, not wrong.
     */
    private void refreshStatistics(Connection st, CopySpec spec, List<String> refresh) {
        Set<String> tables = new LinkedHashSet<>();
        tables.add(spec.target());
        for (String stmt : refresh) {
            Matcher m = INSERT_INTO.matcher(stmt);
            if (m.find()) {
                tables.add(SqlIdentifiers.identifier(m.group(1).toLowerCase(Locale.ROOT)));
            }
        }
        try (Statement s = st.createStatement()) {
            StagingDialect dialect = StagingDialect.of(st);
            for (String table : tables) {
                s.execute(dialect.analyze(table));
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("{}: could not refresh the statistics of {}: {}", spec.feedId(), tables, e.getMessage());
        }
    }

    /** The target's columns; creates the target from the query's metadata if it is missing. */
    private List<TargetColumn> ensureTable(Connection st, CopySpec spec, ResultSetMetaData sourceMd) throws SQLException {
        if (!exists(st, spec.target())) {
            StagingDialect dialect = StagingDialect.of(st);
            StringJoiner cols = new StringJoiner(", ");
            for (int i = 1; i <= sourceMd.getColumnCount(); i++) {
                String name = SqlIdentifiers.identifier(sourceMd.getColumnLabel(i).toLowerCase(Locale.ROOT));
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
        for (int i = 1; i <= sourceMd.getColumnCount(); i++) {
            String label = sourceMd.getColumnLabel(i).toLowerCase(Locale.ROOT);
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

    private Loaded replaceRows(Connection st, CopySpec spec, String runId, ResultSet rs, List<TargetColumn> target,
                               List<String> refresh)
            throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        Map<String, TargetColumn> byName = new HashMap<>();
        target.forEach(c -> byName.put(c.name(), c));
        TargetColumn[] cols = new TargetColumn[n];
        boolean[] studentCode = new boolean[n];
        StringJoiner names = new StringJoiner(", ");
        StringJoiner marks = new StringJoiner(", ");
        for (int i = 0; i < n; i++) {
            cols[i] = byName.get(md.getColumnLabel(i + 1).toLowerCase(Locale.ROOT));
            studentCode[i] = props.getStudentCodeColumns().contains(cols[i].name());
            names.add(cols[i].name());
            marks.add("?");
        }
        String insert = "INSERT INTO " + spec.target() + " (" + names + ") VALUES (" + marks + ")";
        int batchSize = Math.max(1, props.getCopy().getBatchSize());
        int width = props.getStudentCodeWidth();
        long read = 0;
        long rejected = 0;
        List<Object[]> batch = new ArrayList<>(batchSize);
        DuplicateRows duplicates = new DuplicateRows();
        String repeated = null;
        st.setAutoCommit(false);
        try (PreparedStatement ins = st.prepareStatement(insert); Statement stmt = st.createStatement()) {
            stmt.executeUpdate("DELETE FROM " + spec.target());
            listener.at(spec.feedId(), CopyListener.Step.LIVE_DELETED);
            while (rs.next()) {
                read++;
                Object[] row = new Object[n];
                String problem = null;
                for (int i = 0; i < n; i++) {
                    Object v = rs.getObject(i + 1);
                    if (v instanceof java.sql.Clob clob) {
                        v = clob.getSubString(1, (int) Math.min(Integer.MAX_VALUE, clob.length()));
                    }
                    if (v instanceof String s) {
                        if (studentCode[i]) {
                            s = StudentCodes.normalise(s, width);
                        }
                        v = s;
                        if (problem == null && s != null) {
                            problem = RowChecks.problem(cols[i], s);
                        }
                    }
                    if (problem == null && v == null && cols[i].required()) {
                        problem = "column " + cols[i].name() + " is required but empty";
                    }
                    row[i] = v;
                }
                if (problem != null) {
                    rejected++;
                    journal.reject(runId, spec.feedId(), RowChecks.ref(cols, row), problem, RowChecks.describe(cols, row),
                            student(row, studentCode, width));
                    continue;
                }
                bind(ins, row, cols);
                ins.addBatch();
                batch.add(row);
                duplicates.see(row);
                if (batch.size() >= batchSize) {
                    rejected += flush(st, ins, batch, cols, studentCode, spec, runId);
                }
            }
            rejected += flush(st, ins, batch, cols, studentCode, spec, runId);
            repeated = duplicates.any() ? duplicates.describe(st, spec.target(), cols) : null;
            if (repeated != null) {
                LOG.warn("{}: {}", spec.feedId(), repeated);
            }
            for (String statement : refresh) {
                stmt.executeUpdate(statement);
            }
            listener.at(spec.feedId(), CopyListener.Step.ROWS_LOADED);
            st.commit();
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
        return new Loaded(read, rejected, repeated);
    }

    private static void bind(PreparedStatement ps, Object[] row, TargetColumn[] cols) throws SQLException {
        for (int i = 0; i < row.length; i++) {
            if (row[i] == null) {
                ps.setNull(i + 1, cols[i].jdbcType());
            } else {
                ps.setObject(i + 1, row[i]);
            }
        }
    }

    /** Sends the batch; if the database refuses it, finds the refused rows one by one and rejects only those. */
    private long flush(Connection st, PreparedStatement ins, List<Object[]> batch, TargetColumn[] cols,
                       boolean[] studentCode, CopySpec spec, String runId) throws SQLException {
        if (batch.isEmpty()) {
            return 0;
        }
        Savepoint beforeBatch = st.setSavepoint();
        try {
            ins.executeBatch();
            st.releaseSavepoint(beforeBatch);
            batch.clear();
            return 0;
        } catch (BatchUpdateException e) {
            st.rollback(beforeBatch);
            ins.clearBatch();
        }
        long rejected = 0;
        for (Object[] row : batch) {
            Savepoint beforeRow = st.setSavepoint();
            try {
                bind(ins, row, cols);
                ins.executeUpdate();
                st.releaseSavepoint(beforeRow);
            } catch (SQLException rowError) {
                st.rollback(beforeRow);
                rejected++;
                journal.reject(runId, spec.feedId(), RowChecks.ref(cols, row),
                        "the staging database refused the row: " + rowError.getMessage(), RowChecks.describe(cols, row),
                        student(row, studentCode, props.getStudentCodeWidth()));
            }
        }
        batch.clear();
        return rejected;
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
