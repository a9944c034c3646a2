package uk.ac.mim.staging;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Locale;

/**
 * A source query's columns, read off its metadata with its first row: camel-sql's stream closes the result set as
 * soon as the last row is read, and the copy still needs the columns after that (to create a missing target).
 */
record QueryColumns(String[] labels, int[] types, int[] precisions, int[] scales) {

    static QueryColumns of(ResultSetMetaData md) throws SQLException {
        int n = md.getColumnCount();
        String[] labels = new String[n];
        int[] types = new int[n];
        int[] precisions = new int[n];
        int[] scales = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = md.getColumnLabel(i + 1).toLowerCase(Locale.ROOT);
            types[i] = md.getColumnType(i + 1);
            precisions[i] = md.getPrecision(i + 1);
            scales[i] = md.getScale(i + 1);
        }
        return new QueryColumns(labels, types, precisions, scales);
    }

    int count() {
        return labels.length;
    }
}
