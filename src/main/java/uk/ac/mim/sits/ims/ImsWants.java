package uk.ac.mim.sits.ims;

import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * One course's desired students, by student number, each with the first rule (by number) that wants them
 * there: 12 bytes a row while the rules are read, 8 once frozen, where a map of strings took about 100.
 */
final class ImsWants {

    static final ImsWants NONE = new ImsWants();

    /** student number in the high half, arrival order in the low half: sorting keeps each student's first rule first. */
    private long[] keys = new long[4];
    private int[] ruleByArrival = new int[4];
    private int arrived;
    private int[] students;
    private int[] rules;

    void add(int student, int rule) {
        if (students != null) {
            throw new IllegalStateException("the course's wants are already frozen");
        }
        if (arrived == keys.length) { // half again, not double: every course's wants are held while the rules are read
            keys = Arrays.copyOf(keys, arrived + Math.max(4, arrived >> 1));
            ruleByArrival = Arrays.copyOf(ruleByArrival, keys.length);
        }
        keys[arrived] = ((long) student << 32) | arrived;
        ruleByArrival[arrived] = rule;
        arrived++;
    }

    private void freeze() {
        if (students != null) {
            return;
        }
        Arrays.sort(keys, 0, arrived);
        int[] s = new int[arrived];
        int[] r = new int[arrived];
        int n = 0;
        for (int i = 0; i < arrived; i++) {
            int student = (int) (keys[i] >>> 32);
            if (n == 0 || s[n - 1] != student) {
                s[n] = student;
                r[n] = ruleByArrival[(int) keys[i]];
                n++;
            }
        }
        students = Arrays.copyOf(s, n);
        rules = Arrays.copyOf(r, n);
        keys = null;
        ruleByArrival = null;
    }

    int size() {
        freeze();
        return students.length;
    }

    /** The w-th desired student's number, in code order. */
    int student(int w) {
        freeze();
        return students[w];
    }

    /** The number of the first rule that wants the w-th student here, -1 for none given. */
    int rule(int w) {
        freeze();
        return rules[w];
    }

    boolean contains(int student) {
        freeze();
        return student >= 0 && Arrays.binarySearch(students, student) >= 0;
    }

    long count(IntPredicate test) {
        freeze();
        return Arrays.stream(students).filter(test).count();
    }
}
