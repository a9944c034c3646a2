package uk.ac.mim.staging;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.PreparedStatementCreator;
import org.springframework.jdbc.core.PreparedStatementCreatorFactory;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.EmptySqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterUtils;
import org.springframework.jdbc.core.namedparam.ParsedSql;
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
            boolean discarded = false;
            try {
                NamedParameterJdbcTemplate t = new NamedParameterJdbcTemplate(new SingleConnectionDataSource(c, true));
                t.getJdbcTemplate().setFetchSize(fetchSize);
                t.query(sql, params, rows);
            } catch (RuntimeException | Error e) {
                discarded = Connections.discardIfOutOfMemory(staging, c, e);
                throw e;
            } finally {
                if (!discarded) {
                    c.rollback();
                    c.setAutoCommit(autoCommit);
                }
            }
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("Staging query failed: " + e.getMessage(), e);
        }
    }

    /**
     * A query read row by row at the caller's pace, for merging an ordered result with another walk (a
     * planner's courses in order): its own connection and cursor, like {@link #query}. Close it.
     */
    public <T> Cursor<T> open(String sql, RowMapper<T> mapper) {
        return cursor(c -> c.prepareStatement(sql), mapper);
    }

    /** As {@link #open(String, RowMapper)}, with named parameters ({@code :ayr}, lists expanded) as {@link #query} takes them. */
    public <T> Cursor<T> open(String sql, SqlParameterSource params, RowMapper<T> mapper) {
        ParsedSql parsed = NamedParameterUtils.parseSqlStatement(sql);
        PreparedStatementCreatorFactory factory = new PreparedStatementCreatorFactory(
                NamedParameterUtils.substituteNamedParameters(parsed, params), NamedParameterUtils.buildSqlParameterList(parsed, params));
        return cursor(factory.newPreparedStatementCreator(NamedParameterUtils.buildValueArray(parsed, params, null)), mapper);
    }

    private <T> Cursor<T> cursor(PreparedStatementCreator prepare, RowMapper<T> mapper) {
        try {
            Connection c = staging.getConnection();
            try {
                boolean autoCommit = c.getAutoCommit();
                c.setAutoCommit(false);
                PreparedStatement st = prepare.createPreparedStatement(c);
                st.setFetchSize(fetchSize);
                return new Cursor<>(staging, c, autoCommit, st, st.executeQuery(), mapper);
            } catch (SQLException | RuntimeException e) {
                c.close();
                throw e;
            }
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("Staging query failed: " + e.getMessage(), e);
        }
    }

    /** Rows one at a time: {@link #peek()} looks at the next without taking it. */
    public static final class Cursor<T> implements AutoCloseable {
        private final DataSource pool;
        private final Connection connection;
        private final boolean autoCommit;
        private boolean discarded;
        private final PreparedStatement statement;
        private final ResultSet rows;
        private final RowMapper<T> mapper;
        private T next;
        private int row;
        private boolean done;

        private Cursor(DataSource pool, Connection connection, boolean autoCommit, PreparedStatement statement, ResultSet rows,
                       RowMapper<T> mapper) {
            this.pool = pool;
            this.connection = connection;
            this.autoCommit = autoCommit;
            this.statement = statement;
            this.rows = rows;
            this.mapper = mapper;
        }

        /** The next row, not taken; null at the end. */
        public T peek() {
            if (next == null && !done) {
                try {
                    if (rows.next()) {
                        next = mapper.mapRow(rows, row++);
                    } else {
                        done = true;
                    }
                } catch (SQLException e) {
                    discarded = Connections.discardIfOutOfMemory(pool, connection, e);
                    throw new DataAccessResourceFailureException("Staging query failed: " + e.getMessage(), e);
                } catch (RuntimeException | Error e) {
                    discarded = Connections.discardIfOutOfMemory(pool, connection, e);
                    throw e;
                }
            }
            return next;
        }

        /** The next row, taken; null at the end. */
        public T take() {
            T t = peek();
            next = null;
            return t;
        }

        @Override
        public void close() {
            if (discarded) {
                return; // out of the pool and closed already: nothing to roll back
            }
            try (connection; statement; rows) {
                connection.rollback();
                connection.setAutoCommit(autoCommit);
            } catch (SQLException e) {
                throw new DataAccessResourceFailureException("Closing a staging cursor failed: " + e.getMessage(), e);
            }
        }
    }
}
