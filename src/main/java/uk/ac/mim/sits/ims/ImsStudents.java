package uk.ac.mim.sits.ims;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The students the IMS feed may enrol, numbered in code order: the planner holds per-course sets of these
 * numbers instead of strings. Only code and username are kept, in sorted arrays (no hash maps: at 200,000
 * students those cost more than the strings); names are read again when the file is written (ImsPersons).
 * A code is found through an open-addressed table of the students' numbers (4 bytes a slot, under half full:
 * 2 MiB at 200,000 students), since every rule row looks one up: searching the sorted codes by halving was a
 * third of the planner's time (a profile of the benchmark, docs/performance.md).
 */
final class ImsStudents {

    private final String[] codes;
    /** a student's number + 1 at the slot its code hashes to, or the next free one; 0 is free */
    private final int[] codeSlots;
    private final String[] usernames;
    /** usernames in order, and whose each is */
    private final String[] sortedUsernames;
    private final int[] usernameOwner;

    /** {@code usernameByCode}: normalised code to stripped, lower-case username (unique). */
    ImsStudents(Map<String, String> usernameByCode) {
        codes = usernameByCode.keySet().toArray(String[]::new);
        Arrays.sort(codes);
        codeSlots = new int[Integer.highestOneBit(Math.max(codes.length, 1) * 2) * 2];
        for (int i = 0; i < codes.length; i++) {
            int slot = slot(codes[i]);
            while (codeSlots[slot] != 0) {
                slot = (slot + 1) & (codeSlots.length - 1);
            }
            codeSlots[slot] = i + 1;
        }
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
        int mask = codeSlots.length - 1;
        for (int slot = slot(code), n; (n = codeSlots[slot]) != 0; slot = (slot + 1) & mask) {
            if (codes[n - 1].equals(code)) {
                return n - 1;
            }
        }
        return -1;
    }

    private int slot(String code) {
        int h = code.hashCode();
        return (h ^ (h >>> 16)) & (codeSlots.length - 1);
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
