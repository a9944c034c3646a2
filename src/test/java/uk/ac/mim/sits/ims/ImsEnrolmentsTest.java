package uk.ac.mim.sits.ims;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.FileSystemUtils;

import uk.ac.mim.ops.FeedRunner;
import uk.ac.mim.staging.FeedRun;
import uk.ac.mim.staging.Overrides;
import uk.ac.mim.staging.RunStatus;
import uk.ac.mim.testing.MoodleImsImport;
import uk.ac.mim.testing.MoodleImsImport.Member;
import uk.ac.mim.testing.SitsFixture;

/** sits-ims-enrolments: the mapping rules, freeze, RMV, convergence against Moodle, the guard and the override. */
@CamelSpringBootTest
@SpringBootTest(properties = {
        "mim.run-at-startup=false",
        "mim.demo.seed=false",
        "mim.security.password=test-only",
        "mim.datasource.staging.url=jdbc:h2:mem:ims-test;DB_CLOSE_DELAY=-1",
        "mim.output-dir=target/test-out/ims",
        "mim.ims.drop-dir=target/test-out/ims/drop"})
class ImsEnrolmentsTest {

    static final Path DROP = Path.of("target/test-out/ims/drop/UCL_SIS_export.xml");

    @Autowired
    FeedRunner runner;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Overrides overrides;

    SitsFixture f;

    @BeforeEach
    void world() throws IOException {
        FileSystemUtils.deleteRecursively(Path.of("target/test-out/ims"));
        f = new SitsFixture(jdbc).reset();
        f.occurrence("9001", "LAWS0024", "A6U", "T1/2", "2025", "LAWS")
                .occurrence("9002", "LAWS0099", "A7P", "T1", "2025", "LAWS")
                .occurrence("9003", "LAWS0024", "A6U", "T1/2", "2024", "LAWS");
        f.course(10, "LAWS0024-2025");
    }

    private FeedRun run() {
        return runner.run(ImsPlanner.FEED_ID, false, null, "test");
    }

    private FeedRun dryRun() {
        return runner.run(ImsPlanner.FEED_ID, true, null, "test");
    }

    private static List<Member> delivered() throws Exception {
        return MoodleImsImport.members(Files.readAllBytes(DROP));
    }

    @Test
    void moduleMappingTakesRegistrationsAtOrAboveItsMinimumStatusInTheYearFromEligibleStudents() throws Exception {
        f.moduleMapping("9001", 10, "LAWS0024-2025", "APP", "ADD");
        String[][] students = {{"20000001", "CON"}, {"20000002", "APP"}, {"20000003", "NEW"}, {"20000004", "REJ"}};
        for (String[] s : students) {
            f.student(s[0], "u" + s[0], "A", "B").registration(s[0], "9001", s[1]);
        }
        f.student("20000005", "u5", "Withdrawn", "W", "W", "O").registration("20000005", "9001", "CON");
        f.student("20000006", "u6", "Not", "Joined", "E", "C").registration("20000006", "9001", "CON");
        f.student("20000007", "u7", "Other", "Module", "E", "O").registration("20000007", "9002", "CON");
        f.student("20000008", "u8", "Last", "Year", "E", "O").registration("20000008", "9003", "CON");

        assertThat(run().status()).isEqualTo(RunStatus.OK);

        assertThat(delivered()).containsExactly(new Member("LAWS0024-2025", "20000001", "1"),
                new Member("LAWS0024-2025", "20000002", "1"));
    }

