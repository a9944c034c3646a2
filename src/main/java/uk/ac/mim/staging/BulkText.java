package uk.ac.mim.staging;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * Checked rows as the tab-separated text both bulk paths read: PostgreSQL's {@code COPY … FROM STDIN} text format
 * and MariaDB's {@code LOAD DATA … FIELDS TERMINATED BY '\t' ESCAPED BY '\\'}. A null is {@code \N}; a backslash,
 * tab, line feed and carriage return are escaped; the bytes are UTF-8.
 */
final class BulkText {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
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
        byte[] b = line.toString().getBytes(StandardCharsets.UTF_8);
        bytes.write(b, 0, b.length);
        rows++;
        return true;
    }

    int rows() {
        return rows;
    }

    int size() {
        return bytes.size();
    }

    byte[] toByteArray() {
        return bytes.toByteArray();
    }

    void clear() {
        bytes.reset();
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
