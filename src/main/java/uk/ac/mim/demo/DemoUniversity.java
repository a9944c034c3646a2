package uk.ac.mim.demo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A fake university, generated from a seed so every start shows the same data: faculties, departments,
 * programmes, routes, module occurrences, students with registrations in every status, personal tutors,
 * CMIS groups, and Moodle courses mapped to them. Names include the awkward ones real data has.
 * Rows are plain Object arrays in the column order of the default source contract (docs/contract.md §2).
 */
public final class DemoUniversity {

    public static final String YEAR = "2025";

    static final String[][] FACULTIES = {
            {"F01", "Faculty of Laws & Social Sciences"}, {"F02", "Faculty of Engineering Sciences"}};
    static final String[][] DEPARTMENTS = {
            {"LAWS", "Laws", "F01"}, {"ECON", "Economics & Finance", "F01"}, {"COMP", "Computer Science", "F02"}};
    private static final String[] AWKWARD_FIRST = {"Siobhán", "Zoë", "Mary-Jane", "Łukasz", "Nguyễn", "Anne-Marie",
            "José", "Ødegård", "Renée", "محمد", "Björk", "D'Arcy"};
    private static final String[] AWKWARD_LAST = {"O'Brien", "Ñúñez", "Smith, Jr", "Ødegård", "Marks & Spencer",
            "van der Berg", "Müller", "\"Danny\" Daniels", "Zhang", "Ó Súilleabháin", "D'Souza", "Smith <Jr>"};
    private static final String[] FIRST = {"Amira", "Ben", "Chloe", "Dev", "Ella", "Finn", "Grace", "Hamza", "Isla",
            "Jack", "Kofi", "Lily", "Mo", "Nia", "Oscar", "Priya", "Quinn", "Ravi", "Sara", "Tom"};
    private static final String[] LAST = {"Ahmed", "Brown", "Chen", "Davies", "Evans", "Fischer", "Green", "Hughes",
            "Iqbal", "Jones", "Khan", "Lewis", "Morgan", "Nowak", "Okafor", "Patel", "Roberts", "Singh", "Taylor", "Wilson"};
    private static final String[] REG = {"CON", "CON", "CON", "APP", "APP", "NEW", "REJ"};
    private static final String[] PSL = {"T1", "T2", "T1/2"};

    public final Map<String, List<Object[]>> sits = new LinkedHashMap<>();
    public final Map<String, List<Object[]>> cmis = new LinkedHashMap<>();
    public final Map<String, List<Object[]>> moodle = new LinkedHashMap<>();
    public final Map<String, List<Object[]>> mappings = new LinkedHashMap<>();

