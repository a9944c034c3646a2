package uk.ac.mim.sits.ims;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.stereotype.Component;

import uk.ac.mim.config.MimProperties;
import uk.ac.mim.moodle.ReplicaState;
import uk.ac.mim.sits.SitsProperties;
import uk.ac.mim.staging.Journal;
import uk.ac.mim.staging.ShrinkGuard;
import uk.ac.mim.staging.SqlResources;
import uk.ac.mim.staging.StagingReader;
import uk.ac.mim.staging.StudentCodes;

/**
 * Computes the IMS delta: desired student enrolments (the five mapping rules, one SQL resource each, under
 * {@code sql/sits/desired/}) against Moodle's actual IMS-owned enrolments (the replica snapshot), in the
 * courses this feed manages (DOMAIN §6). No state of its own: a file Moodle never read is re-emitted next
 * run, and once Moodle has applied a file the next delta is empty.
 */
@Component
public class ImsPlanner {

    public static final String FEED_ID = "sits-ims-enrolments";
    static final List<String> RULES = List.of("module", "department", "programme", "route", "faculty");

    /** Bulk reads, streamed (see StagingReader). */
    private final StagingReader reader;
    private final SqlResources sql;
    private final MimProperties props;
    private final SitsProperties sits;
    private final Journal journal;
    private final ShrinkGuard guard;

    public ImsPlanner(StagingReader reader, SqlResources sql, MimProperties props, SitsProperties sits,
                      Journal journal, ShrinkGuard guard) {
        this.reader = reader;
        this.sql = sql;
        this.props = props;
        this.sits = sits;
        this.journal = journal;
        this.guard = guard;
    }

    record Student(String code, String username, String first, String last, String email) { }

    record Managed(long courseId, String mappedIdnumber, boolean allRmv, boolean frozen) { }

