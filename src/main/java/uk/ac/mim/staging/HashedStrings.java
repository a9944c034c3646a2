package uk.ac.mim.staging;

/**
 * A set of strings held as their 64-bit hashes in one open-addressing array: 8 to 11 bytes a string where a
 * {@code HashSet<String>} takes about 90, so a feed's "seen before?" sets stay small for any university. Two strings
 * with one hash would count as one: about one chance in ten million at a million strings.
 */
public final class HashedStrings {

    private long[] table = new long[1 << 10];
    private int size;

    /** Adds the string; false if it (or its hash) was there already. */
    public boolean add(String s) {
        return addHash(hash(s));
    }

    /** Adds a 64-bit hash made elsewhere (a row's, DuplicateRows); false if it was there already. */
    boolean addHash(long hash) {
        long h = hash == 0 ? 1 : hash;
        if (size * 4 >= table.length * 3) {
            grow();
        }
        int mask = table.length - 1;
        for (int i = mix(h) & mask; ; i = (i + 1) & mask) {
            if (table[i] == 0) {
                table[i] = h;
                size++;
                return true;
            }
            if (table[i] == h) {
                return false;
            }
        }
    }

    public boolean contains(String s) {
        long h = hash(s);
        int mask = table.length - 1;
        for (int i = mix(h) & mask; table[i] != 0; i = (i + 1) & mask) {
            if (table[i] == h) {
                return true;
            }
        }
        return false;
    }

    public int size() {
        return size;
    }

    private void grow() {
        long[] old = table;
        table = new long[old.length * 2];
        int mask = table.length - 1;
        for (long h : old) {
            if (h != 0) {
                int i = mix(h) & mask;
                while (table[i] != 0) {
                    i = (i + 1) & mask;
                }
                table[i] = h;
            }
        }
    }

    /** FNV-1a over the characters; 0 is the empty slot, so a string hashing to 0 is stored as 1. */
    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        String v = s == null ? "\u0000null" : s;
        for (int i = 0; i < v.length(); i++) {
            h = (h ^ v.charAt(i)) * 0x100000001b3L;
        }
        return h == 0 ? 1 : h;
    }

    private static int mix(long h) {
        long x = h ^ (h >>> 32);
        x *= 0x9E3779B97F4A7C15L;
        return (int) (x ^ (x >>> 29));
    }
}
