package uk.ac.mim.staging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;

import uk.ac.mim.testing.StagingDatabases;

/** The planners' streamed reads on H2, PostgreSQL and MariaDB: a cursor walked while other queries run. */
class StagingReaderTest {

    static List<StagingDatabases.Target> databases() {
        return StagingDatabases.targets();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aCursorIsWalkedAtTheCallersPaceWhileOtherQueriesStream(StagingDatabases.Target db) {
        try (HikariDataSource ds = db.fresh()) {
            JdbcTemplate jdbc = new JdbcTemplate(ds);
            jdbc.update("DELETE FROM moodle_groups_dump");
            for (int i = 1; i <= 250; i++) {
                jdbc.update("INSERT INTO moodle_groups_dump VALUES (?, ?, ?, ?)", i, i % 7, "g" + i, "Group " + i);
            }
            StagingReader reader = new StagingReader(ds, 20); // fetch size below the row count: a real cursor
            List<Long> courses = new ArrayList<>();
            long[] streamed = {0};
            try (StagingReader.Cursor<long[]> c = reader.open("SELECT id, courseid FROM moodle_groups_dump ORDER BY courseid, id",
                    (rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)})) {
                assertThat(c.peek()).isSameAs(c.peek()); // peek does not take
                while (c.peek() != null) {
                    long[] row = c.take();
                    if (courses.isEmpty() || courses.get(courses.size() - 1) != row[1]) {
                        courses.add(row[1]);
                        reader.query("SELECT id FROM moodle_groups_dump", rs -> {
                            streamed[0]++;
                        });
                    }
                }
                assertThat(c.take()).isNull();
            }

            assertThat(courses).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
            assertThat(streamed[0]).isEqualTo(7 * 250);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM moodle_groups_dump", Integer.class)).isEqualTo(250);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aConnectionMidReadWhenTheHeapRanOutIsDiscardedNotReturnedToThePool(StagingDatabases.Target db) throws Exception {
        try (HikariDataSource ds = db.fresh()) {
            JdbcTemplate jdbc = new JdbcTemplate(ds);
            jdbc.update("DELETE FROM moodle_groups_dump");
            for (int i = 1; i <= 50; i++) {
                jdbc.update("INSERT INTO moodle_groups_dump VALUES (?, ?, ?, ?)", i, i % 7, "g" + i, "Group " + i);
            }
            StagingReader reader = new StagingReader(ds, 10);
            java.sql.Connection[] physical = new java.sql.Connection[1];
            try {
                reader.query("SELECT id FROM moodle_groups_dump", rs -> {
                    physical[0] = rs.getStatement().getConnection().unwrap(java.sql.Connection.class);
                    throw new OutOfMemoryError("Java heap space");
                });
                org.junit.jupiter.api.Assertions.fail("the error was swallowed");
            } catch (OutOfMemoryError expected) {
                // reported by the feed's lifecycle; here: what happened to the connection
            }
            // every connection the pool can lend (6): none is the one that was mid-read
            List<java.sql.Connection> lent = new ArrayList<>();
            try {
                for (int i = 0; i < ds.getMaximumPoolSize(); i++) {
                    lent.add(ds.getConnection());
                }
                for (java.sql.Connection c : lent) {
                    assertThat(c.unwrap(java.sql.Connection.class)).as("the connection that was mid-read, pooled again")
                            .isNotSameAs(physical[0]);
                }
            } finally {
                for (java.sql.Connection c : lent) {
                    c.close();
                }
            }
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM moodle_groups_dump", Integer.class)).isEqualTo(50);
        }
    }
}
