package uk.ac.mim.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;

/**
 * A seeded generator of the SITS and CMIS source views and the Moodle replica at a scale factor and a shape:
 * ×1 = 50k students, 60k module occurrences, 3k mapped courses (2 occurrences each), 40k CMIS groups, 2,000
 * staff; the shape sets the rest (registrations per student, Moodle accounts per student, the share of accounts
 * with a UPI, the share of students with a personal tutor, CMIS group sizes, the share of student accounts
 * without an idnumber). Portable DDL (H2 and PostgreSQL). The block's mappings go to the staging database.
 */
public final class BenchData {

    /**
     * The shape of a university. {@code bench}: the generator's first shape (8 registrations and 3 accounts a student,
     * UPIs on the 2,000 staff accounts only, every student with a tutor, 6 students a group, a quarter of student
     * accounts without an idnumber). {@code other}: differs in each (see docs/performance.md).
     */
    public record Shape(String name, int registrationsPerStudent, double accountsPerStudent, double upiShare, double tutorShare,
                        int membersPerGroup, double noIdnumberShare) {
        public static final Shape BENCH = new Shape("bench", 8, 3.0, 2_000 / 150_000.0, 1.0, 6, 0.25);
        public static final Shape OTHER = new Shape("other", 12, 4.0, 0.74, 0.85, 30, 0.10);

        public static Shape named(String name) {
            return switch (name) {
                case "bench" -> BENCH;
                case "other" -> OTHER;
                default -> throw new IllegalArgumentException("bench.shape is bench or other, not " + name);
            };
        }
    }

    public record Size(int students, int registrations, int occurrences, int courses, int groups, int groupMembers, int users,
                       Shape shape) {
        public static Size of(double scale) {
            return of(scale, Shape.BENCH);
        }

        public static Size of(double scale, Shape shape) {
            int students = (int) (50_000 * scale);
            int groups = (int) (40_000 * scale);
            return new Size(students, students * shape.registrationsPerStudent(), (int) (60_000 * scale), Math.max(1, (int) (3_000 * scale)),
                    groups, groups * shape.membersPerGroup(), Math.max(students + 2_000, (int) (students * shape.accountsPerStudent())), shape);
        }

        /** Whether the i-th student has a personal tutor (spread evenly, not the first ones). */
        boolean hasTutor(int i) {
            return (i * 37L % 100) < Math.round(shape.tutorShare() * 100);
        }

        /** UPI rows in Moodle: every staff account, then student and other accounts up to the shape's share. */
        int upiRows() {
            return Math.max(2_000, (int) (users * shape.upiShare()));
        }
    }

    private BenchData() {
    }

