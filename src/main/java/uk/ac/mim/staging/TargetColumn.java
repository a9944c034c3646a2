package uk.ac.mim.staging;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A column of a staging table, as its metadata describes it: enough to check a value before insert. */
record TargetColumn(String name, int jdbcType, int maxLength, boolean required) {

    boolean isText() {
        return switch (jdbcType) {
            case Types.CHAR, Types.VARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGVARCHAR, Types.LONGNVARCHAR,
                 Types.CLOB, Types.NCLOB -> true;
            default -> false;
        };
    }

    static List<TargetColumn> of(ResultSetMetaData md) throws SQLException {
        List<TargetColumn> cols = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            int type = md.getColumnType(i);
            int precision = md.getPrecision(i);
            boolean bounded = (type == Types.VARCHAR || type == Types.CHAR || type == Types.NVARCHAR
                    || type == Types.NCHAR) && precision > 0 && precision < Integer.MAX_VALUE;
            cols.add(new TargetColumn(md.getColumnLabel(i).toLowerCase(Locale.ROOT), type,
                    bounded ? precision : -1, md.isNullable(i) == ResultSetMetaData.columnNoNulls));
        }
        return cols;
    }

    /** Portable DDL for a column described by a source query's metadata (Oracle, H2, PostgreSQL...). */
    static String ddlType(QueryColumns q, int i, StagingDialect dialect) {
        int type = q.types()[i];
        int p = q.precisions()[i];
        int s = q.scales()[i];
        return switch (type) {
            case Types.CHAR, Types.NCHAR, Types.VARCHAR, Types.NVARCHAR ->
                    "VARCHAR(" + (p > 0 && p <= 4000 ? p : 4000) + ")";
            case Types.LONGVARCHAR, Types.LONGNVARCHAR, Types.CLOB, Types.NCLOB ->
                    dialect.placeholders().get("clob");
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> "BIGINT";
            case Types.NUMERIC, Types.DECIMAL -> (s == 0 && p > 0 && p <= 18) ? "BIGINT"
                    : (p > 0 && p <= 38 && s >= 0 ? "DECIMAL(" + p + "," + s + ")" : "DECIMAL(38,10)");
            case Types.REAL, Types.FLOAT, Types.DOUBLE -> "DOUBLE PRECISION";
            case Types.DATE -> "DATE";
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> dialect.placeholders().get("ts");
            case Types.BOOLEAN, Types.BIT -> "CHAR(1)";
            default -> "VARCHAR(4000)";
        };
    }
}