    @Test
    void departmentProgrammeRouteAndFacultyMappingsApplyTheirFilters() throws Exception {
        f.course(11, "DEPT").course(12, "PROG-Y2").course(13, "ROUTE").course(14, "FAC-PG");
        f.departmentMapping("LAWS", 11, "DEPT", "CON").programmeMapping("ULAWS", "2", 12, "PROG-Y2")
                .routeMapping("ULAWSR1", null, 13, "ROUTE").facultyMapping("F01", null, "P", 14, "FAC-PG");
        f.student("20000001", "a", "A", "A").registration("20000001", "9002", "CON")
                .placement("20000001", "F01", "LAWS", "ULAWS", "ULAWSR1", "U", "2", "2025");
        f.student("20000002", "b", "B", "B").registration("20000002", "9001", "APP")
                .placement("20000002", "F01", "LAWS", "ULAWS", "ULAWSR2", "U", "1", "2025");
        f.student("20000003", "c", "C", "C").placement("20000003", "F01", "LAWS", "PLAWS", "PLAWSR1", "P", "1", "2025");
        f.student("20000004", "d", "D", "D").placement("20000004", "F01", "LAWS", "ULAWS", "ULAWSR1", "U", "2", "2024");

        assertThat(run().status()).isEqualTo(RunStatus.OK);

        assertThat(delivered()).containsExactlyInAnyOrder(
                new Member("DEPT", "20000001", "1"),         // CON registration in a LAWS module (APP is below CON)
                new Member("PROG-Y2", "20000001", "1"),      // programme in year 2 only
                new Member("ROUTE", "20000001", "1"),        // route, any year, this academic year only
                new Member("FAC-PG", "20000003", "1"));      // faculty, postgraduates only
    }

    @Test
    void aFrozenCourseGetsNothingAndARemovedMappingUnenrols() throws Exception {
        f.course(11, "FROZEN").course(12, "GONE");
        f.moduleMapping("9001", 11, "FROZEN", "APP", "ADD").frozen(11).moduleMapping("9001", 12, "GONE", "APP", "RMV");
        f.student("20000001", "a", "A", "A").registration("20000001", "9001", "CON");
        f.student("20000002", "b", "B", "B");
        f.user(501, "b", "20000002").imsEnrolment(11, 501, 0).imsEnrolment(12, 501, 0);
        for (int i = 0; i < 9; i++) { // enough others elsewhere that the global guard is not what this tests
            f.student("2100000" + i, "o" + i, "O", "O").registration("2100000" + i, "9001", "CON")
                    .user(600 + i, "o" + i, "2100000" + i).imsEnrolment(10, 600 + i, 0);
        }
        f.moduleMapping("9001", 10, "LAWS0024-2025", "APP", "ADD");

        FeedRun r = run();

        assertThat(r.status()).as(r.message()).isEqualTo(RunStatus.OK);
        assertThat(delivered()).containsExactlyInAnyOrder(new Member("GONE", "20000002", "0"),
                new Member("LAWS0024-2025", "20000001", "1"));
        assertThat(r.message()).contains("1 frozen");
    }

    /** Each course's enrolments are read when it is planned: a site's query that lost its order must not hide any. */
    @Test
    void anEnrolmentsQueryThatLostItsCourseOrderFailsTheRunAndWritesNoFile(@Autowired ImsPlanner planner,
                                                                           @Autowired uk.ac.mim.config.MimProperties props) throws Exception {
        f.course(11, "EARLIER").moduleMapping("9001", 10, "LAWS0024-2025", "APP", "ADD").moduleMapping("9001", 11, "EARLIER", "APP", "ADD");
        f.student("20000001", "a", "A", "A").registration("20000001", "9001", "CON");
        f.user(501, "a", "20000001").imsEnrolment(10, 501, 0).imsEnrolment(11, 501, 0);
        Object shipped = org.springframework.test.util.ReflectionTestUtils.getField(planner, "sql");
        org.springframework.test.util.ReflectionTestUtils.setField(planner, "sql", new uk.ac.mim.staging.SqlResources(props) {
            @Override
            public String query(String location) {
                return location.equals("moodle/state/ims-enrolments.sql")
                        ? super.query(location).replace("ORDER BY e.courseid", "ORDER BY e.courseid DESC") : super.query(location);
            }
        });
        try {
            FeedRun r = run();

            assertThat(r.status()).isEqualTo(RunStatus.FAILED);
            assertThat(r.message()).contains("moodle/state/ims-enrolments.sql returned course 10 after course 11",
                    "it must be ordered by course");
            assertThat(DROP).doesNotExist();
        } finally {
            org.springframework.test.util.ReflectionTestUtils.setField(planner, "sql", shipped);
        }
    }

