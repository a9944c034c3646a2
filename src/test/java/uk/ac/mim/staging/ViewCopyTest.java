package uk.ac.mim.staging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;

import uk.ac.mim.config.MimProperties;
import uk.ac.mim.testing.FailingDataSource;
import uk.ac.mim.testing.StagingFaults;
import uk.ac.mim.testing.CopyDatabases;
import uk.ac.mim.testing.StagingDatabases;

/**
 * The copy contract (docs/contract.md §6, Copies) on every staging database under test: a copy lands whole, a
 * source lost half-way leaves the previous copy intact and is journaled, a reader never sees a mix, and a
 * row the target cannot store is rejected with its reason while the rest lands.
 */
class ViewCopyTest extends CopyDatabases {

    private static final String TARGET = "ucl_bdo_v_moodle_student_dump";

    private JdbcDataSource source;

    private Fixture fixture(StagingDatabases.Target db, DataSource src) throws Exception {
        staging = db.fresh();
        MimProperties props = new MimProperties();
        props.getCopy().setBatchSize(100);
        props.getCopy().setBulkChunkRows(100); // several chunks through the bulk path, as batches on H2
        SourceDataSources sources = new SourceDataSources();
        sources.put("sits", src, 500);
        JdbcTemplate jdbc = new JdbcTemplate(staging);
        Journal journal = new Journal(jdbc);
        Path query = dir.resolve("student.sql");
        Files.writeString(query, "SELECT stu_code, username, first_name, surname FROM students ORDER BY n");
        ViewCopier copier = new ViewCopier(staging, sources, new SqlResources(props), journal, props);
        return new Fixture(copier, journal, jdbc, new CopySpec("sits-copy-student", "sits", query.toUri().toString(), TARGET, null), props);
    }

    private record Fixture(ViewCopier copier, Journal journal, JdbcTemplate jdbc, CopySpec spec, MimProperties props) {
        int live() {
            return jdbc.queryForObject("SELECT COUNT(*) FROM " + TARGET, Integer.class);
        }
    }

    /** An H2 source in Oracle mode, with {@code n} students. */
    private JdbcDataSource source(int n) throws SQLException {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:src-" + UUID.randomUUID() + ";MODE=Oracle;DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        sourceKeepAlive = ds.getConnection();
        try (var s = sourceKeepAlive.createStatement()) {
            s.execute("CREATE TABLE students (n INT, stu_code VARCHAR2(40), username VARCHAR2(400), first_name VARCHAR2(400), surname VARCHAR2(400))");
        }
        fill(n, 0);
        source = ds;
        return ds;
    }

