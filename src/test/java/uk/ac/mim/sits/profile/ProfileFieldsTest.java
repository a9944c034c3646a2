package uk.ac.mim.sits.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.FileSystemUtils;

import uk.ac.mim.ops.FeedRunner;
import uk.ac.mim.staging.FeedRun;
import uk.ac.mim.staging.RunStatus;
import uk.ac.mim.testing.SitsFixture;

/** sits-profile-fields: RFC 4180 round trip, byte-identical reruns, withheld unless the IMS file went out, the guard. */
@CamelSpringBootTest
@SpringBootTest(properties = {
        "mim.run-at-startup=false",
        "mim.demo.seed=false",
        "mim.security.password=test-only",
        "mim.datasource.staging.url=jdbc:h2:mem:profile-test;DB_CLOSE_DELAY=-1",
        "mim.output-dir=target/test-out/profile",
        "mim.ims.drop-dir=target/test-out/profile/drop",
        "mim.profile-fields.drop-dir=target/test-out/profile/drop",
        "mim.profile-fields.shortnames.ugpg=studylevel"})
class ProfileFieldsTest {

    static final Path CSV = Path.of("target/test-out/profile/drop/UCL_SIS_Userprofilefields.csv");
    static final String BOTH = "sits-ims-enrolments,sits-profile-fields";

    @Autowired
    FeedRunner runner;
    @Autowired
    JdbcTemplate jdbc;
    SitsFixture f;

    @BeforeEach
    void world() throws Exception {
        FileSystemUtils.deleteRecursively(Path.of("target/test-out/profile"));
        f = new SitsFixture(jdbc).reset();
        jdbc.update("INSERT INTO ucl_bdo_v_moodle_programme_dump VALUES ('ULAWS', 'Law, \"Politics\" & Society', 'LAWS')");
        f.occurrence("9001", "LAWS0024", "A6U", "T1/2", "2025", "LAWS").occurrence("9002", "LAWS0099", "A7P", "T1", "2025", "LAWS")
                .occurrence("9003", "ECON0001", "A4U", "T1", "2025", "ECON");
        f.student("20000001", "ZNUNE01", "Zoë", "Ñúñez \"Zed\", Jr").placement("20000001", "F01", "LAWS", "ULAWS", "R1", "U", "2", "2025")
                .registration("20000001", "9002", "CON").registration("20000001", "9001", "CON").registration("20000001", "9003", "APP");
        f.student("20000002", "obrien", "Line\nBreak", "O'Brien & Sons").placement("20000002", "F01", "LAWS", "ULAWS", "R1", "P", "1", "2025")
                .registration("20000002", "9003", "NEW").registration("20000002", "9001", "REJ");
        f.student("20000003", null, "No", "Username");
        f.student("20000004", "gone", "Withdrawn", "W", "W", "O");
    }

