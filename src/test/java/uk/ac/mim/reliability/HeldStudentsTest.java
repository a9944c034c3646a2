package uk.ac.mim.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import uk.ac.mim.config.MimProperties;
import uk.ac.mim.sits.SitsProperties;
import uk.ac.mim.sits.ims.ImsPlan;
import uk.ac.mim.sits.ims.ImsPlanner;
import uk.ac.mim.sits.ims.ImsProperties;
import uk.ac.mim.sits.ims.ImsWriter;
import uk.ac.mim.staging.CopySpec;
import uk.ac.mim.staging.HeldStudents;
import uk.ac.mim.staging.Journal;
import uk.ac.mim.staging.Overrides;
import uk.ac.mim.staging.RunCounts;
import uk.ac.mim.staging.ShrinkGuard;
import uk.ac.mim.staging.SourceDataSources;
import uk.ac.mim.staging.SqlResources;
import uk.ac.mim.staging.StagingReader;
import uk.ac.mim.staging.ViewCopier;
import uk.ac.mim.testing.SitsFixture;
import uk.ac.mim.testing.CopyDatabases;
import uk.ac.mim.testing.StagingDatabases;

/**
 * A student already enrolled in Moodle whose SITS row turns bad on one night, on every staging database:
 * the copy rejects the row with its reason and records the student; the IMS plan removes nobody and its
 * report names the held student with the copy's reason; a 3,000-character first name is kept in staging and
 * cut to Moodle's 100 characters in the file, reported.
 */
class HeldStudentsTest extends CopyDatabases {

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aStudentWhoseRowTurnsBadIsHeldNotUnenrolledAndALongNameIsCutNotLost(StagingDatabases.Target db) throws Exception {
        staging = db.fresh();
        JdbcTemplate jdbc = new JdbcTemplate(staging);
        SitsFixture f = new SitsFixture(jdbc).reset();
        f.occurrence("9001", "LAWS0024", "A6U", "T1/2", "2025", "LAWS").course(10, "LAWS0024-2025")
                .moduleMapping("9001", 10, "LAWS0024-2025", "APP", "ADD");
        for (int i = 0; i < 10; i++) { // enrolled in SITS and, by an earlier night, in Moodle
            String code = "2000000" + i;
            f.student(code, "u" + i, "First", "Last").registration(code, "9001", "CON").user(500 + i, "u" + i, code)
                    .imsEnrolment(10, 500 + i, 0);
        }
        // tonight SITS sends 20000001 with a NUL in the key and 20000002 with a 3,000-character first name
        MimProperties props = new MimProperties();
        props.setOutputDir(dir);
        SourceDataSources sources = new SourceDataSources();
        sources.put("sits", source(), 500);
        Path query = dir.resolve("student.sql");
        Files.writeString(query, "SELECT stu_code, username, upi, first_name, surname, email, dpt_code, enrolment_status,"
                + " course_join_status, tutor_upi FROM students ORDER BY stu_code");
        Journal journal = new Journal(jdbc);
        String copyRun = journal.start("sits-copy-student", false, null, "test");
        RunCounts copied = new ViewCopier(staging, sources, new SqlResources(props), journal, props)
                .copy(new CopySpec("sits-copy-student", "sits", query.toUri().toString(), "ucl_bdo_v_moodle_student_dump", null), copyRun);
        journal.finish(copyRun, uk.ac.mim.staging.RunStatus.OK, copied);

        assertThat(copied.rejected()).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT student_code FROM mim_rejected_row WHERE run_id = ?", String.class, copyRun))
                .isEqualTo("20000001");
        assertThat(jdbc.queryForObject("SELECT first_name FROM ucl_bdo_v_moodle_student_dump WHERE stu_code = '20000002'",
                String.class)).isEqualTo("N".repeat(3000));

        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(staging));
        ImsPlanner planner = new ImsPlanner(new StagingReader(staging, 500), new SqlResources(props), props, new SitsProperties(),
                journal, new ShrinkGuard(jdbc, new Overrides(jdbc, tx), new uk.ac.mim.staging.Settings(jdbc, tx)), new HeldStudents(jdbc), new ImsProperties());
        ImsPlan plan = planner.plan(journal.start(ImsPlanner.FEED_ID, true, null, "test"));

        assertThat(plan.removes()).isZero();
        assertThat(plan.reports().held()).containsExactly("20000001: held, kept in LAWS0024-2025 (a copy rejected this student's"
                + " row: sits-copy-student: column stu_code contains a NUL character, which the staging database cannot store)");

        // the 3,000-character name: cut to 100 in the file, reported
        jdbc.update("DELETE FROM moodle_user_enrolments_dump WHERE userid = 502");
        ImsPlan again = planner.plan(journal.start(ImsPlanner.FEED_ID, true, null, "test"));
        List<String> report = new ArrayList<>();
        Path file = dir.resolve("ims.xml");
        new ImsWriter(new ImsProperties()).write(again, Instant.now(), file, report);
        assertThat(Files.readString(file)).contains("<given>" + "N".repeat(100) + "</given>").doesNotContain("N".repeat(101));
        assertThat(report).contains("person 20000002: given name cut from 3000 to 100 characters");
    }

    private JdbcDataSource source() throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:held-" + UUID.randomUUID() + ";MODE=Oracle;DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        sourceKeepAlive = ds.getConnection();
        try (var s = sourceKeepAlive.createStatement()) {
            s.execute("CREATE TABLE students (stu_code VARCHAR2(40), username VARCHAR2(100), upi VARCHAR2(50),"
                    + " first_name VARCHAR2(4000), surname VARCHAR2(4000), email VARCHAR2(4000), dpt_code VARCHAR2(20),"
                    + " enrolment_status VARCHAR2(10), course_join_status VARCHAR2(10), tutor_upi VARCHAR2(50))");
        }
        try (PreparedStatement ps = sourceKeepAlive.prepareStatement("INSERT INTO students VALUES (?, ?, ?, ?, 'Last', ?, 'LAWS', 'E', 'O', NULL)")) {
            for (int i = 0; i < 10; i++) {
                ps.setString(1, i == 1 ? "2000\u00000001" : "2000000" + i);
                ps.setString(2, "u" + i);
                ps.setString(3, "U" + i);
                ps.setString(4, i == 2 ? "N".repeat(3000) : "First");
                ps.setString(5, "u" + i + "@example.ac.uk");
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return ds;
    }
}
