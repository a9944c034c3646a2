package uk.ac.mim.sits.ims;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The students the IMS feed may enrol, numbered in code order: the planner holds per-course sets of these
 * numbers instead of strings. Only code and username are kept; names are read again when the file is
 * written (ImsPersons).
 */
final class ImsStudents {

    private final String[] codes;
    private final String[] usernames;
    private final Map<String, Integer> byCode;
    private final Map<String, Integer> byUsername;

    /** {@code usernameByCode}: normalised code to stripped, lower-case username. */
    ImsStudents(Map<String, String> usernameByCode) {
        codes = usernameByCode.keySet().toArray(String[]::new);
        Arrays.sort(codes);
        usernames = new String[codes.length];
        byCode = new HashMap<>(codes.length * 2);
        byUsername = new HashMap<>(codes.length * 2);
        for (int i = 0; i < codes.length; i++) {
            usernames[i] = usernameByCode.get(codes[i]);
            byCode.put(codes[i], i);
            byUsername.put(usernames[i], i);
        }
    }

    int size() {
        return codes.length;
    }

    /** The student's number, or -1 for a code that is not a student's (or null). */
    int indexOf(String code) {
        Integer i = code == null ? null : byCode.get(code);
        return i == null ? -1 : i;
    }

    /** The number of the student with this (lower-case) username, or -1. */
    int indexOfUsername(String username) {
        Integer i = username == null ? null : byUsername.get(username);
        return i == null ? -1 : i;
    }

    String code(int student) {
        return codes[student];
    }

    String username(int student) {
        return usernames[student];
    }
}
