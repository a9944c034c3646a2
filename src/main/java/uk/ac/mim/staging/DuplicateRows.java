package uk.ac.mim.staging;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Rows a copy received more than once, counted and reported, never merged: the copy keeps every row as the
 * source sent it, and the publishers' queries decide what a repeat means. Each row's values are hashed (64 bits) as
 * it goes by into an open-addressing set (8 to 11 bytes a row): a hash seen before is a repeated row, counted
 * there and then, and the first few are kept as the sample with their exact counts. Nothing is asked of the database
 * (a GROUP BY over every column of the registrations took 0.4 s of a 1.8 s copy). Two different rows with one hash
 * would count as a repeat: about one chance in ten million at a million rows.
 * <p>
 * Memory stays bounded: past {@code mim.copy.duplicates-in-memory} rows (1.5 million: a 16 MiB set, 24 MiB while it
 * grows) the set is dropped and the count and sample come from a
 * GROUP BY inside the copy's transaction instead, slower but the same size whatever the table's.
 */
final class DuplicateRows {

    private static final int SAMPLE = 5;

    private final int maxInMemory;
    private HashedStrings hashes = new HashedStrings();
    private boolean overflowed;
    private long repeats;
    private final RowFingerprint content = new RowFingerprint();
    private final List<Object[]> sampleRows = new ArrayList<>();
    private final List<Long> sampleHashes = new ArrayList<>();
    private final List<long[]> sampleCounts = new ArrayList<>();

    DuplicateRows(int maxInMemory) {
        this.maxInMemory = maxInMemory;
    }

    void see(Object[] row) {
        long h = RowFingerprint.hash(row);
        content.add(h);
        if (overflowed) {
            return;
        }
        if (hashes.size() >= maxInMemory) {
            overflowed = true; // the database counts them at the end (describe)
            hashes = null;
            return;
        }
        if (hashes.addHash(h)) {
            return;
        }
        repeats++;
        int i = sampleHashes.indexOf(h);
        if (i >= 0) {
            sampleCounts.get(i)[0]++;
        } else if (sampleHashes.size() < SAMPLE) {
            sampleHashes.add(h);
            sampleRows.add(row.clone());
            sampleCounts.add(new long[] {2});
        }
    }

    /** The rows' content, whatever their order: equal for equal multisets of rows (up to a 64-bit hash). */
    String fingerprint() {
        return content.toString();
    }

    /**
     * "N duplicate rows kept as the source sent them (e.g. a=1, b=2 ×2; …)", or null when there were none; past the
     * in-memory bound, from the copy's uncommitted rows in {@code table}.
     */
    String describe(Connection st, String table, TargetColumn[] cols) throws SQLException {
        if (overflowed) {
            return fromDatabase(st, table, cols);
        }
        if (repeats == 0) {
            return null;
        }
        List<String> sample = new ArrayList<>();
        for (int i = 0; i < sampleRows.size(); i++) {
            sample.add(RowChecks.describe(cols, sampleRows.get(i)) + " ×" + sampleCounts.get(i)[0]);
        }
        return kept(repeats, sample);
    }

    private static String kept(long extra, List<String> sample) {
        return extra + " duplicate row" + (extra == 1 ? "" : "s") + " kept as the source sent them (e.g. " + String.join("; ", sample) + ")";
    }

    private String fromDatabase(Connection st, String table, TargetColumn[] cols) throws SQLException {
        StringJoiner names = new StringJoiner(", ");
        for (TargetColumn c : cols) {
            names.add(c.name());
        }
        String grouped = "SELECT " + names + ", COUNT(*) AS n FROM " + table + " GROUP BY " + names + " HAVING COUNT(*) > 1"
                + " ORDER BY " + names;
        long extra = 0;
        List<String> sample = new ArrayList<>();
        Savepoint before = st.setSavepoint(); // a refused query must not abort the copy's transaction (PostgreSQL)
        try (Statement s = st.createStatement(); ResultSet rs = s.executeQuery(grouped)) {
            while (rs.next()) {
                long n = rs.getLong(cols.length + 1);
                extra += n - 1;
                if (sample.size() < SAMPLE) {
                    Object[] row = new Object[cols.length];
                    for (int i = 0; i < cols.length; i++) {
                        row[i] = rs.getObject(i + 1);
                    }
                    sample.add(RowChecks.describe(cols, row) + " ×" + n);
                }
            }
            st.releaseSavepoint(before);
        } catch (SQLException cannotGroup) { // e.g. a CLOB column the database cannot group by
            st.rollback(before);
            return "duplicate rows not counted (more than " + maxInMemory + " rows, and the database could not group them: "
                    + cannotGroup.getMessage() + ")";
        }
        return extra == 0 ? null : kept(extra, sample);
    }
}
