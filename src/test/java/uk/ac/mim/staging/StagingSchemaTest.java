package uk.ac.mim.staging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;

import uk.ac.mim.config.MimProperties;
import uk.ac.mim.testing.StagingDatabases;

/** The staging schema behaves the same on H2, PostgreSQL and MariaDB: the block's views, the journal, the refresh. */
class StagingSchemaTest {

    static List<StagingDatabases.Target> databases() {
        return StagingDatabases.targets();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theBlockViewsLabelEveryKindOfMapping(StagingDatabases.Target db) {
        try (HikariDataSource ds = db.fresh()) {
            JdbcTemplate jdbc = new JdbcTemplate(ds);
            jdbc.update("INSERT INTO ucl_bdo_v_moodle_module_inst_dump VALUES ('100001', 'LAWS0024', 'A6U', 'T1/2', '2025', 'Law & Society', 'LAWS')");
            jdbc.update("INSERT INTO ucl_bdo_v_moodle_department_dump VALUES ('LAWS', 'Laws', 'F01')");
            jdbc.update("INSERT INTO ucl_bdo_v_moodle_faculties_dump VALUES ('F01', 'Faculty of Laws')");
            new SqlResources(new MimProperties()).statements("staging/refresh-sits-moduleoccurence.sql").forEach(jdbc::update);
            jdbc.update("INSERT INTO sits_moduleoccurence_mapping (mod_occ_bdo_id, vle_idnumber, vle_courseid, group_import) VALUES ('100001', 'LAWS0024-2025', 12, 'ADD')");
            jdbc.update("INSERT INTO sits_departments_mapping (dpt_code, vle_idnumber, vle_courseid) VALUES ('LAWS', 'LAWS-ALL', 13)");
            jdbc.update("INSERT INTO sits_programmes_mapping (prg_code, course_year, vle_idnumber, vle_courseid) VALUES ('UGLAW1', '2', 'P', 14)");
            jdbc.update("INSERT INTO sits_routes_mapping (rou_code, vle_idnumber, vle_courseid, mapping_action) VALUES ('R1', 'R', 15, 'RMV')");
            jdbc.update("INSERT INTO sits_faculties_mapping (fac_code, ugpg, vle_idnumber, vle_courseid) VALUES ('F01', 'U', 'F', 16)");
            jdbc.update("INSERT INTO sits_mapping_statuses (vle_courseid, vle_idnumber, mapping_active) VALUES (12, 'LAWS0024-2025', 'N')");

            var rows = jdbc.queryForList("SELECT mapping_type, label, reg_status, mapping_action, group_import, mapping_active"
                    + " FROM sits_v_mappings ORDER BY vle_courseid");
            assertThat(rows).hasSize(5);
            assertThat(rows.get(0)).containsEntry("label", "LAWS0024 A6U T1/2 2025 - Law & Society")
                    .containsEntry("reg_status", "APP").containsEntry("group_import", "ADD").containsEntry("mapping_active", "N");
            assertThat(rows.get(2).get("label")).isEqualTo("UGLAW1 - (no longer in SITS) (year 2)");
            assertThat(rows.get(3)).containsEntry("mapping_action", "RMV").containsEntry("mapping_active", "Y");
            assertThat(rows.get(4).get("label")).isEqualTo("F01 - Faculty of Laws UG");
            assertThat(jdbc.queryForList("SELECT data_type FROM sits_v_sitsdata ORDER BY data_type", String.class))
                    .containsExactly("department", "faculty", "module");
            assertThat(jdbc.queryForObject("SELECT setting_value FROM mim_setting WHERE setting_key = 'threshold-percent'", String.class))
                    .isEqualTo("75");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theModuleOccurrenceRefreshWritesOnlyWhatChangedAndLeavesWhatAFullRebuildWould(StagingDatabases.Target db) {
        try (HikariDataSource ds = db.fresh()) {
            JdbcTemplate jdbc = new JdbcTemplate(ds);
            List<String> refresh = new SqlResources(new MimProperties()).statements("staging/refresh-sits-moduleoccurence.sql");
            String dump = "INSERT INTO ucl_bdo_v_moodle_module_inst_dump VALUES (?, ?, ?, ?, ?, ?, ?)";
            jdbc.update(dump, "1", "LAWS0024", "A6U", "T1/2", "2025", "Law & Society", "LAWS");
            jdbc.update(dump, "2", "LAWS0025", "A6U", "T1", "2025", null, "LAWS");
            jdbc.update(dump, "3", "HIST0001", "A7P", "T2", "2025", "History", "HIST");
            jdbc.update(dump, "4", "HIST0002", "A7P", "T2", "2025", "Gone", "HIST");
            jdbc.update(dump, "5", "HIST0003", "A7P", "T2", "2025", "Twice", "HIST");
            jdbc.update(dump, "5", "HIST0003", "A7P", "T2", "2025", "Twice", "HIST"); // the view sent it twice
            assertThat(counts(jdbc, refresh)).containsExactly(0, 5);

            jdbc.update("UPDATE ucl_bdo_v_moodle_module_inst_dump SET mod_name = 'Law and Society' WHERE mod_occ_id = '1'");
            jdbc.update("UPDATE ucl_bdo_v_moodle_module_inst_dump SET mod_name = 'Named at last' WHERE mod_occ_id = '2'");
            jdbc.update("DELETE FROM ucl_bdo_v_moodle_module_inst_dump WHERE mod_occ_id = '4'");
            jdbc.update(dump, "6", "ECON0001", "A5U", "T1", "2025", "New", "ECON");
            jdbc.update("UPDATE sits_moduleoccurence SET mod_inst_bdo_id = 'by hand' WHERE mod_occ_bdo_id = '3'");
            // 1 and 2 changed (2 from no name), 3 edited by hand, 4 gone: deleted; 1, 2, 3 and the new 6 inserted
            assertThat(counts(jdbc, refresh)).containsExactly(4, 4);
            assertThat(counts(jdbc, refresh)).containsExactly(0, 0);

            var rows = jdbc.queryForList("SELECT mod_occ_bdo_id, mod_inst_bdo_id, mod_code, mod_occ_psl_code, mod_occ_mav,"
                    + " mod_occ_year_code, mod_occ_name FROM sits_moduleoccurence ORDER BY mod_occ_bdo_id");
            assertThat(rows).extracting(r -> r.get("mod_occ_bdo_id") + ":" + r.get("mod_occ_name") + ":" + r.get("mod_inst_bdo_id"))
                    .containsExactly("1:Law and Society:null", "2:Named at last:null", "3:History:null", "5:Twice:null", "6:New:null");
            assertThat(rows.get(0)).containsEntry("mod_code", "LAWS0024").containsEntry("mod_occ_psl_code", "T1/2")
                    .containsEntry("mod_occ_mav", "A6U").containsEntry("mod_occ_year_code", "2025");
        }
    }

    private static List<Integer> counts(JdbcTemplate jdbc, List<String> statements) {
        return statements.stream().map(jdbc::update).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theGroupsFeedReadsEachCourseInCourseOrder(StagingDatabases.Target db) {
        try (HikariDataSource ds = db.fresh()) {
            JdbcTemplate jdbc = new JdbcTemplate(ds);
            SqlResources sql = new SqlResources(new MimProperties());
            jdbc.update("INSERT INTO moodle_groups_dump VALUES (7, 20, 'cmis:2025:LAWS0024:LEC', 'Lecture')");
            jdbc.update("INSERT INTO moodle_groups_dump VALUES (8, 10, 'mine', 'Empty')");
            jdbc.update("INSERT INTO moodle_groups_members_dump VALUES (7, 501, ''), (7, 502, '')");
            jdbc.update("INSERT INTO mim_cmis_member VALUES (20, 'cmis:2025:LAWS0024:LEC', 502, CURRENT_TIMESTAMP)");
            jdbc.update("INSERT INTO moodle_enrol_dump VALUES (1, 'manual', 15, 0, 5), (2, 'manual', 30, 1, 5)");
            jdbc.update("INSERT INTO moodle_user_enrolments_dump VALUES (1, 1, 501, 0), (2, 2, 502, 0)");
            var moodle = jdbc.queryForList(sql.query("cmis/moodle-courses.sql"));
            assertThat(moodle).extracting(r -> ((Number) r.get("courseid")).longValue()).containsExactly(10L, 15L, 20L, 20L);
            assertThat(moodle.get(0)).containsEntry("kind", "G").containsEntry("userid", null);
            assertThat(moodle.get(1)).containsEntry("kind", "E");
            assertThat(moodle.subList(2, 4)).extracting(r -> ((Number) r.get("userid")).longValue() + ":" + ((Number) r.get("added")).intValue())
                    .containsExactlyInAnyOrder("501:0", "502:1");

            jdbc.update("INSERT INTO sits_moduleoccurence (mod_occ_bdo_id, mod_code, mod_occ_year_code) VALUES ('1', 'LAWS0024', '2025'),"
                    + " ('2', 'ECON0001', '2025')");
            jdbc.update("INSERT INTO sits_moduleoccurence_mapping (mod_occ_bdo_id, vle_courseid, group_import) VALUES ('1', 20, 'ADD'),"
                    + " ('2', 10, 'ADD'), ('1', 10, 'NA')");
            jdbc.update("INSERT INTO cmis_v_moodle_group_students_dump VALUES ('2025', 'LAWS0024', 'LEC', '123'), ('2025', 'ECON0001', 'T1', '456')");
            jdbc.update("INSERT INTO cmis_v_moodle_group_tutors_dump VALUES ('2025', 'LAWS0024', 'LEC', 'ABCDE12')");
            jdbc.update("INSERT INTO cmis_v_moodle_groups_dump VALUES ('2025', 'LAWS0024', 'LEC', 'Lecture'), ('2025', 'HIST0001', 'LEC', 'Lecture')");
            List<String> rows = jdbc.queryForList(sql.query("cmis/course-groups.sql")).stream()
                    .map(r -> ((Number) r.get("vle_courseid")).longValue() + " " + r.get("mod_code") + " " + r.get("kind") + " " + r.get("who"))
                    .toList();
            jdbc.update("INSERT INTO cmis_v_moodle_group_students_dump VALUES ('2025', 'LAWS0024', 'T01', '123')"); // in two groups
            assertThat(jdbc.queryForList(sql.query("cmis/group-people.sql")).stream().map(r -> r.get("kind") + " " + r.get("who")))
                    .containsExactlyInAnyOrder("student 123", "student 456", "tutor ABCDE12");
            assertThat(rows).first().isEqualTo("10 ECON0001 student 456");
            assertThat(rows).containsExactlyInAnyOrder("10 ECON0001 student 456", "20 LAWS0024 group Lecture", "20 LAWS0024 student 123",
                    "20 LAWS0024 tutor ABCDE12");

            // a second occurrence of the module mapped to the same course: its rows come twice (no DISTINCT, for the
            // planner's estimates); the groups feed keeps one of each (CmisGroupsTest's course maps LAWS0024 twice)
            jdbc.update("INSERT INTO sits_moduleoccurence (mod_occ_bdo_id, mod_code, mod_occ_year_code) VALUES ('3', 'LAWS0024', '2025')");
            jdbc.update("INSERT INTO sits_moduleoccurence_mapping (mod_occ_bdo_id, vle_courseid, group_import) VALUES ('3', 20, 'ADD')");
            assertThat(jdbc.queryForList(sql.query("cmis/course-groups.sql")).stream()
                    .filter(r -> ((Number) r.get("vle_courseid")).longValue() == 20 && "group".equals(r.get("kind")))
                    .map(r -> r.get("mod_code") + " " + r.get("who"))).containsExactly("LAWS0024 Lecture", "LAWS0024 Lecture");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theJournalKeepsAnyTextItIsGiven(StagingDatabases.Target db) {
        try (HikariDataSource ds = db.fresh()) {
            Journal journal = new Journal(new JdbcTemplate(ds));
            String run = journal.start("sits-copy-student", true, "cycle-1", "test");
            journal.reject(run, "sits-copy-student", "stu_code=1", "bad \u0000 byte and \uD800 lone half", "x".repeat(5000));
            journal.finish(run, RunStatus.OK, RunCounts.of(3, 2, 1, "Zoë 🎓 " + "m".repeat(5000)));

            FeedRun r = journal.run(run).orElseThrow();
            assertThat(r.status()).isEqualTo(RunStatus.OK);
            assertThat(r.dryRun()).isTrue();
            assertThat(r.message()).startsWith("Zoë 🎓 ").hasSize(4000);
            assertThat(journal.rejectedReasons(run)).containsExactly("bad \\u0000 byte and \\ud800 lone half");
            assertThat(journal.lastOk("sits-copy-student")).isEmpty(); // dry runs are not inputs
        }
    }

    @Test
    void sourceConnectionsAreReadOnlyOnPostgres() throws Exception {
        assumeTrue(StagingDatabases.listed().contains("postgres"), "PostgreSQL not listed in MIM_IT_DATABASES");
        StagingDatabases.Target pg = StagingDatabases.postgres();
        MimProperties props = new MimProperties();
        MimProperties.DataSourceSettings s = new MimProperties.DataSourceSettings();
        s.setUrl(pg.url());
        s.setUsername(pg.user());
        props.getDatasource().put("sits", s);
        try (HikariDataSource sits = uk.ac.mim.config.DataSourcesTestAccess.build("sits", props, true);
             Connection c = sits.getConnection()) {
            c.setAutoCommit(false);
            assertThatThrownBy(() -> c.createStatement().execute("CREATE TABLE must_not_exist (x INT)"))
                    .hasMessageContaining("read-only");
        }
    }
}