    public DemoUniversity(int students, long seed) {
        Random r = new Random(seed);
        List<Object[]> fac = table(sits, "sismgr.ucl_bdo_v_moodle_faculties");
        for (String[] f : FACULTIES) {
            fac.add(new Object[] {f[0], f[1]});
        }
        List<Object[]> dpt = table(sits, "sismgr.ucl_bdo_v_moodle_department");
        List<Object[]> prg = table(sits, "sismgr.ucl_bdo_v_moodle_programme");
        List<Object[]> rou = table(sits, "sismgr.ucl_bdo_v_moodle_route");
        List<Object[]> mod = table(sits, "sismgr.ucl_bdo_v_moodle_module_inst");
        List<Object[]> struc = table(sits, "sismgr.ucl_bdo_v_moodle_module_struc");
        List<String[]> programmes = new ArrayList<>(); // prg, rou, dpt, fac, ugpg
        List<String[]> modules = new ArrayList<>();    // occId, code, mav, psl, dpt
        int occ = 100000;
        for (String[] d : DEPARTMENTS) {
            dpt.add(new Object[] {d[0], d[1], d[2]});
            for (String level : new String[] {"U", "P"}) {
                String p = level + d[0] + "001";
                String pname = (level.equals("U") ? "BSc " : "MSc ") + d[1];
                prg.add(new Object[] {p, pname, d[0]});
                for (int k = 1; k <= 2; k++) {
                    String ro = p + "R" + k;
                    rou.add(new Object[] {ro, pname + (k == 1 ? "" : " with a Year Abroad"), p, d[0]});
                    programmes.add(new String[] {p, ro, d[0], d[2], level});
                }
            }
            for (int m = 1; m <= 14; m++) {
                String code = d[0] + String.format("%04d", m * 7 + 10);
                String mav = (m % 3 == 0 ? "A7P" : "A" + (4 + m % 3) + "U");
                String psl = PSL[m % 3];
                String name = moduleName(d[0], m);
                String id = String.valueOf(occ++);
                mod.add(new Object[] {id, code, mav, psl, YEAR, name, d[0]});
                modules.add(new String[] {id, code, mav, psl, d[0]});
                struc.add(new Object[] {level(mav).equals("P") ? "P" + d[0] + "001" : "U" + d[0] + "001", null, code,
                        YEAR, String.valueOf(1 + m % 3), m % 2 == 0 ? "Y" : "N"});
            }
        }
        // staff: personal tutors and CMIS group tutors
        List<String[]> staff = new ArrayList<>(); // upi, username, first, last
        for (int s = 0; s < 24; s++) {
            String first = FIRST[(s * 7) % FIRST.length];
            String last = LAST[(s * 3) % LAST.length];
            staff.add(new String[] {String.format("STAFF%03d", s + 1), "ucstf" + String.format("%02d", s + 1), first, last});
        }
        List<Object[]> stu = table(sits, "sismgr.ucl_bdo_v_moodle_student");
        List<Object[]> enrl = table(sits, "sismgr.ucl_bdo_v_moodle_student_enrl");
        List<Object[]> asg = table(sits, "sismgr.ucl_bdo_v_moodle_assignment");
        List<String[]> studentRows = new ArrayList<>(); // code, username, first, last, dpt
        Map<String, List<String>> registered = new LinkedHashMap<>();
        Map<String, List<String>> confirmed = new LinkedHashMap<>();
        for (int i = 0; i < students; i++) {
            String code = String.valueOf(20180000 + i * 37);
            boolean awkward = i < AWKWARD_LAST.length;
            String first = awkward ? AWKWARD_FIRST[i] : FIRST[r.nextInt(FIRST.length)];
            String last = awkward ? AWKWARD_LAST[i] : LAST[r.nextInt(LAST.length)];
            String username = "uc" + (char) ('a' + i % 26) + String.format("%04d", i);
            if (i % 50 == 7) {
                username = username.toUpperCase(); // SITS sometimes holds upper case; Moodle's are lower case
            }
            String[] placement = programmes.get(r.nextInt(programmes.size()));
            String enrolStatus = i % 40 == 5 ? "W" : (i % 9 == 0 ? "P" : "E");
            String join = i % 60 == 11 ? "C" : "O";
            String tutor = i % 30 == 29 ? null : staff.get(i % staff.size())[0];
            stu.add(new Object[] {code, username, "STU" + code, first, last,
                    username.toLowerCase() + "@student.example.ac.uk", placement[2], enrolStatus, join, tutor});
            studentRows.add(new String[] {code, username.toLowerCase(), first, last, placement[2]});
            asg.add(new Object[] {code, placement[3], placement[2], placement[0], placement[1], placement[4],
                    String.valueOf(1 + r.nextInt(3)), YEAR});
            List<String[]> own = modules.stream().filter(m -> m[4].equals(placement[2])).toList();
            int n = 4 + r.nextInt(4);
            for (int k = 0; k < n; k++) {
                String[] m = k == n - 1 ? modules.get(r.nextInt(modules.size())) : own.get(r.nextInt(own.size()));
                String reg = REG[r.nextInt(REG.length)];
                enrl.add(new Object[] {code, m[0], m[1], m[2], m[3], YEAR, reg});
                registered.computeIfAbsent(m[1], x -> new ArrayList<>()).add(code);
                if (reg.equals("CON") && enrolStatus.equals("E") && join.equals("O")) {
                    confirmed.computeIfAbsent(m[1], x -> new ArrayList<>()).add(code);
                }
            }
        }
        buildCmis(r, modules, staff, registered);
        buildMoodle(r, modules, staff, studentRows, confirmed);
    }

