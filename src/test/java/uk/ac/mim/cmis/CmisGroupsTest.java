package uk.ac.mim.cmis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.util.ReflectionTestUtils;

import uk.ac.mim.config.MimProperties;
import uk.ac.mim.moodle.MoodleProperties;
import uk.ac.mim.ops.FeedRunner;
import uk.ac.mim.staging.FeedRun;
import uk.ac.mim.staging.RunStatus;
import uk.ac.mim.staging.SqlResources;
import uk.ac.mim.testing.FakeMoodle;
import uk.ac.mim.testing.SitsFixture;

/**
 * cmis-moodle-groups against a stateful fake Moodle on WireMock (answers from the real samples). Between
 * runs the test copies Moodle's state into the replica tables, as the replica would catch up.
 */
@CamelSpringBootTest
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(properties = {
        "mim.run-at-startup=false",
        "mim.demo.seed=false",
        "mim.security.password=test-only",
        "mim.datasource.staging.url=jdbc:h2:mem:cmis-test;DB_CLOSE_DELAY=-1",
        "mim.output-dir=target/test-out/cmis",
        "mim.feeds.cmis-moodle-groups.dry-run=false",
        "mim.moodle.token=" + FakeMoodle.TOKEN,
        "mim.moodle.expected-site-url=https://moodle.example.ac.uk/",
        "mim.moodle.calls-per-second=1000",
        "mim.moodle.initial-backoff=20ms",
        "mim.moodle.max-backoff=100ms",
        "mim.moodle.request-timeout=1s",
        "mim.moodle.time-budget=20s"})
class CmisGroupsTest {

    static final FakeMoodle MOODLE = new FakeMoodle();
    static final WireMockServer SERVER = MOODLE.serve();

    @DynamicPropertySource
    static void moodle(DynamicPropertyRegistry r) {
        r.add("mim.moodle.url", () -> "http://localhost:" + SERVER.port());
    }

    @AfterAll
    static void stop() {
        SERVER.stop();
    }

    @Autowired
    FeedRunner runner;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    CmisProperties cmis;
    @Autowired
    MoodleProperties moodle;
    SitsFixture f;

    @BeforeEach
    void world() {
        MOODLE.reset();
        cmis.setDeleteUnmanagedGroups(false);
        cmis.setRemoveDepartedMembers(false);
        moodle.setTimeBudget(Duration.ofSeconds(20));
        f = new SitsFixture(jdbc).reset();
        jdbc.update("DELETE FROM mim_cmis_member");
        jdbc.update("DELETE FROM mim_moodle_failure");
        jdbc.update("INSERT INTO moodle_user_info_field_dump VALUES (1, 'upi')");
        f.occurrence("9001", "LAWS0024", "A6U", "T1", "2025", "LAWS").occurrence("9002", "LAWS0024", "A6U", "T2", "2025", "LAWS")
                .occurrence("9003", "ECON0001", "A4U", "T1", "2025", "ECON");
        f.course(10, "LAWS0024-2025").moduleMapping("9001", 10, "LAWS0024-2025", "APP", "ADD")
                .moduleMapping("9002", 10, "LAWS0024-2025", "APP", "ADD").moduleMapping("9003", 10, "LAWS0024-2025", "APP", "ADD");
        jdbc.update("UPDATE sits_moduleoccurence_mapping SET group_import = 'ADD'");
        cmisGroup("LAWS0024", "LEC", "Lecture");
        cmisGroup("LAWS0024", "T01", "Tutorial 1");
        cmisGroup("ECON0001", "LEC", "Lecture"); // same name, other module: distinct names
        for (int i = 0; i < 6; i++) {
            student(10, 500 + i, String.format("2000000%d", i));
            member("LAWS0024", i < 3 ? "T01" : "LEC", (i % 2 == 0 ? "0" : "") + String.format("2000000%d", i));
        }
        member("ECON0001", "LEC", "20000005");
        f.user(900, "tutor1", "");
        jdbc.update("INSERT INTO moodle_user_info_data_dump VALUES (900, 1, 'abcde12')");
        enrol(10, 900);
        jdbc.update("INSERT INTO cmis_v_moodle_group_tutors_dump VALUES ('2025', 'LAWS0024', 'T01', 'ABCDE12')");
    }

