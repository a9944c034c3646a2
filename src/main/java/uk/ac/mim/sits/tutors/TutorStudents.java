package uk.ac.mim.sits.tutors;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The students of the tutor rows and their Moodle accounts: by idnumber (the normalised code), else by
 * username, each the first account Moodle's replica lists. Only these students' accounts are kept,
 * as ids in arrays: Moodle has several times more accounts than the feed looks up.
 */
final class TutorStudents {

    private final Map<String, Integer> byCode = new HashMap<>();
    private final Map<String, Integer> byUsername = new HashMap<>();
    private long[] idnumberAccount = new long[0];
    private long[] usernameAccount = new long[0];

    /** A row's student (its first row for the code counts). */
    void see(String code, String username) {
        if (code == null || byCode.containsKey(code)) {
            return;
        }
        int i = byCode.size();
        byCode.put(code, i);
        if (username != null) {
            byUsername.putIfAbsent(username.strip().toLowerCase(Locale.ROOT), i);
        }
    }

    /** The student's place (0, 1, …, in the order first seen), or -1 for a code no row had. */
    int place(String code) {
        Integer i = byCode.get(code);
        return i == null ? -1 : i;
    }

    /** A Moodle account, in the replica's order. */
    void account(String normalisedIdnumber, String username, long id) {
        if (idnumberAccount.length < byCode.size()) {
            idnumberAccount = filled(byCode.size());
            usernameAccount = filled(byCode.size());
        }
        Integer i = normalisedIdnumber == null ? null : byCode.get(normalisedIdnumber);
        if (i != null && idnumberAccount[i] < 0) {
            idnumberAccount[i] = id;
        }
        Integer j = username == null ? null : byUsername.get(username.toLowerCase(Locale.ROOT));
        if (j != null && usernameAccount[j] < 0) {
            usernameAccount[j] = id;
        }
    }

    /** The student's account id, or -1. */
    long accountOf(String code, String username) {
        Integer i = byCode.get(code);
        if (i != null && i < idnumberAccount.length && idnumberAccount[i] >= 0) {
            return idnumberAccount[i];
        }
        Integer j = username == null ? null : byUsername.get(username);
        return j != null && j < usernameAccount.length ? usernameAccount[j] : -1;
    }

    private static long[] filled(int n) {
        long[] a = new long[n];
        Arrays.fill(a, -1);
        return a;
    }
}