    private void buildCmis(Random r, List<String[]> modules, List<String[]> staff, Map<String, List<String>> registered) {
        List<Object[]> groups = table(cmis, "cmis_v_moodle_groups");
        List<Object[]> members = table(cmis, "cmis_v_moodle_group_students");
        List<Object[]> tutors = table(cmis, "cmis_v_moodle_group_tutors");
        for (String[] m : modules) {
            List<String> regs = registered.getOrDefault(m[1], List.of()).stream().distinct().toList();
            int n = 2 + r.nextInt(2);
            for (int g = 1; g <= n; g++) {
                String gc = (g == 1 ? "LEC" : "T0" + (g - 1));
                String name = g == 1 ? "Lecture" : (g == 3 ? "Tutorial " + (g - 1) + " & Lab" : "Tutorial " + (g - 1));
                groups.add(new Object[] {YEAR, m[1], gc, name});
                tutors.add(new Object[] {YEAR, m[1], gc, staff.get(r.nextInt(staff.size()))[0]});
                for (int s = 0; s < regs.size(); s++) {
                    if (g == 1 || s % (n - 1) == g - 2) {
                        String code = regs.get(s);
                        // timetabling sends some codes with a leading zero
                        members.add(new Object[] {YEAR, m[1], gc, s % 5 == 0 ? "0" + code : code});
                    }
                }
            }
        }
    }

