package uk.ac.mim.staging;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.StringJoiner;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * A staging database's bulk path for a chunk of a copy's checked rows, inside the copy's transaction: PostgreSQL's
 * chunk streamed into its COPY ({@link Copy}), MariaDB's loaded whole ({@link LoadData}). A chunk the database
 * refuses throws; the caller rolls back to the savepoint it set and writes that chunk as batches.
 */
interface BulkPath {

    String name();

    /** The bulk path of this staging database, or null where it has none (H2, any other). */
    static BulkPath of(StagingDialect dialect, String table, TargetColumn[] cols) {
        StringJoiner names = new StringJoiner(", ", "(", ")");
        for (TargetColumn c : cols) {
            names.add(c.name());
        }
        return switch (dialect) {
            case POSTGRESQL -> new Copy("COPY " + table + " " + names + " FROM STDIN");
            case MARIADB -> new LoadData("LOAD DATA LOCAL INFILE 'mim-copy' INTO TABLE " + table
                    + " CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' " + names);
            case H2 -> null;
        };
    }

    /**
     * PostgreSQL: {@code COPY … FROM STDIN} through the driver's CopyManager, a chunk streamed ({@link #open}, then
     * {@link #send} piece by piece, then {@code endCopy}): its text sent as it is written, so the server loads while
     * the copy checks the next rows.
     */
    record Copy(String sql) implements BulkPath {
        @Override
        public String name() {
            return "COPY FROM STDIN";
        }

        /** A COPY open for a chunk's text, sent piece by piece ({@link #send}) and ended with {@code endCopy}. */
        CopyIn open(Connection st) throws SQLException {
            return st.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        }

        /** The text written so far into the open COPY; the text is then cleared for the next piece. */
        static void send(CopyIn in, BulkText piece) throws SQLException {
            in.writeToCopy(piece.bytes(), 0, piece.size());
            piece.clear();
        }
    }

    /**
     * MariaDB: {@code LOAD DATA LOCAL INFILE} fed from memory, not a file. LOCAL turns a refused row into a warning
     * and skips it, so a chunk with any warning, or fewer rows written than sent, counts as refused.
     */
    record LoadData(String sql) implements BulkPath {
        @Override
        public String name() {
            return "LOAD DATA LOCAL INFILE";
        }

        void load(Connection st, BulkText chunk) throws SQLException {
            try (Statement s = st.createStatement()) {
                s.unwrap(org.mariadb.jdbc.Statement.class).setLocalInfileInputStream(chunk.stream());
                long n = s.executeLargeUpdate(sql);
                SQLWarning w = s.getWarnings();
                if (n != chunk.rows() || w != null) {
                    throw new SQLException("LOAD DATA wrote " + n + " of " + chunk.rows() + " rows"
                            + (w == null ? "" : "; " + w.getMessage()));
                }
            }
        }
    }
}