    @Test
    void convergesAfterMoodleAppliesTheFileAndSendsOnlyTheDifference() throws Exception {
        f.moduleMapping("9001", 10, "LAWS0024-2025", "APP", "ADD");
        for (int i = 0; i < 10; i++) {
            String code = String.format("200000%02d", i);
            f.student(code, i == 1 ? "S1" : "s" + i, "Given", "Family").registration(code, "9001", "CON");
        }
        // LDAP-made accounts: no idnumber yet; Moodle links them by username (SITS may hold it in upper case)
        f.user(700, "s0", "").user(701, "s1", "");

        assertThat(run().status()).isEqualTo(RunStatus.OK);
        assertThat(delivered()).hasSize(10).allMatch(m -> m.status().equals("1"));
        MoodleImsImport.apply(jdbc, Files.readAllBytes(DROP));
        assertThat(jdbc.queryForObject("SELECT idnumber FROM moodle_user_dump WHERE id = 701", String.class)).isEqualTo("20000001");

        assertThat(run().status()).isEqualTo(RunStatus.OK);
        assertThat(delivered()).as("Moodle state equal to desired: an empty delta").isEmpty();
        assertThat(Files.readString(DROP)).contains("<properties>", "<datetime>");

        f.student("20000099", "new", "New", "Student").registration("20000099", "9001", "APP");
        jdbc.update("DELETE FROM ucl_bdo_v_moodle_student_enrl_dump WHERE stu_code = '20000005'");
        run();
        assertThat(delivered()).containsExactly(new Member("LAWS0024-2025", "20000099", "1"),
                new Member("LAWS0024-2025", "20000005", "0"));
    }

    @Test
    void personsCarrySitsNamesOrAFormerStudentsMoodleNamesAndAccountTroubleIsReported() throws Exception {
        f.moduleMapping("9001", 10, "LAWS0024-2025", "APP", "ADD");
        f.student("20000001", "ana", "Ana", "Lim").registration("20000001", "9001", "CON"); // no Moodle account
        f.student("20000002", "bo", "Bo", "Chan").registration("20000002", "9001", "CON")
                .user(502, "bo", "20000077"); // Bo's username is an account with another student's idnumber
        f.user(503, "gone", "20000003").imsEnrolment(10, 503, 0); // a former student: no longer in SITS
        for (int i = 10; i < 30; i++) { // enrolled and staying: the shrink guard lets one leaver through
            String code = "200000" + i;
            f.student(code, "s" + i, "S", "T").registration(code, "9001", "CON").user(600 + i, "s" + i, code).imsEnrolment(10, 600 + i, 0);
        }

        FeedRun r = run();
        assertThat(r.status()).as(r.message()).isEqualTo(RunStatus.OK);

        assertThat(delivered()).containsExactlyInAnyOrder(new Member("LAWS0024-2025", "20000001", "1"),
                new Member("LAWS0024-2025", "20000002", "1"), new Member("LAWS0024-2025", "20000003", "0"));
        String xml = Files.readString(DROP);
        assertThat(xml).contains("<id>20000001</id></sourcedid><userid>ana</userid><name><fn>Ana Lim</fn>",
                "<id>20000002</id></sourcedid><userid>bo</userid><name><fn>Bo Chan</fn>",
                "<id>20000003</id></sourcedid><userid>gone</userid><name><fn>First Last</fn>");
        String plan = jdbc.queryForObject("SELECT plan_json FROM mim_run_plan WHERE run_id = ?", String.class, r.runId());
        assertThat(plan).contains("20000001 (ana): no Moodle account by idnumber or username",
                "20000002: username bo belongs to Moodle account 502 whose idnumber is 20000077");
        assertThat(r.message()).contains("3 people", "1 without a Moodle account");
    }