    private void fill(int n, int from) throws SQLException {
        try (var s = sourceKeepAlive.createStatement()) {
            s.execute("DELETE FROM students");
        }
        try (PreparedStatement ps = sourceKeepAlive.prepareStatement("INSERT INTO students VALUES (?, ?, ?, ?, ?)")) {
            for (int i = 0; i < n; i++) {
                ps.setInt(1, i);
                ps.setString(2, "0" + (20180000 + from + i));
                ps.setString(3, "user" + (from + i));
                ps.setString(4, "Zoë");
                ps.setString(5, "O'Brien & Ødegård 🎓");
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aCopyOfNRowsLandsWhole(StagingDatabases.Target db) throws Exception {
        Fixture f = fixture(db, source(2345));
        String run = f.journal.start("sits-copy-student", false, null, "test");

        RunCounts counts = f.copier.copy(f.spec, run);

        assertThat(counts.read()).isEqualTo(2345);
        assertThat(counts.written()).isEqualTo(2345);
        assertThat(counts.rejected()).isZero();
        assertThat(f.live()).isEqualTo(2345);
        // student codes normalised on copy; non-BMP text survives on every database
        assertThat(f.jdbc.queryForObject("SELECT surname FROM " + TARGET + " WHERE stu_code = '20180007'", String.class))
                .isEqualTo("O'Brien & Ødegård 🎓");
        assertThat(f.jdbc.queryForObject("SELECT COUNT(*) FROM " + TARGET + " WHERE stu_code LIKE '0%'", Integer.class)).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void duplicateSourceRowsAreKeptCountedAndReportedWithASample(StagingDatabases.Target db) throws Exception {
        Fixture f = fixture(db, source(50));
        try (PreparedStatement ps = sourceKeepAlive.prepareStatement("INSERT INTO students SELECT n + 100, stu_code, username,"
                + " first_name, surname FROM students WHERE n IN (3, 7)")) {
            ps.executeUpdate(); // rows 3 and 7 sent twice (n is not copied)
        }

        RunCounts counts = f.copier.copy(f.spec, f.journal.start("sits-copy-student", false, null, "test"));

        assertThat(f.live()).isEqualTo(52);
        assertThat(counts.written()).isEqualTo(52);
        assertThat(counts.message()).contains("; 2 duplicate rows kept as the source sent them (e.g. stu_code=20180003, username=user3,"
                + " first_name=Zoë, surname=O'Brien & Ødegård 🎓 ×2; stu_code=20180007");
        // past the in-memory bound the database counts them, with the same words
        f.props.getCopy().setDuplicatesInMemory(10);
        RunCounts counted = f.copier.copy(f.spec, f.journal.start("sits-copy-student", false, null, "test"));
        assertThat(counted.message()).contains("; 2 duplicate rows kept as the source sent them (e.g. stu_code=20180003, username=user3,"
                + " first_name=Zoë, surname=O'Brien & Ødegård 🎓 ×2; stu_code=20180007");
        try (PreparedStatement ps = sourceKeepAlive.prepareStatement("DELETE FROM students WHERE n >= 100")) {
            ps.executeUpdate();
        }
        RunCounts clean = f.copier.copy(f.spec, f.journal.start("sits-copy-student", false, null, "test"));
        assertThat(clean.message()).doesNotContain("duplicate");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theSameRowsAgainKeepTheirStatisticsAndChangedRowsRefreshThem(StagingDatabases.Target db) throws Exception {
        Fixture f = fixture(db, source(300));
        RunCounts first = f.copier.copy(f.spec, f.journal.start("sits-copy-student", false, null, "test"));
        String analyzed = f.jdbc.queryForObject("SELECT fingerprint FROM mim_copy_statistics WHERE table_name = ?", String.class, TARGET);

        RunCounts same = f.copier.copy(f.spec, f.journal.start("sits-copy-student", false, null, "test"));
        fill(300, 5); // as many rows, other students
        RunCounts changed = f.copier.copy(f.spec, f.journal.start("sits-copy-student", false, null, "test"));

        assertThat(first.message()).containsPattern("statistics \\d+ ms");
        assertThat(same.message()).contains("statistics kept: the rows are those they were taken of");
        assertThat(changed.message()).containsPattern("statistics \\d+ ms");
        assertThat(f.jdbc.queryForObject("SELECT fingerprint FROM mim_copy_statistics WHERE table_name = ?", String.class, TARGET))
                .isNotEqualTo(analyzed).startsWith("300:");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theTargetsStatisticsAreRefreshedAfterTheCopy(StagingDatabases.Target db) throws Exception {
        Fixture f = fixture(db, source(1234));

        f.copier.copy(f.spec, f.journal.start("sits-copy-student", false, null, "test"));

        // what each database records when its statistics are refreshed (ANALYZE); the planners rely on them
        if (db.url().startsWith("jdbc:postgresql:")) {
            assertThat(f.jdbc.queryForObject("SELECT reltuples FROM pg_class WHERE relname = ?", Double.class, TARGET))
                    .isEqualTo(1234.0);
        } else if (db.url().startsWith("jdbc:mariadb:")) {
            assertThat(f.jdbc.queryForObject("SELECT COUNT(*) FROM mysql.innodb_table_stats WHERE table_name = ?"
                    + " AND n_rows > 0", Integer.class, TARGET)).isEqualTo(1);
        } else {
            assertThat(f.jdbc.queryForObject("SELECT COUNT(*) FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = ?"
                    + " AND SELECTIVITY IS NOT NULL AND SELECTIVITY <> 50", Integer.class, TARGET.toUpperCase())).isPositive();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aSourceLostHalfWayLeavesThePreviousCopyIntactAndIsJournaled(StagingDatabases.Target db) throws Exception {
        Fixture f = fixture(db, source(300));
        f.copier.copy(f.spec, f.journal.start("sits-copy-student", false, null, "test"));
        assertThat(f.live()).isEqualTo(300);

        fill(1000, 5000);
        SourceDataSources failing = new SourceDataSources();
        failing.put("sits", FailingDataSource.failingAfter(source, 550), 100);
        ViewCopier broken = new ViewCopier(staging, failing, new SqlResources(f.props), f.journal, f.props);
        FeedLifecycle lifecycle = new FeedLifecycle(f.journal, f.props, new FeedSwitches(f.jdbc, new org.springframework.transaction.support.TransactionTemplate(new org.springframework.jdbc.datasource.DataSourceTransactionManager(staging))), new RunLocks(f.jdbc, f.props));
        Exchange ex = new DefaultExchange(new DefaultCamelContext());
        ex.getMessage().setHeader(FeedLifecycle.FEED_ID, "sits-copy-student");
        lifecycle.start(ex);
        String run = ex.getMessage().getHeader(FeedLifecycle.RUN_ID, String.class);

        assertThatThrownBy(() -> broken.copy(f.spec, run)).hasMessageContaining("Closed Connection");
        ex.setProperty(Exchange.EXCEPTION_CAUGHT, new SQLException("Closed Connection (simulated after 550 rows)"));
        lifecycle.fail(ex);

        assertThat(f.live()).isEqualTo(300);
        assertThat(f.jdbc.queryForObject("SELECT MIN(stu_code) FROM " + TARGET, String.class)).isEqualTo("20180000");
        FeedRun journaled = f.journal.run(run).orElseThrow();
        assertThat(journaled.status()).isEqualTo(RunStatus.FAILED);
        assertThat(journaled.message()).contains("Closed Connection");
        assertThat(journaled.finishedAt()).isNotNull();

        // the next healthy run converges
        f.copier.copy(f.spec, f.journal.start("sits-copy-student", false, null, "test"));
        assertThat(f.live()).isEqualTo(1000);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aReaderDuringTheCopySeesTheOldRowsOrTheNewRowsNeverAMix(StagingDatabases.Target db) throws Exception {
        Fixture f = fixture(db, source(120));
        f.copier.copy(f.spec, f.journal.start("sits-copy-student", false, null, "test"));
        fill(470, 1000);

        List<Integer> seen = new ArrayList<>();
        List<CopyListener.Step> pauseAt = List.of(CopyListener.Step.ROWS_LOADED, CopyListener.Step.LIVE_DELETED);
        for (CopyListener.Step step : pauseAt) {
            CountDownLatch r = new CountDownLatch(1);
            CountDownLatch go = new CountDownLatch(1);
            f.copier.setListener((feed, s) -> {
                if (s == step) {
                    r.countDown();
                    await(go);
                }
            });
            CompletableFuture<RunCounts> copy = CompletableFuture.supplyAsync(() -> {
                try {
                    return f.copier.copy(f.spec, f.journal.start("sits-copy-student", false, null, "test"));
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(r.await(30, TimeUnit.SECONDS)).as("copy reached " + step).isTrue();
            // a reader on its own connection, mid-copy
            try (Connection reader = staging.getConnection();
                 var rs = reader.createStatement().executeQuery("SELECT COUNT(*) FROM " + TARGET)) {
                rs.next();
                seen.add(rs.getInt(1));
            }
            go.countDown();
            assertThat(copy.get(60, TimeUnit.SECONDS).written()).isEqualTo(470);
            seen.add(f.live());
            // reset for the next step: back to the old rows
            fill(120, 0);
            f.copier.setListener(CopyListener.NONE);
            f.copier.copy(f.spec, f.journal.start("sits-copy-student", false, null, "test"));
            fill(470, 1000);
        }
        assertThat(seen).containsExactly(120, 470, 120, 470);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void runningOutOfMemoryMidCopyLeavesTheOldRowsNotAHalfCommittedCopy(StagingDatabases.Target db) throws Exception {
        Fixture f = fixture(db, source(120));
        f.copier.copy(f.spec, f.journal.start("sits-copy-student", false, null, "test"));
        fill(470, 1000);
        // the heap runs out after the live rows were deleted: an Error, which "catch (SQLException | RuntimeException)"
        // does not see; turning auto-commit back on would have committed the delete
        f.copier.setListener((feed, step) -> {
            if (step == CopyListener.Step.LIVE_DELETED) {
                throw new OutOfMemoryError("Java heap space");
            }
        });
        try {
            assertThatThrownBy(() -> f.copier.copy(f.spec, f.journal.start("sits-copy-student", false, null, "test")))
                    .isInstanceOf(OutOfMemoryError.class);
        } finally {
            f.copier.setListener(CopyListener.NONE);
        }
        assertThat(f.live()).as("the old rows, whole").isEqualTo(120);
        f.copier.copy(f.spec, f.journal.start("sits-copy-student", false, null, "test"));
        assertThat(f.live()).isEqualTo(470);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aRowTheTargetCannotStoreIsRejectedWithItsReasonAndTheRestLands(StagingDatabases.Target db) throws Exception {
        Fixture f = fixture(db, source(250));
        try (var s = sourceKeepAlive.createStatement()) {
            s.execute("UPDATE students SET first_name = 'Nul' || CHAR(0) || 'Here' WHERE n = 10");
            s.execute("UPDATE students SET username = '" + "x".repeat(150) + "' WHERE n = 20");
            s.execute("UPDATE students SET stu_code = NULL WHERE n = 30");
        }
        String run = f.journal.start("sits-copy-student", false, null, "test");

        RunCounts counts = f.copier.copy(f.spec, run);

        assertThat(counts.read()).isEqualTo(250);
        assertThat(counts.rejected()).isEqualTo(2);
        assertThat(f.live()).isEqualTo(248);
        assertThat(f.journal.rejectedReasons(run)).containsExactly(
                "column first_name contains a NUL character, which the staging database cannot store",
                "column username is 150 characters long; at most 100 fit");
        // a NULL code is kept: whether a row is usable is the publishing feed's decision
        assertThat(f.jdbc.queryForObject("SELECT COUNT(*) FROM " + TARGET + " WHERE stu_code IS NULL", Integer.class)).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aRowTheDatabaseRefusesIsRejectedAndTheRestOfItsBatchAndTheCopyLand(StagingDatabases.Target db) throws Exception {
        Fixture f = fixture(db, source(250));
        // a constraint the row checks know nothing about: only the database can refuse the row
        f.jdbc.execute("CREATE UNIQUE INDEX ux_test_stu_code ON " + TARGET + " (stu_code)");
        try (var s = sourceKeepAlive.createStatement()) {
            s.execute("UPDATE students SET stu_code = '020180049' WHERE n = 150");
        }
        String run = f.journal.start("sits-copy-student", false, null, "test");

        RunCounts counts = f.copier.copy(f.spec, run);

        assertThat(counts.read()).isEqualTo(250);
        assertThat(counts.rejected()).isEqualTo(1);
        assertThat(counts.written()).isEqualTo(249);
        assertThat(f.live()).isEqualTo(249);
        assertThat(f.journal.rejectedReasons(run)).singleElement().asString()
                .startsWith("the staging database refused the row");
        // the other 99 rows of the refused batch landed, as did every batch after it
        assertThat(f.jdbc.queryForObject("SELECT COUNT(*) FROM " + TARGET + " WHERE username IN ('user100', 'user151', 'user249')",
                Integer.class)).isEqualTo(3);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aMissingTargetIsCreatedFromTheQueryColumns(StagingDatabases.Target db) throws Exception {
        Fixture f = fixture(db, source(40));
        Path query = dir.resolve("extra.sql");
        Files.writeString(query, "SELECT n AS seq, username AS login, surname FROM students");
        CopySpec extra = new CopySpec("sits-copy-extra", "sits", query.toUri().toString(), "site_extra_view_dump", null);

        RunCounts counts = f.copier.copy(extra, f.journal.start("sits-copy-extra", false, null, "test"));

        assertThat(counts.written()).isEqualTo(40);
        assertThat(f.jdbc.queryForObject("SELECT COUNT(*) FROM site_extra_view_dump WHERE surname LIKE 'O''Brien%'", Integer.class)).isEqualTo(40);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theStagingDatabaseLostDuringTheLoadLeavesTheLiveTableIntact(StagingDatabases.Target db) throws Exception {
        Fixture f = fixture(db, source(150));
        f.copier.copy(f.spec, f.journal.start("sits-copy-student", false, null, "test"));
        fill(900, 7000);
        ViewCopier broken = new ViewCopier(StagingFaults.failingOnBatch(staging, 3), sourcesOf(source),
                new SqlResources(f.props), f.journal, f.props);

        assertThatThrownBy(() -> broken.copy(f.spec, f.journal.start("sits-copy-student", false, null, "test")))
                .hasMessageContaining("connection to the staging database lost");

        assertThat(f.live()).isEqualTo(150);
        f.copier.copy(f.spec, f.journal.start("sits-copy-student", false, null, "test"));
        assertThat(f.live()).isEqualTo(900);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void anEmptyViewCopiesToAnEmptyTable(StagingDatabases.Target db) throws Exception {
        Fixture f = fixture(db, source(25));
        f.copier.copy(f.spec, f.journal.start("sits-copy-student", false, null, "test"));
        fill(0, 0);

        RunCounts counts = f.copier.copy(f.spec, f.journal.start("sits-copy-student", false, null, "test"));

        assertThat(counts.read()).isZero();
        assertThat(f.live()).isZero(); // copies are faithful; the publishers' guards decide what an empty input means
    }

    @org.junit.jupiter.api.Test
    void aSourceSlowerThanTheQueryTimeoutFailsTheCopyAndKeepsThePreviousRows() throws Exception {
        Fixture f = fixture(StagingDatabases.targets().get(0), source(10));
        f.copier.copy(f.spec, f.journal.start("sits-copy-student", false, null, "test"));
        f.props.getCopy().setQueryTimeout(java.time.Duration.ofSeconds(1));
        Path slow = dir.resolve("slow.sql");
        // seconds of work in H2 before the first row: a source slower than the timeout
        Files.writeString(slow, "SELECT CAST(COUNT(*) AS VARCHAR(12)) AS stu_code FROM SYSTEM_RANGE(1, 100000) a, SYSTEM_RANGE(1, 100000) b"
                + " WHERE a.X + b.X = 3");
        CopySpec spec = new CopySpec("sits-copy-student", "sits", slow.toUri().toString(), TARGET, null);
        long start = System.nanoTime();

        assertThatThrownBy(() -> f.copier.copy(spec, f.journal.start("sits-copy-student", false, null, "test")))
                .isInstanceOf(SQLException.class).hasMessageContaining("cancel");

        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(30));
        assertThat(f.live()).isEqualTo(10);
    }

    private static SourceDataSources sourcesOf(DataSource src) {
        SourceDataSources s = new SourceDataSources();
        s.put("sits", src, 500);
        return s;
    }

    private static void await(CountDownLatch l) {
        try {
            if (!l.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("test latch not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
