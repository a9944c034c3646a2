package uk.ac.mim.staging;

import java.util.StringJoiner;

/** Why a value cannot be stored, in words an operator can act on; and how a rejected row is shown. */
final class RowChecks {

    private RowChecks() {
    }

    static String problem(TargetColumn col, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0) {
                return "column " + col.name() + " contains a NUL character, which the staging database cannot store";
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "column " + col.name() + " contains an unpaired surrogate (not valid Unicode)";
            }
            if (Character.isLowSurrogate(c)) {
                return "column " + col.name() + " contains an unpaired surrogate (not valid Unicode)";
            }
        }
        if (col.maxLength() > 0) {
            int len = s.codePointCount(0, s.length());
            if (len > col.maxLength()) {
                return "column " + col.name() + " is " + len + " characters long; at most " + col.maxLength()
                        + " fit";
            }
        }
        return null;
    }

    static String ref(TargetColumn[] cols, Object[] row) {
        StringJoiner j = new StringJoiner(", ");
        for (int i = 0; i < Math.min(2, cols.length); i++) {
            j.add(cols[i].name() + "=" + row[i]);
        }
        return j.toString();
    }

    static String describe(TargetColumn[] cols, Object[] row) {
        StringJoiner j = new StringJoiner(", ");
        for (int i = 0; i < cols.length; i++) {
            j.add(cols[i].name() + "=" + row[i]);
        }
        return j.toString();
    }
}
