package uk.ac.mim.sits.tutors;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSetMetaData;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import uk.ac.mim.config.MimProperties;
import uk.ac.mim.sits.SitsProperties;
import uk.ac.mim.staging.CopyListener;
import uk.ac.mim.staging.FeedLifecycle;
import uk.ac.mim.staging.Journal;
import uk.ac.mim.staging.Overrides;
import uk.ac.mim.staging.RunReports;
import uk.ac.mim.staging.RunStatus;
import uk.ac.mim.staging.ShrinkGuard;
import uk.ac.mim.staging.SqlResources;
import uk.ac.mim.testing.SitsFixture;
import uk.ac.mim.testing.StagingDatabases;

/** sits-personal-tutors on H2, PostgreSQL and MariaDB: the view's contract, atomic refresh, the wipe guard. */
class PersonalTutorsTest {

    @TempDir
    Path out;

    HikariDataSource ds;
    JdbcTemplate jdbc;
    PersonalTutorsFeed feed;
    RunReports reports;
    Journal journal;
    FeedLifecycle lifecycle;

    static List<StagingDatabases.Target> databases() {
        return StagingDatabases.targets();
    }

    @AfterEach
    void close() {
        if (ds != null) {
            ds.close();
        }
    }

    private void setUp(StagingDatabases.Target db) {
        ds = db.fresh();
        jdbc = new JdbcTemplate(ds);
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
        MimProperties props = new MimProperties();
        props.setOutputDir(out);
        journal = new Journal(jdbc);
        ShrinkGuard guard = new ShrinkGuard(jdbc, new Overrides(jdbc, tx), new uk.ac.mim.staging.Settings(jdbc, tx));
        feed = new PersonalTutorsFeed(jdbc, new uk.ac.mim.staging.StagingReader(ds, 500), tx, new SqlResources(props), props, new SitsProperties(), journal, guard,
                reports = new RunReports(jdbc, props, new ObjectMapper()), new uk.ac.mim.staging.HeldStudents(jdbc));
        lifecycle = new FeedLifecycle(journal, props, new uk.ac.mim.staging.FeedSwitches(jdbc, tx), new uk.ac.mim.staging.RunLocks(jdbc, props));
        new SitsFixture(jdbc).reset();
        jdbc.update("INSERT INTO moodle_user_info_field_dump VALUES (7, 'upi')");
    }

    /** n students, each with a tutor whom Moodle knows by UPI (stored in lower case in Moodle). */
    private void students(int n, int tutors) {
        jdbc.update("DELETE FROM ucl_bdo_v_moodle_student_dump");
        SitsFixture f = new SitsFixture(jdbc);
        for (int t = 0; t < tutors; t++) {
            if (jdbc.queryForObject("SELECT COUNT(*) FROM moodle_user_dump WHERE id = ?", Integer.class, 100 + t) == 0) {
                f.user(100 + t, "tutor" + t, "");
                jdbc.update("INSERT INTO moodle_user_info_data_dump VALUES (?, 7, ?)", 100 + t, "tutr" + t + "x");
            }
        }
        for (int i = 0; i < n; i++) {
            String code = String.format("400%05d", i);
            jdbc.update("INSERT INTO ucl_bdo_v_moodle_student_dump VALUES (?, ?, ?, 'Zoë', 'O''Brien', 'e@x', 'LAWS', 'E', 'O', ?)",
                    code, "st" + i, "STU" + i, "TUTR" + (i % tutors) + "X");
            if (jdbc.queryForObject("SELECT COUNT(*) FROM moodle_user_dump WHERE id = ?", Integer.class, 1000 + i) == 0) {
                f.user(1000 + i, "st" + i, code);
            }
        }
    }