    @Test
    void explainFindsTheAccountByIdnumberElseUsernameAndItsImsEnrolment(@Autowired ImsExplainer explainer) {
        f.moduleMapping("9001", 10, "LAWS0024-2025", "APP", "ADD");
        f.student("20000001", "a", "A", "A").registration("20000001", "9001", "CON").user(501, "a", "20000001").imsEnrolment(10, 501, 1);
        f.student("20000002", "B", "B", "B").registration("20000002", "9001", "CON").user(502, "b", "");

        ImsExplainer.Explanation suspended = explainer.explain("20000001", "LAWS0024-2025");
        ImsExplainer.Explanation byUsername = explainer.explain("20000002", "LAWS0024-2025");

        assertThat(suspended.moodleAccount()).startsWith("user 501 ");
        assertThat(suspended.moodleEnrolment()).isEqualTo("enrolled by IMS but suspended");
        assertThat(suspended.nextRun()).startsWith("nothing: desired, but the suspended enrolment");
        assertThat(byUsername.moodleAccount()).isEqualTo("user 502 (b, idnumber '')");
        assertThat(byUsername.moodleEnrolment()).isEqualTo("not enrolled by IMS");
        assertThat(byUsername.nextRun()).isEqualTo("enrol (status 1)");
    }

    @Test
    void aSuspendedEnrolmentIsReportedNotResent() throws Exception {
        f.moduleMapping("9001", 10, "LAWS0024-2025", "APP", "ADD");
        f.student("20000001", "a", "A", "A").registration("20000001", "9001", "CON").user(501, "a", "20000001").imsEnrolment(10, 501, 1);

        FeedRun r = run();

        assertThat(delivered()).isEmpty();
        assertThat(r.message()).contains("1 suspended");
        assertThat(jdbc.queryForObject("SELECT plan_json FROM mim_run_plan WHERE run_id = ?", String.class, r.runId()))
                .contains("20000001 in LAWS0024-2025: desired, but the enrolment is suspended");
    }

    @Test
    void aShrunkenSourceIsBlockedUntilAOneShotOverride() throws Exception {
        f.moduleMapping("9001", 10, "LAWS0024-2025", "APP", "ADD");
        for (int i = 0; i < 8; i++) {
            String code = "2000000" + i;
            f.student(code, "s" + i, "G", "F").user(800 + i, "s" + i, code).imsEnrolment(10, 800 + i, 0);
            if (i < 5) { // SITS now has only 5 of the 8: 62.5% retained
                f.registration(code, "9001", "CON");
            }
        }
        Files.createDirectories(DROP.getParent());
        Files.writeString(DROP, "previous night's file");

        FeedRun blocked = run();
        assertThat(blocked.status()).isEqualTo(RunStatus.BLOCKED);
        assertThat(blocked.message()).contains("students 5 of 8 retained (62.5%) is below the 75% threshold");
        assertThat(Files.readString(DROP)).isEqualTo("previous night's file");

        overrides.set(ImsPlanner.FEED_ID, "ops-on-call", "rollover: LAWS0024 halved on purpose");
        assertThat(dryRun().status()).as("a dry run does not consume the override").isEqualTo(RunStatus.BLOCKED);
        FeedRun overridden = run();
        assertThat(overridden.status()).isEqualTo(RunStatus.OK);
        assertThat(overridden.message()).contains("guard overridden: override set by ops-on-call", "rollover: LAWS0024 halved");
        assertThat(delivered()).hasSize(3).allMatch(m -> m.status().equals("0"));
        assertThat(overrides.get(ImsPlanner.FEED_ID)).isEmpty();

        Files.writeString(DROP, "previous night's file");
        assertThat(run().status()).as("one-shot: the next run is guarded again").isEqualTo(RunStatus.BLOCKED);
    }

