package uk.ac.mim.sits.ims;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The students the IMS feed may enrol, numbered in code order: the planner holds per-course sets of these
 * numbers instead of strings. Only code and username are kept, in sorted arrays searched by halving (no
 * hash maps: at 200,000 students those cost more than the strings); names are read again when the file
 * is written (ImsPersons).
 */
final class ImsStudents {

    private final String[] codes;
    private final String[] usernames;
    /** usernames in order, and whose each is */
    private final String[] sortedUsernames;
    private final int[] usernameOwner;

    /** {@code usernameByCode}: normalised code to stripped, lower-case username (unique). */
    ImsStudents(Map<String, String> usernameByCode) {
        codes = usernameByCode.keySet().toArray(String[]::new);
        Arrays.sort(codes);
        usernames = new String[codes.length];
        for (int i = 0; i < codes.length; i++) {
            usernames[i] = usernameByCode.get(codes[i]);
        }
        Integer[] order = IntStream.range(0, codes.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparing(i -> usernames[i]));
        sortedUsernames = new String[codes.length];
        usernameOwner = new int[codes.length];
        for (int k = 0; k < order.length; k++) {
            sortedUsernames[k] = usernames[order[k]];
            usernameOwner[k] = order[k];
        }
    }

    int size() {
        return codes.length;
    }

    /** The student's number, or -1 for a code that is not a student's (or null). */
    int indexOf(String code) {
        if (code == null) {
            return -1;
        }
        int i = Arrays.binarySearch(codes, code);
        return i >= 0 ? i : -1;
    }

    /** The number of the student with this (lower-case) username, or -1. */
    int indexOfUsername(String username) {
        if (username == null) {
            return -1;
        }
        int k = Arrays.binarySearch(sortedUsernames, username);
        return k >= 0 ? usernameOwner[k] : -1;
    }

    String code(int student) {
        return codes[student];
    }

    String username(int student) {
        return usernames[student];
    }
}
