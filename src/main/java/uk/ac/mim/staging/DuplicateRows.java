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
 * source sent it, and the publishers' queries decide what a repeat means. Each row's values are hashed as it
 * goes by (8 bytes a row, in a LongBag); only when two hashes meet does the copy ask the database, inside its
 * own transaction, for the exact count and a sample.
 */
final class DuplicateRows {

    private static final int SAMPLE = 5;

    private final LongBag hashes = new LongBag();
    private long seen;

    void see(Object[] row) {
        long h = 0xcbf29ce484222325L;
        for (Object v : row) {
            String s = v == null ? "\u0000null" : v.toString();
            for (int i = 0; i < s.length(); i++) {
                h = (h ^ s.charAt(i)) * 0x100000001b3L;
            }
            h = (h ^ 0x1F) * 0x100000001b3L; // field separator
        }
        hashes.add(h);
        seen++;
    }

    boolean any() {
        return seen > hashes.size();
    }

    /** "N duplicate rows kept (e.g. a=1, b=2 ×2; …)", from the uncommitted rows of this transaction. */
    String describe(Connection st, String table, TargetColumn[] cols) throws SQLException {
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
            long byHash = seen - hashes.size();
            return byHash + " duplicate row" + (byHash == 1 ? "" : "s") + " kept as the source sent them (found by their"
                    + " values' hashes; the database could not list them: " + cannotGroup.getMessage() + ")";
        }
        return extra == 0 ? null : extra + " duplicate row" + (extra == 1 ? "" : "s") + " kept as the source sent them (e.g. "
                + String.join("; ", sample) + ")";
    }
}
