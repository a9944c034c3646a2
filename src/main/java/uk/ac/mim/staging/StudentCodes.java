package uk.ac.mim.staging;

/**
 * The one place where student codes are normalised (docs/contract.md §6): strip leading zeros, then left-pad with
 * zeros to the configured width, so timetabling's {@code 020186092} and SITS's {@code 20186092} agree.
 */
public final class StudentCodes {

    private StudentCodes() {
    }

    /** Returns the normalised code, or null for a blank one. Non-digit codes are only trimmed. */
    public static String normalise(String code, int width) {
        if (code == null) {
            return null;
        }
        String t = code.strip();
        int n = t.length();
        if (n == 0) {
            return null;
        }
        // plain loops, no stream: this runs for every code of every copy and feed (a stream here was a tenth of a
        // night's Java time)
        for (int k = 0; k < n; k++) {
            char ch = t.charAt(k);
            if (ch < '0' || ch > '9') {
                return t;
            }
        }
        int i = 0;
        while (i < n - 1 && t.charAt(i) == '0') {
            i++;
        }
        String digits = n - i == 1 && t.charAt(i) == '0' ? "" : i == 0 ? t : t.substring(i);
        return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
    }
}
