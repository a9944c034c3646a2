package uk.ac.mim.testing;

import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Builds small, exact scenarios directly in the staging tables (copies and replica snapshot), so a
 * publisher's test states its whole world in a few lines.
 */
public class SitsFixture {

    private static final List<String> TABLES = List.of("ucl_bdo_v_moodle_faculties_dump", "ucl_bdo_v_moodle_department_dump",
            "ucl_bdo_v_moodle_programme_dump", "ucl_bdo_v_moodle_route_dump", "ucl_bdo_v_moodle_module_inst_dump",
            "ucl_bdo_v_moodle_module_struc_dump", "ucl_bdo_v_moodle_student_dump", "ucl_bdo_v_moodle_student_enrl_dump",
            "ucl_bdo_v_moodle_assignment_dump", "cmis_v_moodle_groups_dump", "cmis_v_moodle_group_students_dump",
            "cmis_v_moodle_group_tutors_dump", "moodle_course_dump", "moodle_course_categories_dump", "moodle_user_dump",
            "moodle_user_info_field_dump", "moodle_user_info_data_dump", "moodle_enrol_dump", "moodle_user_enrolments_dump",
            "moodle_groups_dump", "moodle_groups_members_dump", "moodle_groupings_dump", "moodle_groupings_groups_dump",
            "sits_moduleoccurence", "sits_moduleoccurence_mapping", "sits_departments_mapping", "sits_programmes_mapping",
            "sits_routes_mapping", "sits_faculties_mapping", "sits_mapping_statuses", "mim_override", "mim_feed_run",
            "mim_rejected_row", "mim_run_plan");

    public final JdbcTemplate jdbc;
    private long nextUserEnrolment = 1;

