package uk.ac.mim.staging;

/**
 * A table's content, whatever the order of its rows: the row count and an order-independent sum of each row's
 * 64-bit hash. Equal for equal multisets of rows; two different contents agree by chance about once in 2^64.
 * The copies remember it for the content their statistics were taken of, and compare a rerun's source with it; the
 * personal-tutor feed compares the rows it planned with the view's.
 */
public final class RowFingerprint {

    private long rows;
    private long sum;

    /** The row's 64-bit hash (FNV-1a over its values' text, with a separator after each value). */
    public static long hash(Object[] row) {
        long h = 0xcbf29ce484222325L;
        for (Object v : row) {
            String s = v == null ? "\u0000null" : v.toString();
            for (int i = 0; i < s.length(); i++) {
                h = (h ^ s.charAt(i)) * 0x100000001b3L;
            }
            h = (h ^ 0x1F) * 0x100000001b3L; // field separator
        }
        return h;
    }

    /** Adds a row by its hash. */
    public void add(long rowHash) {
        rows++;
        sum += rowHash * 0x9E3779B97F4A7C15L + 1; // order-independent; repeats count
    }

    public long rows() {
        return rows;
    }

    @Override
    public String toString() {
        return rows + ":" + Long.toHexString(sum);
    }
}
