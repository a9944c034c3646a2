package uk.ac.mim.staging;

import java.util.ArrayList;
import java.util.List;

/**
 * Text as the outputs publish it (docs/contract.md §6, Normalisation): trimmed; a line break inside (CR, LF, NEL, U+2028,
 * U+2029) becomes a space;
 * characters XML 1.0 forbids (controls, lone surrogates, U+FFFE/FFFF) are removed. What was changed is
 * returned so the row can be reported.
 */
public final class Texts {

    private Texts() {
    }

    public record Clean(String value, List<String> changes) {
        public boolean changed() {
            return !changes.isEmpty();
        }
    }

    private static boolean alreadyClean(String s) {
        if (!s.isEmpty() && (Character.isWhitespace(s.charAt(0)) || Character.isWhitespace(s.charAt(s.length() - 1)))) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (lineBreak(c) || Character.isSurrogate(c) || !allowedInXml(c)) {
                return false;
            }
        }
        return true;
    }

    public static Clean clean(String field, String s) {
        if (s == null) {
            return new Clean(null, List.of());
        }
        if (alreadyClean(s)) {
            return new Clean(s, List.of()); // the common case: no copy, no allocation
        }
        List<String> changes = new ArrayList<>(1);
        StringBuilder b = new StringBuilder(s.length());
        boolean lineBreak = false;
        boolean forbidden = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (lineBreak(c)) {
                if (b.length() == 0 || b.charAt(b.length() - 1) != ' ') {
                    b.append(' ');
                }
                lineBreak = true;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                b.append(c).append(s.charAt(++i));
            } else if (allowedInXml(c)) {
                b.append(c);
            } else {
                forbidden = true;
            }
        }
        if (lineBreak) {
            changes.add(field + ": line break replaced by a space");
        }
        if (forbidden) {
            changes.add(field + ": characters XML 1.0 forbids removed");
        }
        return new Clean(b.toString().strip(), changes);
    }

    /** The cleaned value; what was changed is added to {@code notes} as "<who>: <changes>". */
    public static String clean(String who, String field, String value, List<String> notes) {
        Clean c = clean(field, value);
        if (c.changed()) {
            notes.add(who + ": " + String.join("; ", c.changes()));
        }
        return c.value();
    }

    /**
     * The value cut to what its consumer can store ({@code max} characters, a surrogate pair never split);
     * each cut is added to {@code notes}. Staging keeps the whole value: a long name never costs a row.
     */
    public static String fit(String who, String field, String value, int max, List<String> notes) {
        if (value == null || value.length() <= max) {
            return value;
        }
        int chars = value.codePointCount(0, value.length());
        if (chars <= max) {
            return value;
        }
        notes.add(who + ": " + field + " cut from " + chars + " to " + max + " characters");
        return value.substring(0, value.offsetByCodePoints(0, max)).strip();
    }

    /**
     * A line break of any kind: CR, LF, NEL and the Unicode line and paragraph separators. The XML serialiser
     * writes U+2028 as {@code &#x2028;}, which Moodle's scanner stores as eight characters of text.
     */
    static boolean lineBreak(char c) {
        return c == '\r' || c == '\n' || c == 0x85 || c == 0x2028 || c == 0x2029;
    }

    /**
     * XML 1.0 Char production, for a single UTF-16 unit that is not part of a surrogate pair; DEL and the C1
     * controls (allowed, but "discouraged") are refused too: serializers write them as character references,
     * which Moodle's scanner would store literally.
     */
    static boolean allowedInXml(char c) {
        return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c < 0x7F) || (c > 0x9F && c <= 0xD7FF)
                || (c >= 0xE000 && c <= 0xFFFD);
    }
}