    private void cmisGroup(String mod, String code, String name) {
        jdbc.update("INSERT INTO cmis_v_moodle_groups_dump VALUES ('2025', ?, ?, ?)", mod, code, name);
    }

    private void member(String mod, String group, String code) {
        jdbc.update("INSERT INTO cmis_v_moodle_group_students_dump VALUES ('2025', ?, ?, ?)", mod, group, code);
    }

    private void student(long course, long userId, String code) {
        f.user(userId, "s" + userId, code);
        enrol(course, userId);
    }

    private void enrol(long course, long userId) {
        jdbc.update("INSERT INTO moodle_user_enrolments_dump VALUES (?, ?, ?, 0)", 10_000 + userId, 2000 + course, userId);
        MOODLE.enrolled.computeIfAbsent(course, k -> new java.util.HashSet<>()).add(userId);
    }

    private FeedRun run() {
        return runner.run(CmisGroupsFeed.FEED_ID, null, null, "test");
    }

    private FeedRun runAndReplicate() {
        FeedRun r = run();
        MOODLE.replicate(jdbc);
        return r;
    }

    private List<String> names() {
        return MOODLE.groups.values().stream().map(FakeMoodle.Group::name).sorted().toList();
    }

    @Test
    void aFirstRunCreatesEverythingAndASecondMakesNoWriteCall() {
        FeedRun first = runAndReplicate();

        assertThat(first.status()).as(first.message()).isEqualTo(RunStatus.OK);
        assertThat(names()).containsExactly("Lecture (ECON0001)", "Lecture (LAWS0024)", "Tutorial 1");
        assertThat(MOODLE.groups.values()).extracting(FakeMoodle.Group::idnumber)
                .containsExactlyInAnyOrder("cmis:2025:LAWS0024:LEC", "cmis:2025:LAWS0024:T01", "cmis:2025:ECON0001:LEC");
        assertThat(MOODLE.groupings.values()).extracting(FakeMoodle.Group::idnumber)
                .containsExactlyInAnyOrder("cmis:2025:LAWS0024", "cmis:2025:ECON0001");
        assertThat(MOODLE.links).hasSize(3);
        long tutorial = groupId("cmis:2025:LAWS0024:T01");
        assertThat(MOODLE.members.get(tutorial)).containsExactlyInAnyOrder(500L, 501L, 502L, 900L); // codes with a leading 0 normalised
        assertThat(MOODLE.members.get(groupId("cmis:2025:ECON0001:LEC"))).containsExactly(505L);

        MOODLE.calls.clear();
        FeedRun second = runAndReplicate();
        assertThat(second.status()).isEqualTo(RunStatus.OK);
        assertThat(MOODLE.writeCalls()).isEmpty();
        assertThat(second.message()).contains("nothing to change: no call made");
    }

    @Test
    void aDeletedGroupIsCreatedAgainAndARenamedOneIsRenamedBackNeverRecreated() {
        runAndReplicate();
        long tutorial = groupId("cmis:2025:LAWS0024:T01");
        long lecture = groupId("cmis:2025:LAWS0024:LEC");
        MOODLE.groups.remove(lecture);
        MOODLE.groups.put(tutorial, new FakeMoodle.Group(tutorial, 10, "Renamed by staff", "cmis:2025:LAWS0024:T01"));
        MOODLE.replicate(jdbc);
        MOODLE.calls.clear();

        FeedRun r = runAndReplicate();

        assertThat(r.status()).as(r.message()).isEqualTo(RunStatus.OK);
        assertThat(MOODLE.writeCalls()).contains("core_group_update_groups", "core_group_create_groups")
                .doesNotContain("core_group_delete_groups");
        assertThat(MOODLE.groups.get(tutorial).name()).isEqualTo("Tutorial 1");
        assertThat(groupId("cmis:2025:LAWS0024:LEC")).isNotEqualTo(lecture);
        assertThat(MOODLE.members.get(groupId("cmis:2025:LAWS0024:LEC"))).containsExactlyInAnyOrder(503L, 504L, 505L);
    }