    @Test
    void aCourseOfTwentyLosingMoreThanHalfBlocksUnlessAllItsMappingsWereRemoved() throws Exception {
        f.course(11, "BIG").moduleMapping("9002", 11, "BIG", "APP", "ADD");
        f.moduleMapping("9001", 10, "LAWS0024-2025", "APP", "ADD");
        for (int i = 0; i < 100; i++) { // a large stable course keeps the global figures high
            String code = String.format("210%05d", i);
            f.student(code, "k" + i, "K", "K").registration(code, "9001", "CON").user(2000 + i, "k" + i, code).imsEnrolment(10, 2000 + i, 0);
        }
        for (int i = 0; i < 20; i++) {
            String code = String.format("220%05d", i);
            f.student(code, "b" + i, "B", "B").user(3000 + i, "b" + i, code).imsEnrolment(11, 3000 + i, 0);
            if (i < 9) {
                f.registration(code, "9002", "CON");
            }
        }

        FeedRun r = run();
        assertThat(r.status()).isEqualTo(RunStatus.BLOCKED);
        assertThat(r.message()).contains("BIG would lose 11 of its 20 students");

        jdbc.update("UPDATE sits_moduleoccurence_mapping SET mapping_action = 'RMV' WHERE vle_courseid = 11");
        FeedRun rmv = run();
        assertThat(rmv.status()).as(rmv.message()).isEqualTo(RunStatus.OK);
        assertThat(delivered()).hasSize(20).allMatch(m -> m.course().equals("BIG") && m.status().equals("0"));
    }

    @Test
    void aDryRunWritesThePlanAndNoDropFile() throws Exception {
        f.moduleMapping("9001", 10, "LAWS0024-2025", "APP", "ADD");
        f.student("20000001", "a", "A", "A").registration("20000001", "9001", "CON");

        FeedRun r = dryRun();

        assertThat(r.status()).isEqualTo(RunStatus.OK);
        assertThat(r.dryRun()).isTrue();
        assertThat(DROP.getParent()).doesNotExist();
        try (var reports = Files.list(Path.of("target/test-out/ims/reports/sits-ims-enrolments"))) {
            assertThat(reports.map(p -> p.getFileName().toString().replaceAll(".*\\.", ""))).containsExactlyInAnyOrder("json", "txt", "xml");
        }
        assertThat(jdbc.queryForObject("SELECT plan_json FROM mim_run_plan WHERE run_id = ?", String.class, r.runId()))
                .contains("\"idnumber\" : \"LAWS0024-2025\"", "\"studentCode\" : \"20000001\"", "module LAWS0024 A6U T1/2 2025 at APP or above (CON)");
    }

    @Test
    void unusableRowsAreRejectedWithAReasonAndTheRestGoesThrough() throws Exception {
        f.course(11, "").course(12, "A&B").moduleMapping("9001", 12, "A&B", "APP", "ADD").moduleMapping("9001", 11, "WAS-SET", "APP", "ADD")
                .moduleMapping("9001", 10, "OLD-IDNUMBER", "APP", "ADD").moduleMapping("9001", 99, "NOT-IN-MOODLE", "APP", "ADD");
        f.student("20000001", "a", "A", "A").registration("20000001", "9001", "CON");
        f.student("20000002", null, "No", "Username").registration("20000002", "9001", "CON");
        f.student("20000001", "dup", "Duplicate", "Code");
        f.student("20000003", "A", "Same", "Username").registration("20000003", "9001", "CON");

        FeedRun r = run();

        assertThat(r.status()).isEqualTo(RunStatus.OK);
        assertThat(delivered()).containsExactly(new Member("LAWS0024-2025", "20000001", "1"));
        assertThat(jdbc.queryForList("SELECT reason FROM mim_rejected_row WHERE run_id = ? ORDER BY id", String.class, r.runId()))
                .anyMatch(s -> s.startsWith("no username"))
                .anyMatch(s -> s.startsWith("duplicate student code 20000001"))
                .anyMatch(s -> s.startsWith("username a is already student 20000001"))
                .anyMatch(s -> s.contains("has an empty idnumber"))
                .anyMatch(s -> s.contains("mapped Moodle course id 99"))
                .anyMatch(s -> s.contains("has idnumber 'A&B' containing &, < or >"));
        assertThat(r.message()).contains("2 idnumber mismatches"); // OLD-IDNUMBER, and WAS-SET on the course now without one
        // the journal's figure counts every rejected row: three students and three courses
        assertThat(r.rowsRejected()).isEqualTo(6).isEqualTo(jdbc.queryForObject(
                "SELECT COUNT(*) FROM mim_rejected_row WHERE run_id = ?", Long.class, r.runId()));
    }

