package uk.ac.mim.staging;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The staging step of a copy: writes its checked rows into the target inside the copy's open transaction. Where
 * the staging database has a bulk path ({@link BulkPath}) the rows go in chunks through it; a chunk it refuses is
 * rolled back to its savepoint and written again as JDBC batches, and a batch refused in turn is written row by
 * row, so only the rows the database will not take are rejected, each with its reason. Without a bulk path the
 * rows go as batches from the start. On PostgreSQL a chunk's text is streamed into its {@code COPY} as it is
 * written (pieces of {@value #PIECE_BYTES} bytes), so the server loads a chunk while the next rows are checked; the
 * chunk's rows are still held until its {@code COPY} has ended, for the fallback.
 */
final class CopyWriter implements AutoCloseable {

    /** Where a refused row goes: the copy journals it with the database's reason. */
    interface Rejects {
        void reject(Object[] row, String reason) throws SQLException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(CopyWriter.class);
    /** A chunk's text at most: with its rows held for a fallback, a chunk is a few MiB whatever the table. */
    private static final int MAX_CHUNK_BYTES = 2 << 20;
    /** A streamed chunk's text is sent in pieces of this size. */
    static final int PIECE_BYTES = 1 << 16;

    private final Connection st;
    private final TargetColumn[] cols;
    private final PreparedStatement insert;
    private final BulkPath bulk;
    private final BulkText text;
    private final int limit;
    private final int batchSize;
    private final Rejects rejects;
    private final List<Object[]> rows;
    private long rejected;
    private int refusedChunks;
    private boolean bulkOff;
    private long writeNanos;
    /** PostgreSQL: the chunk's COPY, open while its text is streamed; null between chunks. */
    private final BulkPath.Copy streamed;
    /** MariaDB: the chunk's text loaded whole when the chunk is full. */
    private final BulkPath.LoadData whole;
    private org.postgresql.copy.CopyIn copyIn;
    private Savepoint chunkStart;
    /** Rows of this chunk whose text is written (sent or in {@code text}). */
    private int textRows;

    CopyWriter(Connection st, String table, TargetColumn[] cols, BulkPath bulk, int batchSize, int chunkRows,
               Rejects rejects) throws SQLException {
        this.st = st;
        this.cols = cols;
        StringJoiner names = new StringJoiner(", ");
        StringJoiner marks = new StringJoiner(", ");
        for (TargetColumn c : cols) {
            names.add(c.name());
            marks.add("?");
        }
        this.insert = st.prepareStatement("INSERT INTO " + table + " (" + names + ") VALUES (" + marks + ")");
        this.bulk = bulk;
        this.text = bulk == null ? null : new BulkText(bulk instanceof BulkPath.LoadData);
        this.batchSize = Math.max(1, batchSize);
        this.limit = bulk == null ? this.batchSize : Math.max(1, chunkRows);
        this.rejects = rejects;
        this.rows = new ArrayList<>(Math.min(limit, 1 << 16));
        this.streamed = bulk instanceof BulkPath.Copy copy ? copy : null;
        this.whole = bulk instanceof BulkPath.LoadData load ? load : null;
    }

    void add(Object[] row) throws SQLException {
        rows.add(row);
        if (text != null && !bulkOff) {
            if (!text.add(row)) {
                // a value the text form cannot carry: this chunk, what it holds so far included, goes as batches
                abandonCopy();
                flushBatches();
            } else if (++textRows == rows.size() && streamed != null && text.size() >= PIECE_BYTES) {
                sendPiece();
            }
        }
        if (rows.size() >= (bulkOff ? batchSize : limit) || (text != null && text.size() >= MAX_CHUNK_BYTES)) {
            flush();
        }
    }

    /** PostgreSQL: the text written so far into the chunk's COPY (opened with the chunk's savepoint). */
    private void sendPiece() throws SQLException {
        long from = System.nanoTime();
        try {
            openCopy();
            BulkPath.Copy.send(copyIn, text);
            writeNanos += System.nanoTime() - from;
        } catch (SQLException refused) {
            writeNanos += System.nanoTime() - from;
            refused(refused);
        }
    }

    /** Ends the chunk's COPY: throws when the server refused it or wrote another number of rows. */
    private void endPieces() throws SQLException {
        openCopy();
        if (text.size() > 0) {
            BulkPath.Copy.send(copyIn, text);
        }
        org.postgresql.copy.CopyIn in = copyIn;
        copyIn = null;
        long n = in.endCopy();
        if (n != rows.size()) {
            throw new SQLException("COPY wrote " + n + " of " + rows.size() + " rows");
        }
    }

    /** The chunk's COPY, opened behind the chunk's savepoint with its first piece. */
    private void openCopy() throws SQLException {
        if (copyIn == null) {
            chunkStart = st.setSavepoint();
            copyIn = streamed.open(st);
        }
    }

    /** Cancels the chunk's open COPY and rolls back to the chunk's savepoint. */
    private void abandonCopy() throws SQLException {
        if (copyIn != null) {
            cancel();
            st.rollback(chunkStart);
        }
    }

    private void cancel() {
        try {
            if (copyIn.isActive()) {
                copyIn.cancelCopy();
            }
        } catch (SQLException e) {
            LOG.debug("cancelling the chunk's COPY: {}", e.getMessage()); // the rollback to the savepoint follows
        }
        copyIn = null;
    }

    /** Writes what is left; returns the rows the database refused. */
    long finish() throws SQLException {
        flush();
        return rejected;
    }

    /** How the rows went in, for the copy's message, e.g. "COPY FROM STDIN" or "batched inserts". */
    String path() {
        if (bulk == null) {
            return "batched inserts";
        }
        return bulk.name() + (refusedChunks > 0 ? ", " + refusedChunks + " refused chunk(s) written as batches" : "")
                + (bulkOff ? ", the rest as batches" : "");
    }

    /** Time spent in the database's writes (bulk chunks and batches), for the copy's account of its time. */
    long writeNanos() {
        return writeNanos;
    }

    private void flush() throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        if (text == null || bulkOff || textRows < rows.size()) {
            abandonCopy();
            flushBatches();
            return;
        }
        long from = System.nanoTime();
        try {
            if (streamed != null) {
                endPieces();
            } else {
                chunkStart = st.setSavepoint();
                whole.load(st, text);
            }
            writeNanos += System.nanoTime() - from;
            st.releaseSavepoint(chunkStart);
            rows.clear();
            text.clear();
            textRows = 0;
        } catch (SQLException refused) {
            refused(refused);
        }
    }

    /** The chunk was refused: rolled back to its savepoint and written as batches, its refused rows rejected. */
    private void refused(SQLException refused) throws SQLException {
        if (lost(refused)) {
            throw refused; // not a refusal: the copy fails and its transaction is gone with the connection
        }
        if (copyIn != null) {
            cancel();
        }
        st.rollback(chunkStart);
        refusedChunks++;
        LOG.warn("{} refused a chunk of {} rows ({}); writing it as batches", bulk.name(), rows.size(), refused.getMessage());
        long rejectedBefore = rejected;
        flushBatches();
        if (rejected == rejectedBefore) {
            // every row went in as batches: the path was refused, not a row (e.g. a server with local_infile off)
            bulkOff = true;
            LOG.warn("{} refused rows the database then took as batches; the rest of this copy goes as batches", bulk.name());
        }
    }

    private static boolean lost(SQLException e) {
        return e instanceof java.sql.SQLTransientConnectionException || e instanceof java.sql.SQLNonTransientConnectionException
                || e instanceof java.sql.SQLRecoverableException || (e.getSQLState() != null && e.getSQLState().startsWith("08"));
    }

    private void flushBatches() throws SQLException {
        long started = System.nanoTime();
        for (int from = 0; from < rows.size(); from += batchSize) {
            batch(rows.subList(from, Math.min(rows.size(), from + batchSize)));
        }
        rows.clear();
        if (text != null) {
            text.clear();
        }
        textRows = 0;
        writeNanos += System.nanoTime() - started;
    }

    /** Sends the batch; if the database refuses it, finds the refused rows one by one and rejects only those. */
    private void batch(List<Object[]> batch) throws SQLException {
        for (Object[] row : batch) {
            bind(row);
            insert.addBatch();
        }
        Savepoint beforeBatch = st.setSavepoint();
        try {
            insert.executeBatch();
            st.releaseSavepoint(beforeBatch);
            return;
        } catch (BatchUpdateException e) {
            st.rollback(beforeBatch);
            insert.clearBatch();
        }
        for (Object[] row : batch) {
            Savepoint beforeRow = st.setSavepoint();
            try {
                bind(row);
                insert.executeUpdate();
                st.releaseSavepoint(beforeRow);
            } catch (SQLException rowError) {
                st.rollback(beforeRow);
                rejected++;
                rejects.reject(row, "the staging database refused the row: " + rowError.getMessage());
            }
        }
    }

    private void bind(Object[] row) throws SQLException {
        for (int i = 0; i < row.length; i++) {
            if (row[i] == null) {
                insert.setNull(i + 1, cols[i].jdbcType());
            } else {
                insert.setObject(i + 1, row[i]);
            }
        }
    }

    @Override
    public void close() throws SQLException {
        if (copyIn != null) {
            cancel(); // the copy failed mid-chunk: its transaction is rolled back by the caller
        }
        insert.close();
    }
}
