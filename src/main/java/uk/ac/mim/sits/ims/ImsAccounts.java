package uk.ac.mim.sits.ims;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

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
    /** IMS-enrolled account ids and their codes (a student's number, or -1 - i for the i-th other code) */
    private long[] enrolledIds = new long[16];
    private int[] enrolledRefs = new int[16];
    private int enrolled;
    private boolean sorted;
    private final List<String> otherCodes = new ArrayList<>();
    private final Map<String, Integer> otherRefs = new HashMap<>();
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
                int ref = student;
                if (student < 0) {
                    formers.putIfAbsent(enrolledAs, u);
                    ref = -1 - otherRefs.computeIfAbsent(enrolledAs, c -> {
                        otherCodes.add(c);
                        return otherCodes.size() - 1;
                    });
                }
                if (enrolled == enrolledIds.length) {
                    enrolledIds = Arrays.copyOf(enrolledIds, enrolled * 2);
                    enrolledRefs = Arrays.copyOf(enrolledRefs, enrolled * 2);
                }
                enrolledIds[enrolled] = u.id();
                enrolledRefs[enrolled++] = ref;
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

    /**
     * The codes of these IMS-enrolled accounts as numbers, each once, ascending: a student's number (so the students
     * come in code order after the others), or -1 - i for the i-th code that is no student's ({@link #code}). An
     * account that no code addresses is left out. The planner compares numbers, not strings.
     */
    int[] refs(LongBag users) {
        sortEnrolled();
        int[] out = new int[users.size()];
        int[] n = {0};
        users.forEach(id -> {
            int k = Arrays.binarySearch(enrolledIds, 0, enrolled, id);
            if (k >= 0) {
                out[n[0]++] = enrolledRefs[k];
            }
        });
        Arrays.sort(out, 0, n[0]);
        int distinct = 0;
        for (int i = 0; i < n[0]; i++) { // two accounts may carry one code (by idnumber, and by username)
            if (distinct == 0 || out[distinct - 1] != out[i]) {
                out[distinct++] = out[i];
            }
        }
        return Arrays.copyOf(out, distinct);
    }

    /** The code a ref of {@link #refs} stands for. */
    String code(int ref) {
        return ref >= 0 ? students.code(ref) : otherCodes.get(-1 - ref);
    }

    /** How many codes that are no student's are IMS-enrolled (refs -1 to -others). */
    int others() {
        return otherCodes.size();
    }

    /** By id, for lookups (the accounts arrive in the replica's order; each id once). */
    private void sortEnrolled() {
        if (sorted) {
            return;
        }
        Integer[] order = IntStream.range(0, enrolled).boxed().toArray(Integer[]::new);
        Arrays.sort(order, (a, b) -> Long.compare(enrolledIds[a], enrolledIds[b]));
        long[] ids = new long[enrolled];
        int[] refs = new int[enrolled];
        for (int k = 0; k < enrolled; k++) {
            ids[k] = enrolledIds[order[k]];
            refs[k] = enrolledRefs[order[k]];
        }
        enrolledIds = ids;
        enrolledRefs = refs;
        sorted = true;
    }
}