    @Test
    void handMadeGroupsAreUntouchedEvenWithTheSameName() {
        long mine = MOODLE.handMade(10, "Tutorial 1", "");
        long other = MOODLE.handMade(10, "Seminar", "STAFF-1");
        MOODLE.replicate(jdbc);

        FeedRun r = runAndReplicate();

        assertThat(r.status()).as(r.message()).isEqualTo(RunStatus.OK);
        assertThat(MOODLE.groups.get(mine).name()).isEqualTo("Tutorial 1");
        assertThat(MOODLE.groups.get(other).name()).isEqualTo("Seminar");
        assertThat(MOODLE.groups.get(groupId("cmis:2025:LAWS0024:T01")).name()).isEqualTo("Tutorial 1 (LAWS0024)");
        assertThat(r.message()).contains("3 name clashes"); // Lecture in two modules, Tutorial 1 taken by hand
        cmis.setDeleteUnmanagedGroups(true);
        assertThat(runAndReplicate().status()).isEqualTo(RunStatus.OK);
        assertThat(MOODLE.groups).containsKeys(mine, other);
    }

    @Test
    void ownedGroupsOfCoursesBeforeAndAfterTheManagedOnesAreSeenAsUnmanaged() {
        for (int i = 2; i <= 6; i++) {
            cmisGroup("LAWS0024", "T0" + i, "Tutorial " + i);
        }
        f.course(5, "EARLIER").course(20, "LATER");
        runAndReplicate(); // the managed course's 8 groups
        long earlier = MOODLE.handMade(5, "Old", "cmis:2024:HIST0001:LEC");
        long later = MOODLE.handMade(20, "Old", "cmis:2024:HIST0002:LEC");
        long stranger = MOODLE.handMade(20, "Mine", "");
        MOODLE.replicate(jdbc);
        cmis.setDeleteUnmanagedGroups(true);

        FeedRun r = runAndReplicate();

        assertThat(r.status()).as(r.message()).isEqualTo(RunStatus.OK);
        assertThat(r.message()).contains("0 groupings and 0 groups to create", "2 groups to delete", "2 unmanaged groups");
        assertThat(MOODLE.groups).doesNotContainKeys(earlier, later).containsKey(stranger);
        assertThat(names()).contains("Lecture (LAWS0024)", "Tutorial 1", "Tutorial 6");
        assertThat(runAndReplicate().message()).as("converged").contains("0 groups to delete", "0 groupings and 0 groups to create");
    }

    @Test
    void aModuleMappedIntoTwoCoursesGetsItsGroupsAndMembersInEachCourseByCourse() {
        f.course(5, "ECON0001-A").moduleMapping("9003", 5, "ECON0001-A", "APP", "ADD")
                .course(20, "ECON0001-B").moduleMapping("9003", 20, "ECON0001-B", "APP", "ADD");
        jdbc.update("UPDATE sits_moduleoccurence_mapping SET group_import = 'ADD'");
        enrol(20, 505); // enrolled in course 20, not in course 5: waits there

        FeedRun r = runAndReplicate();

        assertThat(r.status()).as(r.message()).isEqualTo(RunStatus.OK);
        Map<Long, Long> lectureByCourse = MOODLE.groups.values().stream().filter(g -> g.idnumber().equals("cmis:2025:ECON0001:LEC"))
                .collect(java.util.stream.Collectors.toMap(FakeMoodle.Group::courseid, FakeMoodle.Group::id));
        assertThat(lectureByCourse).containsOnlyKeys(5L, 10L, 20L);
        assertThat(MOODLE.members.get(lectureByCourse.get(10L))).containsExactly(505L);
        assertThat(MOODLE.members.get(lectureByCourse.get(20L))).containsExactly(505L);
        assertThat(MOODLE.members.getOrDefault(lectureByCourse.get(5L), java.util.Set.of())).isEmpty();
        assertThat(jdbc.queryForObject("SELECT plan_json FROM mim_run_plan WHERE run_id = ?", String.class, r.runId()))
                .contains("ECON0001-A / cmis:2025:ECON0001:LEC: student 20000005 (user 505) is not enrolled in the course");

        MOODLE.calls.clear();
        assertThat(runAndReplicate().status()).isEqualTo(RunStatus.OK);
        assertThat(MOODLE.writeCalls()).isEmpty();
    }