    private Exchange run(boolean dry) throws Exception {
        Exchange ex = new DefaultExchange(new DefaultCamelContext());
        ex.getMessage().setHeader(FeedLifecycle.FEED_ID, PersonalTutorsFeed.FEED_ID);
        ex.getMessage().setHeader(FeedLifecycle.DRY_RUN, dry);
        lifecycle.start(ex);
        feed.plan(ex); // the stages as routes/sits-personal-tutors.yaml runs them
        feed.guard(ex);
        if (!ex.getMessage().getHeader(FeedLifecycle.BLOCKED, false, Boolean.class)) {
            feed.deliver(ex);
        }
        feed.report(ex);
        ex.getMessage().setBody(new java.io.ByteArrayInputStream(reports.mapper().writeValueAsBytes(ex.getMessage().getBody())));
        reports.store(ex);
        lifecycle.finish(ex);
        return ex;
    }

    private int viewRows() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM sits_v_personaltutorrole", Integer.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aStudentWhoseRowACopyRejectedKeepsTheirTutorAndALongNameIsCutNotLost(StagingDatabases.Target db) throws Exception {
        setUp(db);
        students(3, 2);
        assertThat(run(false).getMessage().getHeader(FeedLifecycle.STATUS)).isEqualTo(RunStatus.OK);
        assertThat(viewRows()).isEqualTo(3);

        // the next copy rejects 40000001's row (a NUL in the key) and keeps 40000002's 3,000-character first name
        String copy = journal.start("sits-copy-student", false, null, "test");
        journal.reject(copy, "sits-copy-student", "stu_code=4000\u00000001", "column stu_code contains a NUL character",
                "stu_code=4000\u00000001", "40000001");
        journal.finish(copy, RunStatus.OK, uk.ac.mim.staging.RunCounts.of(3, 2, 1, "copied 2 of 3 rows"));
        jdbc.update("DELETE FROM ucl_bdo_v_moodle_student_dump WHERE stu_code = '40000001'");
        jdbc.update("UPDATE ucl_bdo_v_moodle_student_dump SET first_name = ? WHERE stu_code = '40000002'", "N".repeat(3000));
        // and the held student's row in the view has lost its tutor's account id (edited by hand): kept as it stands
        jdbc.update("UPDATE mim_personal_tutor SET tutor_id = NULL WHERE student_code = '40000001'");
        assertThat(jdbc.queryForObject("SELECT LENGTH(first_name) FROM ucl_bdo_v_moodle_student_dump WHERE stu_code = '40000002'",
                Integer.class)).isEqualTo(3000);

        Exchange ex = run(false);