    private void buildMoodle(Random r, List<String[]> modules, List<String[]> staff, List<String[]> students,
                             Map<String, List<String>> confirmed) {
        List<Object[]> cats = table(moodle, "mdl_course_categories");
        cats.add(new Object[] {1L, "Miscellaneous", "", 0L});
        for (int f = 0; f < FACULTIES.length; f++) {
            cats.add(new Object[] {(long) f + 2, FACULTIES[f][1], FACULTIES[f][0], 0L});
        }
        List<Object[]> course = table(moodle, "mdl_course");
        List<Object[]> enrol = table(moodle, "mdl_enrol");
        List<Object[]> ue = table(moodle, "mdl_user_enrolments");
        List<Object[]> users = table(moodle, "mdl_user");
        List<Object[]> field = table(moodle, "mdl_user_info_field");
        List<Object[]> data = table(moodle, "mdl_user_info_data");
        List<Object[]> groups = table(moodle, "mdl_groups");
        List<Object[]> members = table(moodle, "mdl_groups_members");
        List<Object[]> groupings = table(moodle, "mdl_groupings");
        List<Object[]> links = table(moodle, "mdl_groupings_groups");
        List<Object[]> moMap = table(mappings, "sits_moduleoccurence_mapping");
        List<Object[]> dptMap = table(mappings, "sits_departments_mapping");
        List<Object[]> prgMap = table(mappings, "sits_programmes_mapping");
        List<Object[]> rouMap = table(mappings, "sits_routes_mapping");
        List<Object[]> facMap = table(mappings, "sits_faculties_mapping");
        List<Object[]> statuses = table(mappings, "sits_mapping_statuses");
        field.add(new Object[] {1L, "upi"});
        long uid = 2;
        long dataId = 1;
        Map<String, Long> userIdByCode = new LinkedHashMap<>();
        for (String[] s : staff) {
            users.add(new Object[] {++uid, s[1], "", s[2], s[3], s[1] + "@example.ac.uk", 0, 0});
            data.add(new Object[] {dataId++, uid, 1L, s[0].toLowerCase()}); // Moodle may hold UPIs in lower case
        }
        for (int i = 0; i < students.size(); i++) {
            String[] s = students.get(i);
            if (i % 25 == 24) {
                continue; // not yet made by Moodle's LDAP sync
            }
            // LDAP-made accounts have no idnumber until an IMS <person> links them
            users.add(new Object[] {++uid, s[1], i % 4 == 0 ? "" : s[0], s[2], s[3], s[1] + "@student.example.ac.uk", 0, 0});
            userIdByCode.put(s[0], uid);
            data.add(new Object[] {dataId++, uid, 1L, "STU" + s[0]});
        }
        long cid = 1;
        long eid = 1;
        long ueid = 1;
        long gid = 1;
        int k = 0;
        for (String[] m : modules) {
            k++;
            if (k % 4 == 0) {
                continue; // not every module has a Moodle course
            }
            long courseId = ++cid;
            String idnumber = m[1] + "-" + m[2] + "-" + m[3].replace("/", "") + "-" + YEAR;
            long cat = m[4].equals("COMP") ? 3L : 2L;
            course.add(new Object[] {courseId, cat, m[1] + " " + YEAR, m[1] + ": " + moduleName(m[4], 1), k % 13 == 0 ? "" : idnumber, 1});
            enrol.add(new Object[] {eid++, "manual", courseId, 0L, 5L});
            long ims = eid++;
            enrol.add(new Object[] {ims, "imsenterprise", courseId, 0L, 5L});
            moMap.add(new Object[] {m[0], k % 5 == 0 ? "CON" : "APP", k % 17 == 0 ? idnumber + "-OLD" : idnumber, courseId,
                    k % 11 == 0 ? "RMV" : "ADD", k % 3 == 0 ? "ADD" : "NA"});
            if (k % 10 == 0) {
                statuses.add(new Object[] {courseId, idnumber, "N"}); // frozen
            }
            if (k % 2 == 0) {
                // Enrolments already in Moodle from last night's IMS import: confirmed registrants (still
                // desired), one student who is no longer (to be removed), one suspended enrolment.
                List<Long> already = confirmed.getOrDefault(m[1], List.of()).stream().distinct().limit(12)
                        .map(userIdByCode::get).filter(java.util.Objects::nonNull).toList();
                for (int u = 0; u < already.size(); u++) {
                    ue.add(new Object[] {ueid++, ims, already.get(u), u == 0 && k % 4 == 2 ? 1L : 0L});
                }
                if (k % 4 == 0) {
                    ue.add(new Object[] {ueid++, ims, 3 + staff.size() + (long) r.nextInt(Math.max(1, students.size() - 20)), 0L});
                }
                // a group staff made by hand, in a grouping of their own: the feeds must leave both alone
                long g = gid++;
                groups.add(new Object[] {g, courseId, "", "Staff-made group"});
                members.add(new Object[] {g, g, ue.get(ue.size() - 2)[2], ""});
                groupings.add(new Object[] {g, courseId, "", "Staff grouping"});
                links.add(new Object[] {g, g, g});
            }
        }
        String[][] wide = {{"LAWS", "LAWS-ALL-" + YEAR}, {"COMP", "COMP-ALL-" + YEAR}};
        for (String[] w : wide) {
            long courseId = ++cid;
            course.add(new Object[] {courseId, w[0].equals("COMP") ? 3L : 2L, w[1], "All " + w[0] + " students", w[1], 1});
            enrol.add(new Object[] {eid++, "imsenterprise", courseId, 0L, 5L});
            dptMap.add(new Object[] {w[0], "CON", w[1], courseId, "ADD"});
        }
        long p = ++cid;
        course.add(new Object[] {p, 2L, "UECON-Y1", "BSc Economics & Finance year 1 hub", "UECON001-Y1", 1});
        enrol.add(new Object[] {eid++, "imsenterprise", p, 0L, 5L});
        prgMap.add(new Object[] {"UECON001", "1", "UECON001-Y1", p, "ADD"});
        long ro = ++cid;
        course.add(new Object[] {ro, 3L, "UCOMP-ABROAD", "Computer Science year abroad", "UCOMP001R2", 1});
        enrol.add(new Object[] {eid++, "imsenterprise", ro, 0L, 5L});
        rouMap.add(new Object[] {"UCOMP001R2", null, "UCOMP001R2", ro, "ADD"});
        long fc = ++cid;
        course.add(new Object[] {fc, 2L, "F01-PG", "Laws & Social Sciences postgraduate hub", "F01-PG-" + YEAR, 1});
        enrol.add(new Object[] {eid++, "imsenterprise", fc, 0L, 5L});
        facMap.add(new Object[] {"F01", null, "P", "F01-PG-" + YEAR, fc, "ADD"});
    }

    private static String level(String mav) {
        return mav.endsWith("P") ? "P" : "U";
    }

    private static String moduleName(String dpt, int m) {
        String[] topics = switch (dpt) {
            case "LAWS" -> new String[] {"Contract Law", "Law & Society", "Tort", "Criminal Law", "Land Law", "Equity & Trusts", "EU Law"};
            case "ECON" -> new String[] {"Microeconomics", "Econometrics", "Money & Banking", "Game Theory", "Public Finance", "Macroeconomics", "Labour Markets"};
            default -> new String[] {"Algorithms", "Databases", "Compilers", "Networks", "Machine Learning", "Security", "HCI: \"Users\" <first>"};
        };
        return topics[m % topics.length] + (m > 7 ? " II" : "");
    }

    private static List<Object[]> table(Map<String, List<Object[]>> db, String name) {
        return db.computeIfAbsent(name, x -> new ArrayList<>());
    }
}