    public SitsFixture(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    private static final List<String> COPIES = List.of("faculties", "department", "programme", "route", "module-inst",
            "module-struc", "student", "student-enrl", "assignment").stream().map(v -> "sits-copy-" + v).toList();
    private static final List<String> OTHER_COPIES = List.of("cmis-copy-groups", "cmis-copy-group-students",
            "cmis-copy-group-tutors", "moodle-snapshot-course", "moodle-snapshot-course-categories", "moodle-snapshot-user",
            "moodle-snapshot-user-info-field", "moodle-snapshot-user-info-data", "moodle-snapshot-enrol",
            "moodle-snapshot-user-enrolments", "moodle-snapshot-groups", "moodle-snapshot-groups-members",
            "moodle-snapshot-groupings", "moodle-snapshot-groupings-groups");

    /** Empty staging tables, and a journal that says every copy just finished OK (the fixture is the copy). */
    public SitsFixture reset() {
        TABLES.forEach(t -> jdbc.update("DELETE FROM " + t));
        jdbc.update("INSERT INTO moodle_course_categories_dump VALUES (2, 'Faculty of Laws', 'F01', 0)");
        java.sql.Timestamp now = java.sql.Timestamp.from(java.time.Instant.now());
        for (String copy : java.util.stream.Stream.concat(COPIES.stream(), OTHER_COPIES.stream()).toList()) {
            jdbc.update("INSERT INTO mim_feed_run (run_id, feed_id, started_at, finished_at, status, dry_run)"
                    + " VALUES (?, ?, ?, ?, 'OK', 'N')", java.util.UUID.randomUUID().toString(), copy, now, now);
        }
        return this;
    }

    public SitsFixture student(String code, String username, String first, String last) {
        return student(code, username, first, last, "E", "O");
    }

    public SitsFixture student(String code, String username, String first, String last, String enrolment, String join) {
        jdbc.update("INSERT INTO ucl_bdo_v_moodle_student_dump (stu_code, username, upi, first_name, surname, email, dpt_code,"
                + " enrolment_status, course_join_status, tutor_upi) VALUES (?, ?, ?, ?, ?, ?, 'LAWS', ?, ?, NULL)",
                code, username, "U" + code, first, last, username == null ? null : username.toLowerCase() + "@example.ac.uk",
                enrolment, join);
        return this;
    }

    /** A module occurrence, both as copied from SITS and as the block lists it. */
    public SitsFixture occurrence(String occId, String mod, String mav, String psl, String ayr, String dpt) {
        jdbc.update("INSERT INTO ucl_bdo_v_moodle_module_inst_dump VALUES (?, ?, ?, ?, ?, ?, ?)", occId, mod, mav, psl, ayr,
                mod + " name", dpt);
        jdbc.update("INSERT INTO sits_moduleoccurence (mod_occ_bdo_id, mod_code, mod_occ_psl_code, mod_occ_mav,"
                + " mod_occ_year_code, mod_occ_name) VALUES (?, ?, ?, ?, ?, ?)", occId, mod, psl, mav, ayr, mod + " name");
        return this;
    }

    public SitsFixture registration(String code, String occId, String reg) {
        jdbc.update("INSERT INTO ucl_bdo_v_moodle_student_enrl_dump SELECT ?, mod_occ_id, mod_code, mav_occur, psl_code,"
                + " ayr_code, ? FROM ucl_bdo_v_moodle_module_inst_dump WHERE mod_occ_id = ?", code, reg, occId);
        return this;
    }

    public SitsFixture placement(String code, String fac, String dpt, String prg, String rou, String ugpg, String year, String ayr) {
        jdbc.update("INSERT INTO ucl_bdo_v_moodle_assignment_dump VALUES (?, ?, ?, ?, ?, ?, ?, ?)", code, fac, dpt, prg, rou,
                ugpg, year, ayr);
        return this;
    }

    /** A Moodle course with an IMS enrol instance whose id is 1000 + the course id. */
    public SitsFixture course(long id, String idnumber) {
        jdbc.update("INSERT INTO moodle_course_dump VALUES (?, 2, ?, ?, ?, 1)", id, "SHORT" + id, "Course " + idnumber, idnumber);
        jdbc.update("INSERT INTO moodle_enrol_dump VALUES (?, 'imsenterprise', ?, 0, 5)", 1000 + id, id);
        jdbc.update("INSERT INTO moodle_enrol_dump VALUES (?, 'manual', ?, 0, 5)", 2000 + id, id);
        return this;
    }

    public SitsFixture user(long id, String username, String idnumber) {
        jdbc.update("INSERT INTO moodle_user_dump VALUES (?, ?, ?, 'First', 'Last', ?, 0, 0)", id, username, idnumber,
                username + "@example.ac.uk");
        return this;
    }

    /** An enrolment by the IMS plugin: status 0 active, 1 suspended. */
    public SitsFixture imsEnrolment(long courseId, long userId, int status) {
        jdbc.update("INSERT INTO moodle_user_enrolments_dump VALUES (?, ?, ?, ?)", nextUserEnrolment++, 1000 + courseId, userId, status);
        return this;
    }

    public SitsFixture moduleMapping(String occId, long courseId, String idnumber, String regStatus, String action) {
        jdbc.update("INSERT INTO sits_moduleoccurence_mapping (mod_occ_bdo_id, reg_status, vle_idnumber, vle_courseid,"
                + " mapping_action, group_import) VALUES (?, ?, ?, ?, ?, 'NA')", occId, regStatus, idnumber, courseId, action);
        return this;
    }

    public SitsFixture departmentMapping(String dpt, long courseId, String idnumber, String regStatus) {
        jdbc.update("INSERT INTO sits_departments_mapping (dpt_code, reg_status, vle_idnumber, vle_courseid, mapping_action)"
                + " VALUES (?, ?, ?, ?, 'ADD')", dpt, regStatus, idnumber, courseId);
        return this;
    }

    public SitsFixture programmeMapping(String prg, String year, long courseId, String idnumber) {
        jdbc.update("INSERT INTO sits_programmes_mapping (prg_code, course_year, vle_idnumber, vle_courseid, mapping_action)"
                + " VALUES (?, ?, ?, ?, 'ADD')", prg, year, idnumber, courseId);
        return this;
    }

    public SitsFixture routeMapping(String rou, String year, long courseId, String idnumber) {
        jdbc.update("INSERT INTO sits_routes_mapping (rou_code, course_year, vle_idnumber, vle_courseid, mapping_action)"
                + " VALUES (?, ?, ?, ?, 'ADD')", rou, year, idnumber, courseId);
        return this;
    }

    public SitsFixture facultyMapping(String fac, String year, String ugpg, long courseId, String idnumber) {
        jdbc.update("INSERT INTO sits_faculties_mapping (fac_code, course_year, ugpg, vle_idnumber, vle_courseid, mapping_action)"
                + " VALUES (?, ?, ?, ?, ?, 'ADD')", fac, year, ugpg, idnumber, courseId);
        return this;
    }

    public SitsFixture frozen(long courseId) {
        jdbc.update("INSERT INTO sits_mapping_statuses (vle_courseid, vle_idnumber, mapping_active) VALUES (?, 'x', 'N')", courseId);
        return this;
    }
}