    public static void sources(Connection c, Size size, long seed) throws SQLException {
        Random r = new Random(seed);
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            for (String t : new String[] {"sismgr.ucl_bdo_v_moodle_faculties", "sismgr.ucl_bdo_v_moodle_department",
                    "sismgr.ucl_bdo_v_moodle_programme", "sismgr.ucl_bdo_v_moodle_route", "sismgr.ucl_bdo_v_moodle_module_inst",
                    "sismgr.ucl_bdo_v_moodle_module_struc", "sismgr.ucl_bdo_v_moodle_student", "sismgr.ucl_bdo_v_moodle_student_enrl",
                    "sismgr.ucl_bdo_v_moodle_assignment", "cmis_v_moodle_groups", "cmis_v_moodle_group_students",
                    "cmis_v_moodle_group_tutors", "mdl_course", "mdl_course_categories", "mdl_user", "mdl_user_info_field",
                    "mdl_user_info_data", "mdl_enrol", "mdl_user_enrolments", "mdl_groups", "mdl_groups_members", "mdl_groupings",
                    "mdl_groupings_groups"}) {
                s.execute("DROP TABLE IF EXISTS " + t);
            }
            s.execute("CREATE SCHEMA IF NOT EXISTS sismgr");
            for (String ddl : DDL) {
                s.execute(ddl);
            }
        }
        int depts = Math.max(3, size.occurrences() / 600);
        batch(c, "INSERT INTO sismgr.ucl_bdo_v_moodle_faculties VALUES (?, ?)", 10, (ps, i) -> {
            ps.setString(1, "F" + i);
            ps.setString(2, "Faculty " + i + " & Sciences");
        });
        batch(c, "INSERT INTO sismgr.ucl_bdo_v_moodle_department VALUES (?, ?, ?)", depts, (ps, i) -> {
            ps.setString(1, "D" + i);
            ps.setString(2, "Department " + i);
            ps.setString(3, "F" + (i % 10));
        });
        batch(c, "INSERT INTO sismgr.ucl_bdo_v_moodle_programme VALUES (?, ?, ?)", depts * 4, (ps, i) -> {
            ps.setString(1, "P" + i);
            ps.setString(2, "Programme " + i);
            ps.setString(3, "D" + (i % depts));
        });
        batch(c, "INSERT INTO sismgr.ucl_bdo_v_moodle_route VALUES (?, ?, ?, ?)", depts * 8, (ps, i) -> {
            ps.setString(1, "R" + i);
            ps.setString(2, "Route " + i);
            ps.setString(3, "P" + (i % (depts * 4)));
            ps.setString(4, "D" + (i % depts));
        });
        batch(c, "INSERT INTO sismgr.ucl_bdo_v_moodle_module_inst VALUES (?, ?, ?, ?, ?, ?, ?)", size.occurrences(), (ps, i) -> {
            ps.setString(1, String.valueOf(1_000_000 + i));
            ps.setString(2, module(i));
            ps.setString(3, i % 2 == 0 ? "A6U" : "A7P");
            ps.setString(4, "T" + (1 + i % 3));
            ps.setString(5, "2025");
            ps.setString(6, "Module " + i + " O'Brien & Co");
            ps.setString(7, "D" + (i % depts));
        });
        batch(c, "INSERT INTO sismgr.ucl_bdo_v_moodle_module_struc VALUES (?, ?, ?, ?, ?, ?)", size.occurrences() / 2, (ps, i) -> {
            ps.setString(1, "P" + (i % (depts * 4)));
            ps.setString(2, null);
            ps.setString(3, module(i));
            ps.setString(4, "2025");
            ps.setString(5, String.valueOf(1 + i % 3));
            ps.setString(6, "Y");
        });
        batch(c, "INSERT INTO sismgr.ucl_bdo_v_moodle_student VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", size.students(), (ps, i) -> {
            ps.setString(1, code(i));
            ps.setString(2, "st" + i);
            ps.setString(3, "UPI" + i);
            ps.setString(4, i % 97 == 0 ? "Zoë" : "First" + i);
            ps.setString(5, i % 89 == 0 ? "O'Brien & Søn" : "Surname" + i);
            ps.setString(6, "st" + i + "@example.ac.uk");
            ps.setString(7, "D" + (i % depts));
            ps.setString(8, i % 50 == 0 ? "W" : "E");
            ps.setString(9, "O");
            ps.setString(10, size.hasTutor(i) ? "STAFF" + (i % 2000) : null);
        });
        Random reg = new Random(seed + 1);
        batch(c, "INSERT INTO sismgr.ucl_bdo_v_moodle_student_enrl VALUES (?, ?, ?, ?, ?, ?, ?)", size.registrations(), (ps, i) -> {
            int o = occurrenceOf(reg, size);
            ps.setString(1, code(i % size.students()));
            ps.setString(2, String.valueOf(1_000_000 + o));
            ps.setString(3, module(o));
            ps.setString(4, o % 2 == 0 ? "A6U" : "A7P");
            ps.setString(5, "T" + (1 + o % 3));
            ps.setString(6, "2025");
            ps.setString(7, i % 10 == 0 ? "APP" : i % 23 == 0 ? "NEW" : "CON");
        });
        batch(c, "INSERT INTO sismgr.ucl_bdo_v_moodle_assignment VALUES (?, ?, ?, ?, ?, ?, ?, ?)", size.students(), (ps, i) -> {
            ps.setString(1, code(i));
            ps.setString(2, "F" + (i % 10));
            ps.setString(3, "D" + (i % depts));
            ps.setString(4, "P" + (i % (depts * 4)));
            ps.setString(5, "R" + (i % (depts * 8)));
            ps.setString(6, i % 4 == 0 ? "P" : "U");
            ps.setString(7, String.valueOf(1 + i % 3));
            ps.setString(8, "2025");
        });
        // CMIS: groups on the modules of mapped occurrences first, then others
        batch(c, "INSERT INTO cmis_v_moodle_groups VALUES (?, ?, ?, ?)", size.groups(), (ps, i) -> {
            ps.setString(1, "2025");
            ps.setString(2, module(groupModule(i, size)));
            ps.setString(3, groupCode(i, size));
            ps.setString(4, i % 2 == 0 ? "Tutorial " + i : "Lab & \"" + i + "\"");
        });
        Random mem = new Random(seed + 2);
        batch(c, "INSERT INTO cmis_v_moodle_group_students VALUES (?, ?, ?, ?)", size.groupMembers(), (ps, i) -> {
            int g = mem.nextInt(Math.max(1, size.groups()));
            ps.setString(1, "2025");
            ps.setString(2, module(groupModule(g, size)));
            ps.setString(3, groupCode(g, size));
            ps.setString(4, (i % 5 == 0 ? "0" : "") + code(mem.nextInt(size.students())));
        });
        batch(c, "INSERT INTO cmis_v_moodle_group_tutors VALUES (?, ?, ?, ?)", size.groups(), (ps, i) -> {
            ps.setString(1, "2025");
            ps.setString(2, module(groupModule(i, size)));
            ps.setString(3, groupCode(i, size));
            ps.setString(4, "STAFF" + (i % 2000));
        });
        // Moodle replica: categories, courses (ids 10..), users (students with idnumbers, then staff and others)
        batch(c, "INSERT INTO mdl_course_categories VALUES (?, ?, ?, ?)", 10, (ps, i) -> {
            ps.setLong(1, i + 1);
            ps.setString(2, "Faculty " + i);
            ps.setString(3, "F" + i);
            ps.setLong(4, 0);
        });
        batch(c, "INSERT INTO mdl_course VALUES (?, ?, ?, ?, ?, ?)", size.courses(), (ps, i) -> {
            ps.setLong(1, 10 + i);
            ps.setLong(2, 1 + i % 10);
            ps.setString(3, "C" + i);
            ps.setString(4, "Course " + i);
            ps.setString(5, "COURSE-" + i);
            ps.setInt(6, 1);
        });
        batch(c, "INSERT INTO mdl_enrol VALUES (?, ?, ?, ?, ?)", size.courses() * 2, (ps, i) -> {
            ps.setLong(1, 100_000 + i);
            ps.setString(2, i % 2 == 0 ? "imsenterprise" : "manual");
            ps.setLong(3, 10 + i / 2);
            ps.setLong(4, 0);
            ps.setLong(5, 5);
        });
        batch(c, "INSERT INTO mdl_user VALUES (?, ?, ?, ?, ?, ?, ?, ?)", size.users(), (ps, i) -> {
            ps.setLong(1, 1_000 + i);
            boolean student = i < size.students();
            boolean staff = !student && i < size.students() + 2000;
            ps.setString(2, student ? "st" + i : staff ? "staff" + (i - size.students()) : "other" + i);
            ps.setString(3, student && (i * 37L % 100) >= Math.round(size.shape().noIdnumberShare() * 100) ? code(i) : "");
            ps.setString(4, "F");
            ps.setString(5, "L");
            ps.setString(6, "");
            ps.setInt(7, 0);
            ps.setInt(8, 0);
        });
        batch(c, "INSERT INTO mdl_user_info_field VALUES (?, ?)", 1, (ps, i) -> {
            ps.setLong(1, 1);
            ps.setString(2, "upi");
        });
        // the staff accounts' UPIs (the tutors'), then students' and others' up to the shape's share
        batch(c, "INSERT INTO mdl_user_info_data VALUES (?, ?, ?, ?)", size.upiRows(), (ps, i) -> {
            ps.setLong(1, i + 1);
            if (i < 2000) {
                ps.setLong(2, 1_000 + size.students() + i);
                ps.setString(4, "staff" + i);
            } else {
                int user = i - 2000 < size.students() ? i - 2000 : i;
                ps.setLong(2, 1_000 + user);
                ps.setString(4, user < size.students() ? "UPI" + user : "OTHER" + user);
            }
            ps.setLong(3, 1);
        });
        c.commit();
    }

    /** The block's mappings: each mapped course gets two occurrences (spread over all), groups imported. */
    public static void mappings(Connection staging, Size size) throws SQLException {
        staging.setAutoCommit(false);
        try (Statement s = staging.createStatement()) {
            s.execute("DELETE FROM sits_moduleoccurence_mapping");
        }
        int per = Math.max(1, size.occurrences() / (size.courses() * 2));
        batch(staging, "INSERT INTO sits_moduleoccurence_mapping (mod_occ_bdo_id, reg_status, vle_idnumber, vle_courseid,"
                + " mapping_action, group_import) VALUES (?, 'APP', ?, ?, 'ADD', 'ADD')", size.courses() * 2, (ps, i) -> {
            ps.setString(1, String.valueOf(1_000_000 + i * per));
            ps.setString(2, "COURSE-" + (i / 2));
            ps.setLong(3, 10 + i / 2);
        });
        staging.commit();
        staging.setAutoCommit(true);
        // a site's mapping tables are long-lived and have statistics (autovacuum); this machine's PostgreSQL
        // runs with autovacuum off, so give them theirs as a site's database would have them
        try (Statement s = staging.createStatement()) {
            s.execute("ANALYZE sits_moduleoccurence_mapping");
        }
    }

    static String code(int i) {
        return String.format("%08d", 10_000_000 + i);
    }

    static String module(int occurrence) {
        return "M" + String.format("%06d", occurrence / 2); // two occurrences per module code
    }

    /** Registrations lean towards mapped occurrences (a third of them), as real mapped modules are the big ones. */
    static int occurrenceOf(Random r, Size size) {
        if (r.nextInt(3) == 0) {
            int per = Math.max(1, size.occurrences() / (size.courses() * 2));
            return r.nextInt(size.courses() * 2) * per;
        }
        return r.nextInt(size.occurrences());
    }

    static String groupCode(int group, Size size) {
        return "G" + group / (size.courses() * 2);
    }

    static int groupModule(int group, Size size) {
        int per = Math.max(1, size.occurrences() / (size.courses() * 2));
        return (group % (size.courses() * 2)) * per;
    }

    @FunctionalInterface
    interface Row {
        void set(PreparedStatement ps, int i) throws SQLException;
    }

    static void batch(Connection c, String sql, int n, Row row) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < n; i++) {
                row.set(ps, i);
                ps.addBatch();
                if (i % 5000 == 4999) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
    }

    static final String[] DDL = {
        "CREATE TABLE sismgr.ucl_bdo_v_moodle_faculties (fac_code VARCHAR(20), fac_name VARCHAR(255))",
        "CREATE TABLE sismgr.ucl_bdo_v_moodle_department (dpt_code VARCHAR(20), dpt_name VARCHAR(255), fac_code VARCHAR(20))",
        "CREATE TABLE sismgr.ucl_bdo_v_moodle_programme (prg_code VARCHAR(20), prg_name VARCHAR(255), dpt_code VARCHAR(20))",
        "CREATE TABLE sismgr.ucl_bdo_v_moodle_route (rou_code VARCHAR(20), rou_name VARCHAR(255), prg_code VARCHAR(20), dpt_code VARCHAR(20))",
        "CREATE TABLE sismgr.ucl_bdo_v_moodle_module_inst (mod_occ_id VARCHAR(40), mod_code VARCHAR(20), mav_occur VARCHAR(10),"
                + " psl_code VARCHAR(10), ayr_code VARCHAR(10), mod_name VARCHAR(255), dpt_code VARCHAR(20))",
        "CREATE TABLE sismgr.ucl_bdo_v_moodle_module_struc (prg_code VARCHAR(20), rou_code VARCHAR(20), mod_code VARCHAR(20),"
                + " ayr_code VARCHAR(10), course_year VARCHAR(10), compulsory VARCHAR(1))",
        "CREATE TABLE sismgr.ucl_bdo_v_moodle_student (stu_code VARCHAR(12), username VARCHAR(100), upi VARCHAR(50),"
                + " first_name VARCHAR(100), surname VARCHAR(100), email VARCHAR(255), dpt_code VARCHAR(20),"
                + " enrolment_status VARCHAR(10), course_join_status VARCHAR(10), tutor_upi VARCHAR(50))",
        "CREATE TABLE sismgr.ucl_bdo_v_moodle_student_enrl (stu_code VARCHAR(12), mod_occ_id VARCHAR(40), mod_code VARCHAR(20),"
                + " mav_occur VARCHAR(10), psl_code VARCHAR(10), ayr_code VARCHAR(10), reg_status VARCHAR(10))",
        "CREATE TABLE sismgr.ucl_bdo_v_moodle_assignment (stu_code VARCHAR(12), fac_code VARCHAR(20), dpt_code VARCHAR(20),"
                + " prg_code VARCHAR(20), rou_code VARCHAR(20), ugpg VARCHAR(1), course_year VARCHAR(10), ayr_code VARCHAR(10))",
        "CREATE TABLE cmis_v_moodle_groups (ayr_code VARCHAR(10), mod_code VARCHAR(20), group_code VARCHAR(40), group_name VARCHAR(254))",
        "CREATE TABLE cmis_v_moodle_group_students (ayr_code VARCHAR(10), mod_code VARCHAR(20), group_code VARCHAR(40), stu_code VARCHAR(12))",
        "CREATE TABLE cmis_v_moodle_group_tutors (ayr_code VARCHAR(10), mod_code VARCHAR(20), group_code VARCHAR(40), staff_upi VARCHAR(50))",
        "CREATE TABLE mdl_course (id BIGINT PRIMARY KEY, category BIGINT, shortname VARCHAR(255), fullname VARCHAR(254), idnumber VARCHAR(100), visible SMALLINT)",
        "CREATE TABLE mdl_course_categories (id BIGINT PRIMARY KEY, name VARCHAR(255), idnumber VARCHAR(100), parent BIGINT)",
        "CREATE TABLE mdl_user (id BIGINT PRIMARY KEY, username VARCHAR(100), idnumber VARCHAR(255), firstname VARCHAR(100),"
                + " lastname VARCHAR(100), email VARCHAR(100), deleted SMALLINT, suspended SMALLINT)",
        "CREATE TABLE mdl_user_info_field (id BIGINT PRIMARY KEY, shortname VARCHAR(255))",
        "CREATE TABLE mdl_user_info_data (id BIGINT PRIMARY KEY, userid BIGINT, fieldid BIGINT, data VARCHAR(4000))",
        "CREATE TABLE mdl_enrol (id BIGINT PRIMARY KEY, enrol VARCHAR(20), courseid BIGINT, status BIGINT, roleid BIGINT)",
        "CREATE TABLE mdl_user_enrolments (id BIGINT PRIMARY KEY, enrolid BIGINT, userid BIGINT, status BIGINT)",
        "CREATE TABLE mdl_groups (id BIGINT PRIMARY KEY, courseid BIGINT, idnumber VARCHAR(100), name VARCHAR(254))",
        "CREATE TABLE mdl_groups_members (id BIGINT PRIMARY KEY, groupid BIGINT, userid BIGINT, component VARCHAR(100))",
        "CREATE TABLE mdl_groupings (id BIGINT PRIMARY KEY, courseid BIGINT, idnumber VARCHAR(100), name VARCHAR(255))",
        "CREATE TABLE mdl_groupings_groups (id BIGINT PRIMARY KEY, groupingid BIGINT, groupid BIGINT)"};
}
