package uk.ac.mim.staging;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * Checked rows as the tab-separated text both bulk paths read: PostgreSQL's {@code COPY … FROM STDIN} text format
 * and MariaDB's {@code LOAD DATA … FIELDS TERMINATED BY '\t' ESCAPED BY '\\'}. A null is {@code \N}; a backslash,
 * tab, line feed and carriage return are escaped; the bytes are UTF-8.
 */
final class BulkText {

    private byte[] bytes = new byte[1 << 16];
    private int size;
    private final StringBuilder line = new StringBuilder(256);
    private final boolean booleansAsDigits;
    private int rows;

    BulkText(boolean booleansAsDigits) {
        this.booleansAsDigits = booleansAsDigits;
    }

    /** Appends the row; false (and nothing appended) when a value has no text form here, e.g. bytes. */
    boolean add(Object[] row) {
        line.setLength(0);
        for (int i = 0; i < row.length; i++) {
            if (i > 0) {
                line.append('\t');
            }
            Object v = row[i];
            if (v == null) {
                line.append("\\N");
                continue;
            }
            String s = text(v);
            if (s == null) {
                return false;
            }
            escape(s, line);
        }
        line.append('\n');
        encode(line);
        rows++;
        return true;
    }

    /** UTF-8 straight into the chunk's buffer, which is reused from chunk to chunk (no copy of it is ever made). */
    private void encode(CharSequence cs) {
        ensure(cs.length() * 3);
        for (int i = 0; i < cs.length(); i++) {
            char c = cs.charAt(i);
            if (c < 0x80) {
                bytes[size++] = (byte) c;
            } else if (c < 0x800) {
                bytes[size++] = (byte) (0xC0 | (c >> 6));
                bytes[size++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < cs.length() && Character.isLowSurrogate(cs.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, cs.charAt(++i));
                bytes[size++] = (byte) (0xF0 | (cp >> 18));
                bytes[size++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                bytes[size++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                bytes[size++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                bytes[size++] = (byte) (0xE0 | (c >> 12)); // the row checks refused unpaired surrogates already
                bytes[size++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                bytes[size++] = (byte) (0x80 | (c & 0x3F));
            }
        }
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }

    int rows() {
        return rows;
    }

    int size() {
        return size;
    }

    /** The buffer, {@link #size()} bytes of it written: sent in place. */
    byte[] bytes() {
        return bytes;
    }

    /** The chunk's bytes, read in place. */
    java.io.InputStream stream() {
        return new java.io.ByteArrayInputStream(bytes, 0, size);
    }

    void clear() {
        size = 0;
        rows = 0;
    }

    private String text(Object v) {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Boolean b) {
            return booleansAsDigits ? (b ? "1" : "0") : (b ? "t" : "f");
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof Number || v instanceof java.util.Date || v instanceof LocalDate) {
            return v.toString(); // java.sql.Date and Timestamp print as the ISO forms both databases read
        }
        if (v instanceof LocalDateTime t) {
            return t.toString().replace('T', ' ');
        }
        return null;
    }

    private static void escape(String s, StringBuilder out) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
    }
}