    @Test
    void aNamelessStudentWithoutAnAccountGetsNoPersonButEveryMembershipGoesOut() throws Exception {
        f.moduleMapping("9001", 10, "LAWS0024-2025", "APP", "ADD");
        f.student("20000001", "a", "Ann", "   ").registration("20000001", "9001", "CON");           // no account yet
        f.student("20000002", "b", "Bob", "   ").registration("20000002", "9001", "CON").user(502, "b", ""); // an account

        FeedRun r = run();

        assertThat(r.status()).isEqualTo(RunStatus.OK);
        String xml = Files.readString(DROP);
        assertThat(xml).doesNotContain("<id>20000001</id></sourcedid><userid>").contains("<id>20000002</id></sourcedid><userid>");
        assertThat(delivered()).containsExactly(new Member("LAWS0024-2025", "20000001", "1"), new Member("LAWS0024-2025", "20000002", "1"));
        assertThat(jdbc.queryForObject("SELECT plan_json FROM mim_run_plan WHERE run_id = ?", String.class, r.runId()))
                .contains("person 20000001: empty family name", "person 20000002: empty family name",
                        "person 20000001: no <person> sent: Moodle has no account for them and would create one without a name");
    }

    @Test
    void accountsTheImportCreatesGetTheSitesLoginAndPersonsWithoutAnAccountCanBeHeld(@Autowired ImsProperties ims) throws Exception {
        f.moduleMapping("9001", 10, "LAWS0024-2025", "APP", "ADD");
        f.student("20000001", "a", "Ann", "Ames").registration("20000001", "9001", "CON");           // no account yet
        f.student("20000002", "b", "Bob", "Bell").registration("20000002", "9001", "CON").user(502, "b", "");
        try {
            ims.setAuthenticationType("ldap");
            assertThat(run().status()).isEqualTo(RunStatus.OK);
            assertThat(Files.readString(DROP)).contains("<userid authenticationtype=\"ldap\">a</userid>",
                    "<userid authenticationtype=\"ldap\">b</userid>");

            ims.setAuthenticationType("");
            ims.setSendPersonsWithoutAccount(false);
            FeedRun held = run();
            String xml = Files.readString(DROP);
            assertThat(xml).doesNotContain("<userid>a</userid>", "authenticationtype").contains("<userid>b</userid>");
            assertThat(delivered()).contains(new Member("LAWS0024-2025", "20000001", "1"));
            assertThat(jdbc.queryForObject("SELECT plan_json FROM mim_run_plan WHERE run_id = ?", String.class, held.runId()))
                    .contains("20000001 (a): no Moodle account by idnumber or username; no <person> sent"
                            + " (mim.ims.send-persons-without-account is false)")
                    .contains("person 20000001: no <person> sent: Moodle has no account for them yet");
        } finally {
            ims.setAuthenticationType("");
            ims.setSendPersonsWithoutAccount(true);
        }
    }

    @Test
    void aRunThatFailsWhileDeliveringLeavesAReportOfItsPlanAndWhy(@Autowired ImsProperties ims) throws Exception {
        f.moduleMapping("9001", 10, "LAWS0024-2025", "APP", "ADD");
        f.student("20000001", "a", "Ann", "Ames").registration("20000001", "9001", "CON");
        Path notAFolder = Files.createDirectories(Path.of("target/test-out/ims")).resolve("drop-is-a-file");
        Files.writeString(notAFolder, "x");
        Path shipped = ims.getDropDir();
        try {
            ims.setDropDir(notAFolder);
            FeedRun r = run();

            assertThat(r.status()).isEqualTo(RunStatus.FAILED);
            assertThat(jdbc.queryForObject("SELECT plan_json FROM mim_run_plan WHERE run_id = ?", String.class, r.runId()))
                    .contains("\"status\" : \"FAILED\"", "\"planned\" : \"1 enrolments to add and 0 to remove in 1 courses",
                            "nothing delivered: the previous output is left as it was");
        } finally {
            ims.setDropDir(shipped);
        }
    }
}
