package uk.ac.mim.staging;

import java.sql.Clob;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.NoSuchElementException;

import org.apache.camel.component.sql.RowMapperFactory;
import org.springframework.jdbc.core.RowMapper;

/**
 * How a copy's source rows come out of camel-sql's {@code StreamList} (the {@code view-copy} route's read step,
 * {@code rowMapperFactory=#copySourceRows}): each row an {@code Object[]} in the query's column order, a CLOB
 * already read as text. The first row comes as {@link First}, carrying the query's column metadata (a missing
 * target table is created from it) and the pooled connection it was read on (discarded, not pooled, if the heap
 * runs out mid-read). A map per row, camel-sql's default, would cost a hash map and its keys for each of a night's
 * million rows.
 */
public class SourceRows implements RowMapperFactory {

    /** The first row, with what the copy needs to know about the read. */
    public record First(Object[] values, QueryColumns columns, Connection connection) { }

    @Override
    public RowMapper<?> newColumnRowMapper() {
        return SourceRows::map;
    }

    @Override
    public RowMapper<?> newBeanRowMapper(Class<?> type) {
        throw new UnsupportedOperationException("a copy's rows are arrays of column values, not " + type.getName());
    }

    static Object map(ResultSet rs, int rowNum) throws SQLException {
        int n = rs.getMetaData().getColumnCount();
        Object[] row = new Object[n];
        for (int i = 0; i < n; i++) {
            Object v = rs.getObject(i + 1);
            if (v instanceof Clob clob) {
                v = clob.getSubString(1, (int) Math.min(Integer.MAX_VALUE, clob.length()));
            }
            row[i] = v;
        }
        return rowNum == 0 ? new First(row, QueryColumns.of(rs.getMetaData()), rs.getStatement().getConnection()) : row;
    }

    /** The same rows straight from a JDBC result set (a copy run outside a route: tests, tools). */
    static Iterator<Object> of(ResultSet rs) {
        return new Iterator<>() {
            private int rowNum;
            private Boolean ahead;

            @Override
            public boolean hasNext() {
                if (ahead == null) {
                    try {
                        ahead = rs.next();
                    } catch (SQLException e) {
                        throw new IllegalStateException("reading the source failed: " + e.getMessage(), e);
                    }
                }
                return ahead;
            }

            @Override
            public Object next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                ahead = null;
                try {
                    return map(rs, rowNum++);
                } catch (SQLException e) {
                    throw new IllegalStateException("reading the source failed: " + e.getMessage(), e);
                }
            }
        };
    }
}