    public ImsPlan plan(String runId) {
        int width = props.getStudentCodeWidth();
        ImsPlan.Reports reports = new ImsPlan.Reports(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        Map<String, Student> students = students(runId, width, reports);
        Map<String, String> codeByUsername = new HashMap<>();
        students.values().forEach(s -> codeByUsername.putIfAbsent(s.username(), s.code()));
        // of Moodle's accounts, only students' (by idnumber or username) and the IMS-enrolled are looked up
        ReplicaState moodle = ReplicaState.load(reader, sql, width, u -> {
            String code = StudentCodes.normalise(u.idnumber(), width);
            return (code != null && students.containsKey(code))
                    || (u.username() != null && codeByUsername.containsKey(u.username().toLowerCase(Locale.ROOT)));
        });
        Map<Long, Managed> managed = managedCourses();
        reportIdnumberMismatches(moodle, reports);

        // desired: course -> student -> the first rule that wants them there
        Map<Long, TreeMap<String, String>> desired = new TreeMap<>();
        // one String per distinct code and rule text, not per row: a large university has millions of rows
        Map<String, String> ruleTexts = new HashMap<>();
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("ayr", props.getAcademicYear())
                .addValue("enrolment_statuses", sits.getEligibleEnrolmentStatuses())
                .addValue("course_join_statuses", sits.getEligibleCourseJoinStatuses());
        for (String rule : RULES) {
            reader.query(sql.query("sits/desired/" + rule + ".sql"), params, rs -> {
                String code = StudentCodes.normalise(rs.getString("stu_code"), width);
                Student student = code == null ? null : students.get(code);
                if (student != null) {
                    TreeMap<String, String> course = desired.computeIfAbsent(rs.getLong("vle_courseid"), k -> new TreeMap<>());
                    if (!course.containsKey(student.code())) {
                        String text = rs.getString("rule");
                        course.put(student.code(), text == null ? null : ruleTexts.computeIfAbsent(text, r -> r));
                    }
                }
            });
        }

        // actual: course -> active / suspended student codes, from IMS-owned enrolments
        Map<Long, Set<String>> active = new HashMap<>();
        Map<Long, Set<String>> suspended = new HashMap<>();
        Map<String, ReplicaState.User> accountOf = new HashMap<>();
        for (ReplicaState.Enrolment e : moodle.imsEnrolments()) {
            ReplicaState.User u = moodle.user(e.userId()).orElse(null);
            if (u == null) {
                continue;
            }
            String code = StudentCodes.normalise(u.idnumber(), width);
            if (code == null && u.username() != null) {
                code = codeByUsername.get(u.username().toLowerCase(Locale.ROOT));
            }
            if (code == null) {
                continue; // an IMS enrolment of an account without an idnumber cannot be addressed by a file
            }
            accountOf.putIfAbsent(code, u);
            (e.active() ? active : suspended).computeIfAbsent(e.courseId(), k -> new HashSet<>()).add(code);
        }

        Set<Long> courseIds = new TreeSet<>(managed.keySet());
        List<ImsPlan.CourseChange> changes = new ArrayList<>();
        Map<String, ImsPlan.Person> persons = new TreeMap<>();
        List<String> courseProblems = new ArrayList<>();
        Set<String> baselineStudents = new HashSet<>();
        long baselineMemberships = 0;
        long removedMemberships = 0;
        Map<String, Integer> remaining = new HashMap<>();
        Set<String> noAccount = new HashSet<>();
        int minCourse = guard.setting("course-threshold-min-students", 20);
        int maxLossPercent = guard.setting("course-threshold-percent", 50);
        for (long courseId : courseIds) {
            Managed m = managed.get(courseId);
            TreeMap<String, String> want = desired.getOrDefault(courseId, new TreeMap<>());
            Set<String> have = active.getOrDefault(courseId, Set.of());
            Set<String> held = suspended.getOrDefault(courseId, Set.of());
            ReplicaState.Course course = moodle.course(courseId).orElse(null);
            if (course == null) {
                reject(runId, "course " + courseId, "mapped Moodle course id " + courseId + " (idnumber "
                        + m.mappedIdnumber() + ") is not in Moodle; skipped", reports.unaddressableCourses());
                continue;
            }
            if (course.idnumber() == null || course.idnumber().isBlank()) {
                reject(runId, "course " + courseId, "Moodle course " + courseId + " (" + course.shortname()
                        + ") has an empty idnumber, which an IMS file cannot address; skipped", reports.unaddressableCourses());
                continue;
            }
            if (course.idnumber().matches(".*[&<>].*")) {
                reject(runId, "course " + courseId, "Moodle course " + courseId + " has idnumber '" + course.idnumber()
                        + "' containing &, < or >: the IMS import would store the escaped form and match no course; skipped",
                        reports.unaddressableCourses());
                continue;
            }
            if (m.frozen()) {
                long wouldAdd = want.keySet().stream().filter(c -> !have.contains(c)).count();
                long wouldRemove = have.stream().filter(c -> !want.containsKey(c)).count();
                reports.frozenCourses().add(course.idnumber() + ": frozen (mapping_active N); left alone: " + wouldAdd
                        + " adds and " + wouldRemove + " removals not sent");
                continue;
            }
            List<ImsPlan.Add> adds = new ArrayList<>();
            for (var w : want.entrySet()) {
                String code = w.getKey();
                if (have.contains(code)) {
                    continue;
                }
                if (held.contains(code)) {
                    reports.suspended().add(code + " in " + course.idnumber()
                            + ": desired, but the enrolment is suspended in Moodle (a file cannot reactivate it)");
                    continue;
                }
                adds.add(new ImsPlan.Add(code, w.getValue()));
                Student s = students.get(code);
                persons.computeIfAbsent(code, c -> person(s));
                ReplicaState.User account = moodle.userFor(code, s.username()).orElse(null);
                if (account == null) {
                    if (noAccount.add(code)) {
                        reports.unknownAccounts().add(code + " (" + s.username() + "): no Moodle account by idnumber or"
                                + " username; sent, Moodle creates or skips it by its own setting");
                    }
                } else if (account.idnumber() != null && !account.idnumber().isBlank()
                        && !code.equals(StudentCodes.normalise(account.idnumber(), width))) {
                    reports.accountConflicts().add(code + ": username " + s.username() + " belongs to Moodle account "
                            + account.id() + " whose idnumber is " + account.idnumber());
                }
            }
            List<String> removes = have.stream().filter(c -> !want.containsKey(c)).sorted().toList();
            for (String code : removes) {
                Student s = students.get(code);
                persons.computeIfAbsent(code, c -> s != null ? person(s) : person(code, accountOf.get(code)));
            }
            baselineStudents.addAll(have);
            baselineMemberships += have.size();
            removedMemberships += removes.size();
            for (String code : have) {
                if (!removes.contains(code)) {
                    remaining.merge(code, 1, Integer::sum);
                }
            }
            if (!m.allRmv() && have.size() >= minCourse && removes.size() * 100L > (long) maxLossPercent * have.size()) {
                courseProblems.add(course.idnumber() + " would lose " + removes.size() + " of its " + have.size()
                        + " students (more than " + maxLossPercent + "%)");
            }
            changes.add(new ImsPlan.CourseChange(courseId, course.idnumber(), course.shortname(), course.fullname(),
                    course.category(), adds, removes, have.size(), m.allRmv()));
        }
        long retainedStudents = baselineStudents.stream().filter(remaining::containsKey).count();
        List<ShrinkGuard.Retention> retentions = List.of(
                new ShrinkGuard.Retention("students", baselineStudents.size(), retainedStudents),
                new ShrinkGuard.Retention("memberships", baselineMemberships, baselineMemberships - removedMemberships));
        return new ImsPlan(changes, persons, reports, retentions, courseProblems);
    }

    private Map<String, Student> students(String runId, int width, ImsPlan.Reports reports) {
        Map<String, Student> out = new LinkedHashMap<>();
        Map<String, String> usernames = new HashMap<>();
        reader.query(sql.query("sits/students.sql"), rs -> {
            String raw = rs.getString("stu_code");
            String code = StudentCodes.normalise(raw, width);
            String username = rs.getString("username");
            String row = "stu_code=" + raw + ", username=" + username;
            if (code == null) {
                journal.reject(runId, FEED_ID, row, "no student code", row);
                return;
            }
            if (username == null || username.isBlank()) {
                journal.reject(runId, FEED_ID, row, "no username: Moodle cannot link the account", row);
                return;
            }
            username = username.strip().toLowerCase(Locale.ROOT);
            if (out.containsKey(code)) {
                journal.reject(runId, FEED_ID, row, "duplicate student code " + code + "; the first row is kept", row);
                return;
            }
            String other = usernames.putIfAbsent(username, code);
            if (other != null) {
                journal.reject(runId, FEED_ID, row, "username " + username + " is already student " + other + "'s", row);
                return;
            }
            out.put(code, new Student(code, username, rs.getString("first_name"), rs.getString("surname"), rs.getString("email")));
        });
        return out;
    }

    private Map<Long, Managed> managedCourses() {
        Map<Long, Managed> out = new HashMap<>();
        reader.query(sql.query("sits/managed-courses.sql"), rs -> {
            long id = rs.getLong("vle_courseid");
            out.put(id, new Managed(id, rs.getString("vle_idnumber"), rs.getInt("all_rmv") == 1, rs.getInt("frozen") == 1));
        });
        return out;
    }

    private void reportIdnumberMismatches(ReplicaState moodle, ImsPlan.Reports reports) {
        reader.query(sql.query("sits/mapping-idnumbers.sql"), rs -> {
            long courseId = rs.getLong("vle_courseid");
            String recorded = rs.getString("vle_idnumber");
            String what = rs.getString("mapping_type") + " mapping " + rs.getLong("id");
            moodle.course(courseId).ifPresent(c -> {
                String current = c.idnumber() == null ? "" : c.idnumber();
                if (!current.equals(recorded == null ? "" : recorded)) {
                    reports.idnumberMismatches().add(what + " of course " + courseId + " records idnumber '" + recorded
                            + "' but Moodle has '" + current + "'; the current one is used");
                }
            });
        });
    }

    private void reject(String runId, String ref, String reason, List<String> report) {
        journal.reject(runId, FEED_ID, ref, reason, null);
        report.add(reason);
    }

    private static ImsPlan.Person person(Student s) {
        return new ImsPlan.Person(s.code(), s.username(), s.first(), s.last(), s.email());
    }

    private static ImsPlan.Person person(String code, ReplicaState.User u) {
        return u == null ? new ImsPlan.Person(code, null, null, null, null)
                : new ImsPlan.Person(code, u.username(), u.firstname(), u.lastname(), u.email());
    }
}