        assertThat(ex.getMessage().getHeader(FeedLifecycle.STATUS)).isEqualTo(RunStatus.OK);
        assertThat(jdbc.queryForList("SELECT student_code FROM mim_personal_tutor ORDER BY student_code", String.class))
                .containsExactly("40000000", "40000001", "40000002");
        assertThat(jdbc.queryForObject("SELECT student_firstname FROM mim_personal_tutor WHERE student_code = '40000002'",
                String.class)).isEqualTo("N".repeat(100));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM mim_personal_tutor WHERE student_code = '40000001' AND tutor_id IS NULL",
                Integer.class)).isEqualTo(1);
        String runId = ex.getMessage().getHeader(FeedLifecycle.RUN_ID, String.class);
        String plan = jdbc.queryForObject("SELECT plan_json FROM mim_run_plan WHERE run_id = ?", String.class, runId);
        assertThat(plan).contains("40000001: held, tutor link to tutr1x kept (a copy rejected this student's row:"
                        + " sits-copy-student: column stu_code contains a NUL character)")
                .contains("40000002: student_firstname cut from 3000 to 100 characters");
    }

    @org.junit.jupiter.api.Test
    void aSitesQueryWithoutTheTutorFilterGetsItsRowsRejectedNotAnError() throws Exception {
        setUp(StagingDatabases.targets().get(0));
        students(3, 2);
        jdbc.update("UPDATE ucl_bdo_v_moodle_student_dump SET tutor_upi = NULL WHERE stu_code = '40000001'");
        String shipped = new SqlResources(new MimProperties()).query("sits/personal-tutors.sql");
        org.springframework.test.util.ReflectionTestUtils.setField(feed, "sql", new SqlResources(new MimProperties()) {
            @Override
            public String query(String location) { // a site dropped "AND s.tutor_upi IS NOT NULL"
                return location.equals("sits/personal-tutors.sql") ? shipped.replace("AND s.tutor_upi IS NOT NULL", "") : super.query(location);
            }
        });

        Exchange ex = run(false);

        assertThat(ex.getMessage().getHeader(FeedLifecycle.STATUS)).isEqualTo(RunStatus.OK);
        assertThat(viewRows()).isEqualTo(2);
        assertThat(jdbc.queryForList("SELECT reason FROM mim_rejected_row WHERE run_id = ?", String.class,
                ex.getMessage().getHeader(FeedLifecycle.RUN_ID, String.class)))
                .containsExactly("sits/personal-tutors.sql returned a row without a tutor UPI");
    }

    @org.junit.jupiter.api.Test
    void studentsWithoutAnAccountAreCountedInFullButOnlyTheFirstThousandListed() throws Exception {
        setUp(StagingDatabases.targets().get(0));
        students(1200, 2);
        jdbc.update("DELETE FROM moodle_user_dump WHERE id >= 1000"); // a first night: no student has an account yet
        jdbc.update("INSERT INTO ucl_bdo_v_moodle_student_dump VALUES ('40000007', 'dup7', 'STU7', 'A', 'B', 'e@x', 'LAWS', 'E', 'O',"
                + " 'TUTR1X')"); // the same student code twice: the second row is wrong

        Exchange ex = run(true);
        var journaled = journal.run(ex.getMessage().getHeader(FeedLifecycle.RUN_ID, String.class)).orElseThrow();
        assertThat(journaled.rowsRejected()).as("the duplicate row").isEqualTo(1);
        assertThat(journaled.rowsWaiting()).as("students without an account yet").isEqualTo(1200);

        String runId = ex.getMessage().getHeader(FeedLifecycle.RUN_ID, String.class);
        var plan = new ObjectMapper().readTree(jdbc.queryForObject("SELECT plan_json FROM mim_run_plan WHERE run_id = ?",
                String.class, runId));
        assertThat(plan.path("studentWithoutAccount").path("total").asLong()).isEqualTo(1200);
        assertThat(plan.path("studentWithoutAccount").path("shown")).hasSize(PersonalTutorsFeed.REPORT_LINES);
        assertThat(plan.path("studentWithoutAccount").path("shown").get(0).asText())
                .isEqualTo("40000000: the student has no Moodle account yet; no relationship");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theViewHasExactlyTheConsumersLowerCaseColumnsAndTypes(StagingDatabases.Target db) throws Exception {
        setUp(db);
        students(3, 2);
        assertThat(run(false).getMessage().getHeader(FeedLifecycle.STATUS)).isEqualTo(RunStatus.OK);

        try (Connection c = ds.getConnection(); var rs = c.createStatement().executeQuery("SELECT * FROM sits_v_personaltutorrole")) {
            ResultSetMetaData md = rs.getMetaData();
            List<String> names = new ArrayList<>();
            List<String> types = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                names.add(md.getColumnLabel(i));
                int t = md.getColumnType(i);
                types.add(t == Types.BIGINT ? "bigint" : t == Types.VARCHAR ? "varchar(" + md.getPrecision(i) + ")" : "type " + t);
            }
            assertThat(names).containsExactly("student_code", "student_upi", "student_username", "student_firstname",
                    "student_surname", "student_programme", "student_id", "sits_tutor_upi", "tutor_upi", "tutor_firstname",
                    "tutor_surname", "tutor_id", "role", "source");
            assertThat(types).containsExactly("varchar(12)", "varchar(50)", "varchar(100)", "varchar(100)", "varchar(100)",
                    "varchar(15)", "bigint", "varchar(20)", "varchar(50)", "varchar(100)", "varchar(100)", "bigint",
                    "varchar(30)", "varchar(30)");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString("student_code")).isEqualTo("40000000");
            assertThat(rs.getString("sits_tutor_upi")).isEqualTo("TUTR0X");
            assertThat(rs.getString("tutor_upi")).isEqualTo("tutr0x"); // matched case-insensitively, as Moodle holds it
            assertThat(rs.getLong("tutor_id")).isEqualTo(100);
            assertThat(rs.getLong("student_id")).isEqualTo(1000);
            assertThat(rs.getString("role")).isEqualTo("personal_tutor");
            assertThat(rs.getString("source")).isEqualTo("sits");
            assertThat(rs.getString("student_surname")).isEqualTo("O'Brien");
        }
    }

    @org.junit.jupiter.api.Test
    void aStudentWhoseAccountHasNoIdnumberIsFoundByUsernameAndEveryPlannedRowIsWritten() throws Exception {
        setUp(StagingDatabases.targets().get(0));
        students(3, 1);
        jdbc.update("UPDATE moodle_user_dump SET idnumber = '' WHERE id = 1001"); // made by LDAP, not linked yet
        jdbc.update("UPDATE ucl_bdo_v_moodle_student_dump SET username = ' ST1 ' WHERE stu_code = '40000001'");

        Exchange ex = run(false);

        assertThat(ex.getMessage().getHeader(FeedLifecycle.STATUS)).isEqualTo(RunStatus.OK);
        assertThat(jdbc.queryForList("SELECT student_id FROM mim_personal_tutor ORDER BY student_code", Long.class))
                .containsExactly(1000L, 1001L, 1002L);
        assertThat(jdbc.queryForObject("SELECT student_programme FROM mim_personal_tutor WHERE student_code = '40000001'",
                String.class)).as("a null survives the spool").isNull();
        assertThat(jdbc.queryForObject("SELECT student_username FROM mim_personal_tutor WHERE student_code = '40000001'",
                String.class)).isEqualTo("st1");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void anUnchangedViewIsLeftAsItIsAndAHandEditIsPutRight(StagingDatabases.Target db) throws Exception {
        setUp(db);
        students(30, 3);
        run(false);
        List<CopyListener.Step> writes = new ArrayList<>();
        feed.setListener((f, step) -> writes.add(step));

        Exchange quiet = run(false);
        var journaled = journal.run(quiet.getMessage().getHeader(FeedLifecycle.RUN_ID, String.class)).orElseThrow();
        assertThat(journaled.status()).isEqualTo(RunStatus.OK);
        assertThat(journaled.message()).contains("view unchanged: its 30 rows are the planned ones; not rewritten");
        assertThat(journaled.rowsWritten()).isZero();
        assertThat(writes).as("no delete, no insert").isEmpty();
        assertThat(viewRows()).isEqualTo(30);

        // edited by hand in the view's table: the content differs, so the next run writes the planned rows again
        String name = jdbc.queryForObject("SELECT tutor_firstname FROM mim_personal_tutor WHERE student_code = '40000004'", String.class);
        jdbc.update("UPDATE mim_personal_tutor SET tutor_firstname = 'Edited' WHERE student_code = '40000004'");
        Exchange repaired = run(false);
        assertThat(journal.run(repaired.getMessage().getHeader(FeedLifecycle.RUN_ID, String.class)).orElseThrow().message())
                .contains("view refreshed");
        assertThat(writes).contains(CopyListener.Step.LIVE_DELETED, CopyListener.Step.SWAPPED);
        assertThat(jdbc.queryForObject("SELECT tutor_firstname FROM mim_personal_tutor WHERE student_code = '40000004'",
                String.class)).isEqualTo(name);

        // a row gone by hand, and a duplicate of another in its place: same count, different content
        writes.clear();
        jdbc.update("DELETE FROM mim_personal_tutor WHERE student_code = '40000005'");
        jdbc.update("INSERT INTO mim_personal_tutor SELECT * FROM mim_personal_tutor WHERE student_code = '40000006'");
        run(false);
        assertThat(writes).contains(CopyListener.Step.SWAPPED);
        assertThat(jdbc.queryForList("SELECT student_code FROM mim_personal_tutor WHERE student_code IN ('40000005', '40000006')",
                String.class)).containsExactlyInAnyOrder("40000005", "40000006");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aReaderDuringTheRefreshSeesTheOldRowsOrTheNewRowsNeverLess(StagingDatabases.Target db) throws Exception {
        setUp(db);
        students(40, 4);
        run(false);
        assertThat(viewRows()).isEqualTo(40);
        students(50, 4); // 40 kept, 10 new

        // held between the delete and the insert: a reader on another connection still sees the old 40
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        feed.setListener((f, step) -> {
            if (step == CopyListener.Step.LIVE_DELETED) {
                held.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        AtomicBoolean stop = new AtomicBoolean();
        List<Integer> seen = new ArrayList<>();
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            while (!stop.get()) {
                synchronized (seen) {
                    seen.add(viewRows());
                }
            }
        });
        CompletableFuture<Exchange> refresh = CompletableFuture.supplyAsync(() -> {
            try {
                return run(false);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(held.await(30, TimeUnit.SECONDS)).isTrue();
        int during = viewRows();
        release.countDown();
        refresh.get(30, TimeUnit.SECONDS);
        stop.set(true);
        reader.get(30, TimeUnit.SECONDS);

        assertThat(during).isEqualTo(40);
        assertThat(viewRows()).isEqualTo(50);
        synchronized (seen) {
            assertThat(seen).isNotEmpty().allMatch(n -> n == 40 || n == 50);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theWipeGuardBlocksAHalvingAndAnEmptySourceEvenWithAnOverride(StagingDatabases.Target db) throws Exception {
        setUp(db);
        students(20, 2);
        run(false);
        students(10, 2); // 50% retained

        Exchange halved = run(false);
        assertThat(halved.getMessage().getHeader(FeedLifecycle.STATUS)).isEqualTo(RunStatus.BLOCKED);
        assertThat(viewRows()).isEqualTo(20);
        assertThat(journal.run(halved.getMessage().getHeader(FeedLifecycle.RUN_ID, String.class)).orElseThrow().message())
                .contains("relationships 10 of 20 retained (50.0%) is below the 75% threshold");

        jdbc.update("DELETE FROM ucl_bdo_v_moodle_student_dump");
        new Overrides(jdbc, new TransactionTemplate(new DataSourceTransactionManager(ds))).set(PersonalTutorsFeed.FEED_ID, "ops", "test");
        Exchange empty = run(false);
        assertThat(empty.getMessage().getHeader(FeedLifecycle.STATUS)).isEqualTo(RunStatus.BLOCKED);
        assertThat(journal.run(empty.getMessage().getHeader(FeedLifecycle.RUN_ID, String.class)).orElseThrow().message())
                .contains("an empty source never replaces a non-empty table");
        assertThat(viewRows()).isEqualTo(20);

        students(10, 2);
        new Overrides(jdbc, new TransactionTemplate(new DataSourceTransactionManager(ds))).set(PersonalTutorsFeed.FEED_ID, "ops", "rollover");
        assertThat(run(true).getMessage().getHeader(FeedLifecycle.STATUS)).as("dry: no change, override kept").isEqualTo(RunStatus.BLOCKED);
        assertThat(run(false).getMessage().getHeader(FeedLifecycle.STATUS)).isEqualTo(RunStatus.OK);
        assertThat(viewRows()).isEqualTo(10);
    }
}
