package uk.ac.mim.staging;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.EmptySqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Streams a staging query row by row, for the publishers' bulk reads. A plain JdbcTemplate on an
 * auto-commit connection does not stream on PostgreSQL: the driver reads the whole result into memory
 * before the first row (hundreds of MiB for the registrations at ×4). A cursor needs a fetch size and
 * a transaction, so each query runs on its own connection with auto-commit off, then rolls back (it only
 * reads). What the callback writes (e.g. a rejected row in the journal) goes through other connections.
 */
public class StagingReader {

    private final DataSource staging;
    private final int fetchSize;

    public StagingReader(DataSource staging, int fetchSize) {
        this.staging = staging;
        this.fetchSize = fetchSize;
    }

    public void query(String sql, RowCallbackHandler rows) {
        query(sql, EmptySqlParameterSource.INSTANCE, rows);
    }

    public void query(String sql, SqlParameterSource params, RowCallbackHandler rows) {
        try (Connection c = staging.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                NamedParameterJdbcTemplate t = new NamedParameterJdbcTemplate(new SingleConnectionDataSource(c, true));
                t.getJdbcTemplate().setFetchSize(fetchSize);
                t.query(sql, params, rows);
            } finally {
                c.rollback();
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("Staging query failed: " + e.getMessage(), e);
        }
    }
}