    @Test
    void aMembersQueryThatDisagreesWithTheModulesQueryFailsTheRunBeforeAnyCall(@Autowired CmisPlanner planner,
                                                                            @Autowired MimProperties props) {
        Object shipped = ReflectionTestUtils.getField(planner, "sql");
        ReflectionTestUtils.setField(planner, "sql", new SqlResources(props) {
            @Override
            public String query(String location) { // a site edited desired-modules.sql and not course-groups.sql
                return location.equals("cmis/desired-modules.sql")
                        ? super.query(location).replace("WHERE m.group_import = 'ADD'", "WHERE o.mod_code <> 'ECON0001' AND m.group_import = 'ADD'")
                        : super.query(location);
            }
        });
        try {
            FeedRun r = run();

            assertThat(r.status()).isEqualTo(RunStatus.FAILED);
            assertThat(r.message()).contains("cmis/course-groups.sql names ECON0001 2025 in course 10, which cmis/desired-modules.sql"
                    + " does not");
            assertThat(MOODLE.writeCalls()).isEmpty();
        } finally {
            ReflectionTestUtils.setField(planner, "sql", shipped);
        }
    }

    @Test
    void aGroupsQueryThatLostItsOrderFailsTheRunBeforeAnyCall(@Autowired CmisPlanner planner, @Autowired MimProperties props) {
        f.course(5, "EARLIER").course(20, "LATER");
        MOODLE.handMade(5, "Old", "cmis:2024:HIST0001:LEC");
        MOODLE.handMade(20, "Old", "cmis:2024:HIST0002:LEC");
        MOODLE.replicate(jdbc);
        Object shipped = ReflectionTestUtils.getField(planner, "sql");
        ReflectionTestUtils.setField(planner, "sql", new SqlResources(props) {
            @Override
            public String query(String location) {
                return location.equals("cmis/moodle-courses.sql")
                        ? super.query(location).replace("ORDER BY courseid", "ORDER BY courseid DESC") : super.query(location);
            }
        });
        try {
            FeedRun r = run();

            assertThat(r.status()).isEqualTo(RunStatus.FAILED);
            assertThat(r.message()).contains("it must be ordered by course");
            assertThat(MOODLE.writeCalls()).isEmpty();
            // the failed run still leaves its report: nothing planned, why it failed
            assertThat(jdbc.queryForObject("SELECT plan_json FROM mim_run_plan WHERE run_id = ?", String.class, r.runId()))
                    .contains("\"status\" : \"FAILED\"", "it must be ordered by course",
                            "\"planned\" : \"nothing: the run failed before its plan was complete\"");
        } finally {
            ReflectionTestUtils.setField(planner, "sql", shipped);
        }
    }

    @Test
    void aFrozenCourseGetsNoCallAtAll() {
        runAndReplicate();
        f.frozen(10);
        cmisGroup("LAWS0024", "T02", "Tutorial 2");
        MOODLE.calls.clear();

        FeedRun r = run();

        assertThat(r.status()).isEqualTo(RunStatus.OK);
        assertThat(MOODLE.calls).isEmpty();
        assertThat(r.message()).contains("no call made");
    }

    @Test
    void removedMappingsLeaveGroupsInPlaceUnlessDeletionIsOnAndThenUnderTheGuard() {
        cmisGroup("LAWS0024", "T02", "Tutorial 2");
        cmisGroup("LAWS0024", "T03", "Tutorial 3");
        runAndReplicate();
        jdbc.update("UPDATE sits_moduleoccurence_mapping SET group_import = 'RMV' WHERE mod_occ_bdo_id = '9003'");

        FeedRun keep = runAndReplicate();
        assertThat(keep.message()).contains("1 unmanaged groups");
        assertThat(MOODLE.groups.values()).extracting(FakeMoodle.Group::idnumber).contains("cmis:2025:ECON0001:LEC");

        cmis.setDeleteUnmanagedGroups(true);
        FeedRun delete = runAndReplicate();
        assertThat(delete.status()).as(delete.message()).isEqualTo(RunStatus.OK);
        assertThat(MOODLE.groups.values()).extracting(FakeMoodle.Group::idnumber).doesNotContain("cmis:2025:ECON0001:LEC");

        // (1 of 5 owned groups deleted: 80% retained.) Every mapping gone: deleting all is a shrink the guard stops
        jdbc.update("UPDATE sits_moduleoccurence_mapping SET group_import = 'RMV'");
        MOODLE.calls.clear();
        FeedRun wipe = runAndReplicate();
        assertThat(wipe.status()).isEqualTo(RunStatus.BLOCKED);
        assertThat(MOODLE.writeCalls()).isEmpty();
        assertThat(MOODLE.groups).hasSize(4);
    }

