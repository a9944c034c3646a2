package uk.ac.mim.staging;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import uk.ac.mim.testing.StagingDatabases;

/** A copied table's ANALYZE: on PostgreSQL with the configured sample, the connection's own setting left as it was. */
class TableStatisticsTest {

    static List<StagingDatabases.Target> databases() {
        return StagingDatabases.targets();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theStatisticsAreTakenWithTheConfiguredSampleAndTheConnectionKeepsItsSetting(StagingDatabases.Target db) throws Exception {
        try (HikariDataSource ds = db.fresh(); Connection c = ds.getConnection()) {
            JdbcTemplate jdbc = new JdbcTemplate(new SingleConnectionDataSource(c, true));
            jdbc.update("CREATE TABLE stats_probe (code VARCHAR(20))");
            jdbc.update("INSERT INTO stats_probe (code) " + series(db));
            StagingDialect dialect = StagingDialect.of(c);

            TableStatistics.analyze(c, dialect, "stats_probe", 10);

            if (dialect == StagingDialect.POSTGRESQL) {
                // a histogram of at most target + 1 bounds, and the session's default as it was
                assertThat(bounds(jdbc)).isBetween(2, 11);
                assertThat(jdbc.queryForObject("SHOW default_statistics_target", String.class)).isEqualTo("100");
                TableStatistics.analyze(c, dialect, "stats_probe", 0); // the server's default
                assertThat(bounds(jdbc)).isEqualTo(101);
            } else {
                assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM stats_probe", Integer.class)).isEqualTo(5000);
            }
        }
    }

    private static int bounds(JdbcTemplate jdbc) {
        return jdbc.queryForObject("SELECT array_length(histogram_bounds::text::text[], 1) FROM pg_stats"
                + " WHERE tablename = 'stats_probe' AND attname = 'code'", Integer.class);
    }

    /** 5,000 distinct codes, in each database's own words. */
    private static String series(StagingDatabases.Target db) {
        if (db.url().startsWith("jdbc:postgresql:")) {
            return "SELECT 'C' || g FROM generate_series(1, 5000) g";
        }
        if (db.url().startsWith("jdbc:mariadb:")) {
            return "SELECT CONCAT('C', seq) FROM seq_1_to_5000";
        }
        return "SELECT 'C' || X FROM SYSTEM_RANGE(1, 5000)";
    }
}
