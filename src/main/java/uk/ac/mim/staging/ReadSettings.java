package uk.ac.mim.staging;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * A source pool as camel-sql sees it in a copy's read step: each connection read-only with auto-commit off (a
 * stream, not a whole result), every statement with the source's fetch size (Oracle fetches 10 rows a round trip
 * otherwise) and the copy's query timeout, which camel-sql's {@code StreamList} does not set. The pool itself stays
 * the one {@link SourceDataSources} holds.
 */
public final class ReadSettings extends DelegatingDataSource {

    private final int fetchSize;
    private final int timeoutSeconds;

    public ReadSettings(DataSource pool, int fetchSize, Duration queryTimeout) {
        super(pool);
        this.fetchSize = fetchSize;
        this.timeoutSeconds = (int) Math.min(Integer.MAX_VALUE, queryTimeout.toSeconds());
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection c = obtainTargetDataSource().getConnection();
        // PostgreSQL streams a result with a fetch size only inside a transaction: in auto-commit it reads every row
        // into memory first (a ×4 copy of 1.6 million registrations ran a 128 MiB heap out before its first row).
        // The pool rolls the read back and restores auto-commit when camel-sql closes the connection.
        c.setReadOnly(true);
        c.setAutoCommit(false);
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(c, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (result instanceof Statement s && method.getName().endsWith("Statement")) {
                        s.setFetchSize(fetchSize);
                        s.setQueryTimeout(timeoutSeconds);
                    }
                    return result;
                });
    }
}
