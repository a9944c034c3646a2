package uk.ac.mim.sits.ims;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import uk.ac.mim.moodle.ReplicaState;
import uk.ac.mim.staging.LongBag;
import uk.ac.mim.staging.StudentCodes;

/**
 * What the IMS planner needs of Moodle's accounts, filled from one pass over them: each student's account
 * by idnumber and by username (the first of each, as Moodle's import finds it), the student code of every
 * IMS-enrolled account, and the whole record only of the few the planner must describe (accounts of
 * former students it unenrols, usernames taken by an account with another idnumber).
 */
final class ImsAccounts {

    private final ImsStudents students;
    private final int width;
    private final long[] byIdnumber;
    private final long[] byUsername;
    private final Map<Integer, ReplicaState.User> conflicts = new HashMap<>();
    private final Map<Long, String> codeOfEnrolled = new HashMap<>();
    private final Map<String, ReplicaState.User> formers = new HashMap<>();

    ImsAccounts(ImsStudents students, int width) {
        this.students = students;
        this.width = width;
        this.byIdnumber = new long[students.size()];
        this.byUsername = new long[students.size()];
        Arrays.fill(byIdnumber, -1);
        Arrays.fill(byUsername, -1);
    }

    void see(ReplicaState.User u, boolean imsEnrolled) {
        String code = StudentCodes.normalise(u.idnumber(), width);
        int byCode = students.indexOf(code);
        int byName = u.username() == null ? -1 : students.indexOfUsername(u.username().toLowerCase(Locale.ROOT));
        if (byCode >= 0 && byIdnumber[byCode] < 0) {
            byIdnumber[byCode] = u.id();
        }
        if (byName >= 0 && byUsername[byName] < 0) {
            byUsername[byName] = u.id();
            if (code != null && !code.equals(students.code(byName))) {
                conflicts.put(byName, u);
            }
        }
        if (imsEnrolled) {
            String enrolledAs = code != null ? code : byName >= 0 ? students.code(byName) : null;
            if (enrolledAs != null) {
                int student = students.indexOf(enrolledAs);
                codeOfEnrolled.put(u.id(), student >= 0 ? students.code(student) : enrolledAs);
                if (student < 0) {
                    formers.putIfAbsent(enrolledAs, u);
                }
            }
        }
    }

    boolean hasAccount(int student) {
        return byIdnumber[student] >= 0 || byUsername[student] >= 0;
    }

    /** The account found by the student's username whose idnumber is another student's, if that is the one found. */
    ReplicaState.User conflict(int student) {
        return byIdnumber[student] >= 0 ? null : conflicts.get(student);
    }

    /** The account of an IMS-enrolled code that is no student's now, or null. */
    ReplicaState.User former(String code) {
        return formers.get(code);
    }

    /** The student codes of these IMS-enrolled accounts (an account that no code addresses is left out). */
    Set<String> codes(LongBag users) {
        Set<String> out = new HashSet<>();
        users.forEach(id -> {
            String code = codeOfEnrolled.get(id);
            if (code != null) {
                out.add(code);
            }
        });
        return out;
    }
}