    @Test
    void aDeleteOfAGroupThatIsAlreadyGoneIsDoneNotRefused() {
        cmisGroup("LAWS0024", "T02", "Tutorial 2");
        cmisGroup("LAWS0024", "T03", "Tutorial 3"); // five owned groups: deleting one keeps 80%
        runAndReplicate();
        jdbc.update("UPDATE sits_moduleoccurence_mapping SET group_import = 'RMV' WHERE mod_occ_bdo_id = '9003'");
        cmis.setDeleteUnmanagedGroups(true);
        // the group went in Moodle (an earlier delete that timed out but landed); the replica has not caught up
        MOODLE.groups.remove(groupId("cmis:2025:ECON0001:LEC"));

        FeedRun r = run();

        assertThat(r.status()).as(r.message()).isEqualTo(RunStatus.OK);
        assertThat(r.rowsRejected()).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM mim_moodle_failure", Integer.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM mim_cmis_member WHERE group_idnumber = 'cmis:2025:ECON0001:LEC'",
                Integer.class)).isZero();
    }

    @Test
    void departedMembersStayUnlessRemovalIsOnAndOnlyThoseTheFeedAdded() {
        runAndReplicate();
        long tutorial = groupId("cmis:2025:LAWS0024:T01");
        MOODLE.members.get(tutorial).add(504L); // added by staff by hand
        MOODLE.replicate(jdbc);
        jdbc.update("DELETE FROM cmis_v_moodle_group_students_dump WHERE stu_code IN ('020000000', '20000001')");

        runAndReplicate();
        assertThat(MOODLE.members.get(tutorial)).contains(500L, 501L, 504L);

        cmis.setRemoveDepartedMembers(true);
        FeedRun r = runAndReplicate();
        assertThat(r.status()).as(r.message()).isEqualTo(RunStatus.OK);
        assertThat(MOODLE.members.get(tutorial)).containsExactlyInAnyOrder(502L, 504L, 900L);
    }

    @Test
    void aStudentWhoseCmisRowACopyRejectedIsNeverRemovedFromTheirGroup(@Autowired uk.ac.mim.staging.Journal journal) {
        runAndReplicate();
        long tutorial = groupId("cmis:2025:LAWS0024:T01");
        cmis.setRemoveDepartedMembers(true);
        // tonight's copy of the group members rejected 20000001's row; 20000000 really left the group
        String copy = journal.start("cmis-copy-group-students", false, null, "test");
        journal.reject(copy, "cmis-copy-group-students", "stu_code=2000\u00000001", "column stu_code contains a NUL character",
                "ayr_code=2025, mod_code=LAWS0024, group_code=T01", "20000001");
        journal.finish(copy, RunStatus.OK, uk.ac.mim.staging.RunCounts.of(7, 6, 1, "copied 6 of 7 rows"));
        jdbc.update("DELETE FROM cmis_v_moodle_group_students_dump WHERE stu_code IN ('020000000', '20000001')");

        FeedRun r = runAndReplicate();

        assertThat(r.status()).as(r.message()).isEqualTo(RunStatus.OK);
        assertThat(MOODLE.members.get(tutorial)).containsExactlyInAnyOrder(501L, 502L, 900L);
        assertThat(jdbc.queryForObject("SELECT plan_json FROM mim_run_plan WHERE run_id = ?", String.class, r.runId()))
                .contains("LAWS0024-2025 / cmis:2025:LAWS0024:T01: user 501 20000001: held, kept in the group (a copy rejected"
                        + " this student's row: cmis-copy-group-students: column stu_code contains a NUL character)");
    }

    @Test
    void oneUnenrolledMemberInABatchOf200CostsOnlyThatMember() {
        for (int i = 0; i < 199; i++) {
            student(10, 3000 + i, String.format("3%07d", i));
            member("LAWS0024", "LEC", String.format("3%07d", i));
        }
        MOODLE.enrolled.get(10L).remove(3100L); // the replica still has the enrolment; Moodle no longer does
        moodle.setMemberBatchSize(200);

        FeedRun r = runAndReplicate();

        assertThat(r.status()).as(r.message()).isEqualTo(RunStatus.OK);
        assertThat(MOODLE.members.get(groupId("cmis:2025:LAWS0024:LEC"))).hasSize(3 + 198).doesNotContain(3100L);
        assertThat(jdbc.queryForList("SELECT user_id FROM mim_moodle_failure", Long.class)).containsExactly(3100L);
        assertThat(jdbc.queryForObject("SELECT errorcode FROM mim_moodle_failure", String.class)).isEqualTo("invalidparameter");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM mim_cmis_member WHERE user_id = 3100", Integer.class)).isZero();
        assertThat(r.message()).contains("1 refused");
        assertThat(r.rowsRejected()).as("only the item Moodle refused is rejected").isEqualTo(1);
    }

    @Test
    void manyRefusedItemsMakeTheRunFailedNotOk() {
        for (int i = 0; i < 20; i++) {
            student(10, 3000 + i, String.format("3%07d", i));
            member("LAWS0024", "LEC", String.format("3%07d", i));
            MOODLE.enrolled.get(10L).remove(3000L + i); // the replica still has them; Moodle no longer does
        }

        FeedRun r = runAndReplicate();

        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.message()).contains("Moodle refused 20 of", "more than mim.cmis.max-refused-percent (10%)");
        assertThat(r.rowsRejected()).isEqualTo(20);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM mim_run_plan WHERE run_id = ?", Integer.class, r.runId())).isEqualTo(1);
    }

    @Test
    void membersNotEnrolledYetAreWaitingNotRejected() {
        f.user(950, "late", "20000099");
        member("LAWS0024", "LEC", "20000099"); // has an account, not enrolled in the course yet

        FeedRun r = runAndReplicate();

        assertThat(r.status()).as(r.message()).isEqualTo(RunStatus.OK);
        // the late student waits for their enrolment; nothing is wrong, so nothing is rejected
        assertThat(r.rowsWaiting()).isEqualTo(1);
        assertThat(r.rowsRejected()).isZero();
        assertThat(jdbc.queryForObject("SELECT rows_waiting FROM mim_feed_run WHERE run_id = ?", Long.class, r.runId())).isEqualTo(1);
    }

    @Test
    void anInvalidTokenStopsTheRunAtOnceAndTheTokenIsNeverLogged(CapturedOutput output) {
        String token = moodle.getToken();
        moodle.setToken("another-token-which-is-wrong");
        try {
            FeedRun r = run();
            assertThat(r.status()).isEqualTo(RunStatus.FAILED);
            assertThat(r.message()).contains("invalidtoken");
            assertThat(MOODLE.calls).containsExactly("core_webservice_get_site_info");
        } finally {
            moodle.setToken(token);
        }
        runAndReplicate();
        assertThat(output.getAll()).doesNotContain(FakeMoodle.TOKEN, "another-token-which-is-wrong");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM mim_feed_run WHERE message LIKE ?", Integer.class, "%" + FakeMoodle.TOKEN + "%")).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM mim_run_plan WHERE plan_json LIKE ?", Integer.class, "%" + FakeMoodle.TOKEN + "%")).isZero();
    }

    @Test
    void http200ExceptionsAreNeverCountedAsSuccess() {
        MOODLE.enrolled.get(10L).clear(); // every add is refused, with HTTP 200

        FeedRun r = runAndReplicate();

        // groupings, groups, links done; 8 members refused: half the items, so the run is FAILED, not OK
        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.message()).contains("Moodle refused 8 of 16 items");
        assertThat(jdbc.queryForObject("SELECT plan_json FROM mim_run_plan WHERE run_id = ?", String.class, r.runId()))
                .contains("8 items done, 8 refused");
        assertThat(MOODLE.members.values().stream().mapToInt(Set::size).sum()).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM mim_cmis_member", Integer.class)).isZero();
    }

    @Test
    void aStudentWhoseAccountHasNoIdnumberIsFoundByTheirUsername() {
        f.student("20000099", "S599", "Ana", "Lim");
        f.user(599, "s599", ""); // the account exists, its idnumber is not set yet
        enrol(10, 599);
        member("LAWS0024", "T01", "20000099");
        member("LAWS0024", "T01", "20000098"); // no student record, no account: reported, not sent

        FeedRun r = runAndReplicate();

        assertThat(r.status()).as(r.message()).isEqualTo(RunStatus.OK);
        assertThat(MOODLE.members.get(groupId("cmis:2025:LAWS0024:T01"))).contains(599L);
        assertThat(r.message()).contains("1 members not enrolled");
    }

    @Test
    void maintenanceAndThrottlingAreWaitedOutThenTheRunGoesOn() {
        MOODLE.faults.add("503");
        MOODLE.faults.add("429");
        MOODLE.faults.add("503");

        FeedRun r = runAndReplicate();

        assertThat(r.status()).as(r.message()).isEqualTo(RunStatus.OK);
        assertThat(MOODLE.groups).hasSize(3);
    }

    @Test
    void aTimeoutStormEndsWithinTheBudgetFailedWithNothingHalfRecorded() {
        moodle.setTimeBudget(Duration.ofSeconds(4));
        MOODLE.alwaysFault = "slow";
        long start = System.nanoTime();

        FeedRun r = run();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.message()).contains("time budget");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM mim_cmis_member", Integer.class)).isZero();
    }

    @Test
    void aRefusedConnectionIsRetriedWithinTheBudgetThenTheRunFails() {
        String url = moodle.getUrl();
        moodle.setUrl("http://127.0.0.1:1");
        moodle.setTimeBudget(Duration.ofSeconds(3));
        try {
            FeedRun r = run();
            assertThat(r.status()).isEqualTo(RunStatus.FAILED);
            assertThat(r.message()).contains("connection refused", "time budget");
        } finally {
            moodle.setUrl(url);
        }
        assertThat(runAndReplicate().status()).as("the next healthy run converges").isEqualTo(RunStatus.OK);
        assertThat(MOODLE.groups).hasSize(3);
    }

    @Test
    void aReplicaLaggingBehindThePreviousRunsWritesAdoptsWhatExists() {
        run(); // Moodle now has the groups; the replica has not caught up
        long before = MOODLE.groups.size();

        FeedRun again = run();

        assertThat(again.status()).as(again.message()).isEqualTo(RunStatus.OK);
        assertThat(MOODLE.groups).hasSize((int) before); // idnumbertaken: adopted, not duplicated
        assertThat(MOODLE.calls).contains("core_group_get_course_groups", "core_group_get_course_groupings");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM mim_moodle_failure", Integer.class)).isZero();
        MOODLE.replicate(jdbc);
        MOODLE.calls.clear();
        assertThat(run().message()).contains("nothing to change");
    }

    @Test
    void theEnvironmentGuardRefusesADifferentSite() {
        MOODLE.siteUrl = "https://moodle-staging.example.ac.uk";

        FeedRun r = run();

        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.message()).contains("answers for site https://moodle-staging.example.ac.uk but this environment names https://moodle.example.ac.uk/");
        assertThat(MOODLE.writeCalls()).isEmpty();
        // its report: what was planned, what was done before the failure (one read call, no write), and why
        String report = jdbc.queryForObject("SELECT plan_json FROM mim_run_plan WHERE run_id = ?", String.class, r.runId());
        assertThat(report).contains("\"status\" : \"FAILED\"", "wrongsite", "\"doneBeforeFailure\"", "\"calls\" : 1",
                "\"courses\" : [ {");
    }

    @Test
    void aDryRunMakesNoCallAndReportsThePlan() {
        FeedRun r = runner.run(CmisGroupsFeed.FEED_ID, true, null, "test");

        assertThat(r.status()).isEqualTo(RunStatus.OK);
        assertThat(MOODLE.calls).isEmpty();
        assertThat(jdbc.queryForObject("SELECT plan_json FROM mim_run_plan WHERE run_id = ?", String.class, r.runId()))
                .contains("\"idnumber\" : \"cmis:2025:LAWS0024:T01\"", "\"name\" : \"Lecture (LAWS0024)\"",
                        "\"description\" : \"CMIS timetable group T01 of LAWS0024 2025\"")
                .doesNotContain("groupCode", "moduleCode");
    }

    private long groupId(String idnumber) {
        return MOODLE.groups.values().stream().filter(g -> g.idnumber().equals(idnumber)).findFirst().orElseThrow().id();
    }
}
