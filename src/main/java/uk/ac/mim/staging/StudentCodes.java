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
        if (t.isEmpty()) {
            return null;
        }
        if (!t.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            return t;
        }
        int i = 0;
        while (i < t.length() - 1 && t.charAt(i) == '0') {
            i++;
        }
        String digits = t.substring(i);
        if (digits.equals("0")) {
            digits = "";
        }
        return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
    }
}