    private List<CSVRecord> records() throws Exception {
        return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(Files.readString(CSV, StandardCharsets.UTF_8))).getRecords();
    }

    @Test
    void aHeldStudentIsNamedInTheReportAndALongNameIsCutInTheFile(@Autowired uk.ac.mim.staging.Journal journal) throws Exception {
        String copy = journal.start("sits-copy-student-enrl", false, null, "test");
        journal.reject(copy, "sits-copy-student-enrl", "stu_code=20000001", "column reg_status contains a NUL character",
                "stu_code=20000001", "20000001");
        journal.finish(copy, RunStatus.OK, uk.ac.mim.staging.RunCounts.of(4, 3, 1, "copied 3 of 4 rows"));
        jdbc.update("UPDATE ucl_bdo_v_moodle_student_dump SET surname = ? WHERE stu_code = '20000002'", "S".repeat(500));

        List<FeedRun> runs = runner.runOnce(BOTH, false, "test");

        assertThat(runs).extracting(FeedRun::status).containsExactly(RunStatus.OK, RunStatus.OK);
        assertThat(records()).filteredOn(r -> r.get("idnumber").equals("20000002")).singleElement()
                .satisfies(r -> assertThat(r.get("lastname")).isEqualTo("S".repeat(100)));
        assertThat(jdbc.queryForObject("SELECT plan_json FROM mim_run_plan WHERE run_id = ?", String.class, runs.get(1).runId()))
                .contains("20000001: held, in this file from the rows staging has (their module lists may be short) (a copy"
                        + " rejected this student's row: sits-copy-student-enrl: column reg_status contains a NUL character)")
                .contains("student 20000002: surname cut from 500 to 100 characters");
    }

    @Test
    void aSitesQueryThatReturnsANullStatusGetsThatRowRejectedNotAnError(@Autowired ProfileFieldsFeed feed,
                                                                         @Autowired uk.ac.mim.config.MimProperties props) throws Exception {
        jdbc.update("UPDATE ucl_bdo_v_moodle_student_enrl_dump SET reg_status = NULL WHERE stu_code = '20000001' AND mod_code = 'ECON0001'");
        Object shipped = org.springframework.test.util.ReflectionTestUtils.getField(feed, "sql");
        org.springframework.test.util.ReflectionTestUtils.setField(feed, "sql", new uk.ac.mim.staging.SqlResources(props) {
            @Override
            public String query(String location) { // a site's own query, without the status filter
                return location.equals("sits/profile-field-modules.sql")
                        ? "SELECT e.stu_code, e.mod_code, e.reg_status FROM ucl_bdo_v_moodle_student_enrl_dump e"
                        + " JOIN ucl_bdo_v_moodle_student_dump s ON s.stu_code = e.stu_code WHERE e.ayr_code = :ayr"
                        + " AND s.enrolment_status IN (:enrolment_statuses) AND s.course_join_status IN (:course_join_statuses)"
                        + " ORDER BY LOWER(TRIM(s.username)), s.stu_code, e.mod_code" : super.query(location);
            }
        });
        try {
            List<FeedRun> runs = runner.runOnce(BOTH, false, "test");

            assertThat(runs).extracting(FeedRun::status).containsExactly(RunStatus.OK, RunStatus.OK);
            assertThat(jdbc.queryForList("SELECT reason FROM mim_rejected_row WHERE run_id = ?", String.class, runs.get(1).runId()))
                    .contains("sits/profile-field-modules.sql returned a row without a registration status");
        } finally {
            org.springframework.test.util.ReflectionTestUtils.setField(feed, "sql", shipped);
        }
    }

    @Test
    void awkwardValuesRoundTripThroughAStandardCsvReader() throws Exception {
        List<FeedRun> runs = runner.runOnce(BOTH, false, "test");
        assertThat(runs).extracting(FeedRun::status).containsExactly(RunStatus.OK, RunStatus.OK);

        String text = Files.readString(CSV, StandardCharsets.UTF_8);
        assertThat(text).startsWith("username,firstname,lastname,email,idnumber,profile_field_upi,profile_field_programmecode,"
                + "profile_field_programmename,profile_field_courseyear,profile_field_approvedmodules,"
                + "profile_field_preappmodules,profile_field_studylevel\r\n");
        assertThat(text).doesNotContain("\\\"");
        List<CSVRecord> rows = records();
        assertThat(rows).hasSize(2);
        CSVRecord zoe = rows.get(1);
        assertThat(zoe.get("username")).isEqualTo("znune01");
        assertThat(zoe.get("lastname")).isEqualTo("Ñúñez \"Zed\", Jr");
        assertThat(zoe.get("profile_field_programmename")).isEqualTo("Law, \"Politics\" & Society");
        assertThat(zoe.get("profile_field_approvedmodules")).isEqualTo("LAWS0024,LAWS0099");
        assertThat(zoe.get("profile_field_preappmodules")).isEqualTo("ECON0001");
        assertThat(zoe.get("profile_field_courseyear")).isEqualTo("2");
        assertThat(zoe.get("profile_field_studylevel")).isEqualTo("U");
        CSVRecord obrien = rows.get(0);
        assertThat(obrien.get("firstname")).isEqualTo("Line Break");
        assertThat(obrien.get("lastname")).isEqualTo("O'Brien & Sons");
        assertThat(obrien.get("profile_field_approvedmodules")).isEmpty();
        assertThat(obrien.get("profile_field_preappmodules")).isEqualTo("ECON0001");
        FeedRun csv = runs.get(1);
        assertThat(jdbc.queryForList("SELECT reason FROM mim_rejected_row WHERE run_id = ?", String.class, csv.runId()))
                .containsExactly("no username: the consumer matches rows by username");
        assertThat(jdbc.queryForObject("SELECT plan_json FROM mim_run_plan WHERE run_id = ?", String.class, csv.runId()))
                .contains("student 20000002: first_name: line break replaced by a space");
    }

    @Test
    void theSameDataGivesAByteIdenticalFile() throws Exception {
        FeedRun first = runner.runOnce(BOTH, false, "test").get(1);
        byte[] bytes = Files.readAllBytes(CSV);
        FeedRun second = runner.runOnce(BOTH, false, "test").get(1);

        assertThat(second.status()).isEqualTo(RunStatus.OK);
        assertThat(Files.readAllBytes(CSV)).isEqualTo(bytes);
        assertThat(second.outputChecksum()).isEqualTo(first.outputChecksum());
    }

    @Test
    void theCsvIsWithheldWhenTheCyclesImsFileWasNotDelivered() throws Exception {
        runner.runOnce(BOTH, false, "test");
        byte[] before = Files.readAllBytes(CSV);
        // the IMS feed is now blocked by its guard (every enrolled student would go)
        f.course(10, "C10").moduleMapping("9001", 10, "C10", "APP", "ADD");
        for (int i = 0; i < 4; i++) {
            f.user(500 + i, "x" + i, "2999999" + i).imsEnrolment(10, 500 + i, 0);
        }
        jdbc.update("UPDATE ucl_bdo_v_moodle_student_dump SET surname = 'Changed' WHERE stu_code = '20000002'");

        List<FeedRun> runs = runner.runOnce(BOTH, false, "test");

        assertThat(runs.get(0).status()).isEqualTo(RunStatus.BLOCKED);
        assertThat(runs.get(1).status()).isEqualTo(RunStatus.SKIPPED);
        assertThat(runs.get(1).message()).contains("not delivered: sits-ims-enrolments was BLOCKED in this cycle");
        assertThat(Files.readAllBytes(CSV)).isEqualTo(before);

        // run alone, it still refuses: the newest IMS run delivered nothing
        FeedRun alone = runner.run("sits-profile-fields", null, null, "test");
        assertThat(alone.status()).isEqualTo(RunStatus.SKIPPED);
        assertThat(alone.message()).contains("the latest sits-ims-enrolments run did not deliver a file (BLOCKED)");
    }

    @Test
    void aShrunkenFileIsBlockedAgainstTheLastDeliveredOne() throws Exception {
        for (int i = 0; i < 10; i++) {
            f.student("2100000" + i, "extra" + i, "E", "X");
        }
        runner.runOnce(BOTH, false, "test");
        assertThat(records()).hasSize(12);
        jdbc.update("DELETE FROM ucl_bdo_v_moodle_student_dump WHERE username LIKE 'extra%'");

        FeedRun r = runner.runOnce(BOTH, false, "test").get(1);

        assertThat(r.status()).isEqualTo(RunStatus.BLOCKED);
        assertThat(r.message()).contains("rows 2 of 12 retained (16.7%) is below the 75% threshold");
        assertThat(records()).hasSize(12);
        try (var files = Files.list(CSV.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).as("the blocked file's spool is gone")
                    .noneMatch(n -> n.endsWith(".part"));
        }
    }

    @Test
    void aModulesQueryInAnotherOrderThanTheStudentsFailsTheRunAndDeliversNothing(@Autowired ProfileFieldsFeed feed,
                                                                               @Autowired uk.ac.mim.config.MimProperties props) throws Exception {
        runner.runOnce(BOTH, false, "test");
        byte[] delivered = Files.readAllBytes(CSV);
        assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT stu_code) FROM ucl_bdo_v_moodle_student_enrl_dump", Integer.class))
                .as("students with registrations, so that two orders can disagree").isGreaterThan(1);
        Object shipped = org.springframework.test.util.ReflectionTestUtils.getField(feed, "sql");
        org.springframework.test.util.ReflectionTestUtils.setField(feed, "sql", new uk.ac.mim.staging.SqlResources(props) {
            @Override
            public String query(String location) { // a site's edit that lists the registrations in its own order
                return location.equals("sits/profile-field-modules.sql")
                        ? "SELECT e.stu_code, e.mod_code, e.reg_status FROM ucl_bdo_v_moodle_student_enrl_dump e"
                        + " JOIN ucl_bdo_v_moodle_student_dump s ON s.stu_code = e.stu_code"
                        + " WHERE e.ayr_code = :ayr AND e.reg_status IN ('CON', 'APP', 'NEW')"
                        + " ORDER BY LOWER(TRIM(s.username)) DESC, s.stu_code DESC, e.mod_code" // the CSV's order reversed
                        : super.query(location);
            }
        });
        try {
            FeedRun r = runner.runOnce(BOTH, false, "test").get(1);

            assertThat(r.status()).isEqualTo(RunStatus.FAILED);
            assertThat(r.message()).contains("sits/profile-field-modules.sql and sits/profile-fields.sql disagree",
                    "were left over once the CSV was written", "Nothing delivered");
            assertThat(Files.readAllBytes(CSV)).as("the last delivered file stays").isEqualTo(delivered);
        } finally {
            org.springframework.test.util.ReflectionTestUtils.setField(feed, "sql", shipped);
        }
    }
}
