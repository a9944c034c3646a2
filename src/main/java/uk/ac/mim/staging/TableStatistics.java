package uk.ac.mim.staging;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Refreshes the planner's statistics of a table a copy has just written. On PostgreSQL the sample is
 * {@code mim.copy.statistics-target} × 300 rows instead of the server's default (100 × 300): a copied table's
 * planners need its row count and spreads, and the full sample cost more than writing a small table's rows (measured
 * at ×1: 154 ms against 37 ms for the 50,000 students; 10 was cheaper still but misjudged the CMIS members' distinct
 * students and picked a slower plan, docs/performance.md). H2 and MariaDB sample cheaply already.
 */
final class TableStatistics {

    private TableStatistics() {
    }

    /** {@code table} must already be a checked identifier; {@code target} 0 keeps the server's default sample. */
    static void analyze(Connection st, StagingDialect dialect, String table, int target) throws SQLException {
        boolean sampled = dialect == StagingDialect.POSTGRESQL && target > 0;
        if (sampled) {
            try (PreparedStatement ps = st.prepareStatement("SELECT set_config('default_statistics_target', ?, false)")) {
                ps.setString(1, Integer.toString(target));
                ps.execute();
            }
        }
        try (Statement s = st.createStatement()) {
            s.execute(dialect.analyze(table));
        } finally {
            if (sampled) {
                try (Statement s = st.createStatement()) {
                    s.execute("RESET default_statistics_target"); // the connection goes back to the pool
                }
            }
        }
    }
}
