package uk.ac.mim.sits.ims;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.stereotype.Component;

import uk.ac.mim.config.MimProperties;
import uk.ac.mim.moodle.ReplicaState;
import uk.ac.mim.sits.SitsProperties;
import uk.ac.mim.staging.ByCourse;
import uk.ac.mim.staging.HeldStudents;
import uk.ac.mim.staging.Journal;
import uk.ac.mim.staging.LongBag;
import uk.ac.mim.staging.ShrinkGuard;
import uk.ac.mim.staging.SqlResources;
import uk.ac.mim.staging.StagingReader;
import uk.ac.mim.staging.StudentCodes;

/**
 * Computes the IMS delta: desired student enrolments (the five mapping rules, one SQL resource each, under
 * {@code sql/sits/desired/}) against Moodle's actual IMS-owned enrolments (the replica snapshot), in the
 * courses this feed manages (docs/contract.md §6). No state of its own: a file Moodle never read is re-emitted next
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
    private final HeldStudents heldStudents;
    private final ImsProperties ims;

    public ImsPlanner(StagingReader reader, SqlResources sql, MimProperties props, SitsProperties sits,
                      Journal journal, ShrinkGuard guard, HeldStudents heldStudents, ImsProperties ims) {
        this.heldStudents = heldStudents;
        this.ims = ims;
        this.reader = reader;
        this.sql = sql;
        this.props = props;
        this.sits = sits;
        this.journal = journal;
        this.guard = guard;
    }

    record Managed(long courseId, String mappedIdnumber, boolean allRmv, boolean frozen) { }

    public ImsPlan plan(String runId) {
        int width = props.getStudentCodeWidth();
        ImsPlan.Reports reports = new ImsPlan.Reports(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        // a student a copy rejected this cycle is missing from staging, not gone: never removed
        Map<String, String> heldCodes = heldStudents.current();
        ImsStudents students = students(runId, width);

        // actual: who holds an IMS enrolment anywhere (the users, not their enrolments); each course's enrolments are
        // read again, in course order, when that course is planned
        LongBag enrolledUsers = new LongBag();
        ReplicaState.forEachImsEnrolment(reader, sql, e -> enrolledUsers.add(e.userId()));
        ImsAccounts accounts = new ImsAccounts(students, width);
        enrolledUsers.freeze();
        ReplicaState.forEachUser(reader, sql, u -> accounts.see(u, enrolledUsers.contains(u.id())));
        Map<Long, ReplicaState.Course> moodleCourses = ReplicaState.courses(reader, sql);
        Map<Long, Managed> managed = managedCourses();
        reportIdnumberMismatches(moodleCourses, reports);

        // desired: per course, the students (by index) and the first rule that wants each there
        Map<Long, ImsWants> desired = new HashMap<>();
        List<String> ruleTexts = new ArrayList<>();
        Map<String, Integer> ruleIndex = new HashMap<>();
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("ayr", props.getAcademicYear())
                .addValue("enrolment_statuses", sits.getEligibleEnrolmentStatuses())
                .addValue("course_join_statuses", sits.getEligibleCourseJoinStatuses());
        for (String rule : RULES) {
            reader.query(sql.query("sits/desired/" + rule + ".sql"), params, rs -> {
                int student = students.indexOf(StudentCodes.normalise(rs.getString("stu_code"), width));
                if (student >= 0) {
                    String text = rs.getString("rule");
                    int r = text == null ? -1 : ruleIndex.computeIfAbsent(text, t -> {
                        ruleTexts.add(t);
                        return ruleTexts.size() - 1;
                    });
                    desired.computeIfAbsent(rs.getLong("vle_courseid"), k -> new ImsWants()).add(student, r);
                }
            });
        }

        List<ImsPlan.CourseChange> changes = new ArrayList<>();
        BitSet personStudents = new BitSet(students.size());
        Map<String, ImsPlan.Person> formerStudents = new TreeMap<>();
        List<String> courseProblems = new ArrayList<>();
        Population baselineStudents = new Population(students, accounts);
        Population retainedStudents = new Population(students, accounts);
        long baselineMemberships = 0;
        long removedMemberships = 0;
        BitSet noAccount = new BitSet(students.size());
        int minCourse = guard.setting("course-threshold-min-students", 20);
        int maxLossPercent = guard.setting("course-threshold-percent", 50);
        try (ByCourse<ReplicaState.Enrolment> enrolments = new ByCourse<>(ReplicaState.openImsEnrolments(reader, sql),
                ReplicaState.Enrolment::courseId, ReplicaState.IMS_ENROLMENTS)) {
            for (long courseId : new TreeSet<>(managed.keySet())) {
                Managed m = managed.get(courseId);
                LongBag activeHere = new LongBag();
                LongBag suspendedHere = new LongBag();
                enrolments.forCourse(courseId, e -> (e.active() ? activeHere : suspendedHere).add(e.userId()));
                ImsWants want = desired.remove(courseId); // planned once: let the course's wants go as its adds are made
                if (want == null) {
                    want = ImsWants.NONE;
                }
                int[] have = accounts.refs(activeHere); // numbers, not strings: see ImsAccounts.refs
                int[] held = accounts.refs(suspendedHere);
                ReplicaState.Course course = moodleCourses.get(courseId);
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
                List<Integer> removeRefs = new ArrayList<>();
                List<String> keptHeld = new ArrayList<>();
                for (int ref : have) {
                    if (ref >= 0 && want.contains(ref)) {
                        continue;
                    }
                    String c = accounts.code(ref);
                    if (heldCodes.containsKey(c)) {
                        keptHeld.add(c);
                    } else {
                        removeRefs.add(ref);
                    }
                }
                // in code order, as the file and the report listed them (refs put other codes first, in no set order)
                keptHeld.sort(null);
                keptHeld.forEach(c -> reports.held().add(HeldStudents.line(c, heldCodes.get(c), "kept in " + course.idnumber())));
                removeRefs.sort(java.util.Comparator.comparing(accounts::code));
                List<String> removes = removeRefs.stream().map(accounts::code).toList();
                if (m.frozen()) {
                    long wouldAdd = want.count(i -> !has(have, i));
                    reports.frozenCourses().add(course.idnumber() + ": frozen (mapping_active N); left alone: " + wouldAdd
                            + " adds and " + removes.size() + " removals not sent");
                    continue;
                }
                AddList adds = new AddList(students, ruleTexts);
                for (int w = 0; w < want.size(); w++) {
                    int student = want.student(w);
                    String code = students.code(student);
                    if (has(have, student)) {
                        continue;
                    }
                    if (has(held, student)) {
                        reports.suspended().add(code + " in " + course.idnumber()
                                + ": desired, but the enrolment is suspended in Moodle (a file cannot reactivate it)");
                        continue;
                    }
                    adds.add(student, want.rule(w));
                    personStudents.set(student);
                    if (!accounts.hasAccount(student)) {
                        if (!noAccount.get(student)) {
                            noAccount.set(student);
                            reports.unknownAccounts().add(code + " (" + students.username(student) + "): no Moodle account by"
                                    + " idnumber or username; " + (ims.isSendPersonsWithoutAccount()
                                    ? "sent, Moodle creates or skips it by its own setting (createnewusers)"
                                    : "no <person> sent (mim.ims.send-persons-without-account is false); memberships wait for the account"));
                        }
                    } else {
                        ReplicaState.User other = accounts.conflict(student);
                        if (other != null) {
                            reports.accountConflicts().add(code + ": username " + students.username(student)
                                    + " belongs to Moodle account " + other.id() + " whose idnumber is " + other.idnumber());
                        }
                    }
                }
                int[] removed = new int[removeRefs.size()];
                for (int k = 0; k < removed.length; k++) {
                    int ref = removeRefs.get(k);
                    removed[k] = ref;
                    if (ref >= 0) {
                        personStudents.set(ref);
                    } else {
                        formerStudents.computeIfAbsent(accounts.code(ref), c -> person(c, accounts.former(c)));
                    }
                }
                Arrays.sort(removed);
                for (int ref : have) {
                    baselineStudents.add(ref);
                    if (!has(removed, ref)) {
                        retainedStudents.add(ref);
                    }
                }
                baselineMemberships += have.length;
                removedMemberships += removes.size();
                if (!m.allRmv() && have.length >= minCourse && removes.size() * 100L > (long) maxLossPercent * have.length) {
                    courseProblems.add(course.idnumber() + " would lose " + removes.size() + " of its " + have.length
                            + " students (more than " + maxLossPercent + "%)");
                }
                changes.add(new ImsPlan.CourseChange(courseId, course.idnumber(), course.shortname(), course.fullname(),
                        course.category(), adds.trim(), removes, have.length, m.allRmv()));
            }
            enrolments.finish(); // the rest, for the order check only
        }
        List<ShrinkGuard.Retention> retentions = List.of(
                new ShrinkGuard.Retention("students", baselineStudents.count(), retainedStudents.count()),
                new ShrinkGuard.Retention("memberships", baselineMemberships, baselineMemberships - removedMemberships));
        return new ImsPlan(changes, new ImsPersons(reader, sql, width, students, personStudents, formerStudents, noAccount),
                reports, retentions, courseProblems);
    }

    /** Whether a sorted array of refs holds this one. */
    private static boolean has(int[] sortedRefs, int ref) {
        return Arrays.binarySearch(sortedRefs, ref) >= 0;
    }

    /** A set of codes by their refs (ImsAccounts.refs): students as bits by number, others as bits by -1 - ref. */
    private static final class Population {
        private final BitSet students;
        private final BitSet others;

        Population(ImsStudents students, ImsAccounts accounts) {
            this.students = new BitSet(students.size());
            this.others = new BitSet(accounts.others());
        }

        void add(int ref) {
            if (ref >= 0) {
                students.set(ref);
            } else {
                others.set(-1 - ref);
            }
        }

        long count() {
            return students.cardinality() + (long) others.cardinality();
        }
    }

    /** The students the feed may enrol, by normalised code (first row of a code, and of a username, kept). */
    private ImsStudents students(String runId, int width) {
        Map<String, String> usernames = new HashMap<>(); // username -> code
        Map<String, String> byCode = new HashMap<>();
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
            if (byCode.containsKey(code)) {
                journal.reject(runId, FEED_ID, row, "duplicate student code " + code + "; the first row is kept", row);
                return;
            }
            String other = usernames.putIfAbsent(username, code);
            if (other != null) {
                journal.reject(runId, FEED_ID, row, "username " + username + " is already student " + other + "'s", row);
                return;
            }
            byCode.put(code, username);
        });
        return new ImsStudents(byCode);
    }

    private Map<Long, Managed> managedCourses() {
        Map<Long, Managed> out = new HashMap<>();
        reader.query(sql.query("sits/managed-courses.sql"), rs -> {
            long id = rs.getLong("vle_courseid");
            out.put(id, new Managed(id, rs.getString("vle_idnumber"), rs.getInt("all_rmv") == 1, rs.getInt("frozen") == 1));
        });
        return out;
    }

    private void reportIdnumberMismatches(Map<Long, ReplicaState.Course> moodle, ImsPlan.Reports reports) {
        reader.query(sql.query("sits/mapping-idnumbers.sql"), rs -> {
            long courseId = rs.getLong("vle_courseid");
            String recorded = rs.getString("vle_idnumber");
            String what = rs.getString("mapping_type") + " mapping " + rs.getLong("id");
            ReplicaState.Course c = moodle.get(courseId);
            if (c != null) {
                String current = c.idnumber() == null ? "" : c.idnumber();
                if (!current.equals(recorded == null ? "" : recorded)) {
                    reports.idnumberMismatches().add(what + " of course " + courseId + " records idnumber '" + recorded
                            + "' but Moodle has '" + current + "'; the current one is used");
                }
            }
        });
    }

    private void reject(String runId, String ref, String reason, List<String> report) {
        journal.reject(runId, FEED_ID, ref, reason, null);
        report.add(reason);
    }

    private static ImsPlan.Person person(String code, ReplicaState.User u) {
        return u == null ? new ImsPlan.Person(code, null, null, null, null)
                : new ImsPlan.Person(code, u.username(), u.firstname(), u.lastname(), u.email());
    }
}
