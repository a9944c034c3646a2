package uk.ac.mim.testing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

/**
 * A staging database whose connection is lost on the n-th write of a copy: a JDBC batch, or a chunk through the bulk
 * path (PostgreSQL's COPY is reached by unwrapping the connection, MariaDB's LOAD DATA is a statement's update).
 */
public final class StagingFaults {

    private StagingFaults() {
    }

    public static DataSource failingOnBatch(DataSource real, int n) {
        AtomicInteger batches = new AtomicInteger();
        return (DataSource) Proxy.newProxyInstance(StagingFaults.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (p, m, a) -> {
                    Object r = call(real, m, a);
                    if (r instanceof Connection c) {
                        return Proxy.newProxyInstance(StagingFaults.class.getClassLoader(), new Class<?>[] {Connection.class},
                                (p2, m2, a2) -> {
                                    if (m2.getName().equals("unwrap") && a2[0] == org.postgresql.PGConnection.class
                                            && batches.incrementAndGet() == n) {
                                        throw new SQLTransientConnectionException("connection to the staging database lost");
                                    }
                                    Object r2 = call(c, m2, a2);
                                    if (r2 instanceof Statement ps) {
                                        Class<?> type = ps instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
                                        return Proxy.newProxyInstance(StagingFaults.class.getClassLoader(),
                                                new Class<?>[] {type}, (p3, m3, a3) -> {
                                                    if ((m3.getName().equals("executeBatch") || m3.getName().equals("executeLargeUpdate"))
                                                            && batches.incrementAndGet() == n) {
                                                        throw new SQLTransientConnectionException("connection to the staging database lost");
                                                    }
                                                    return call(ps, m3, a3);
                                                });
                                    }
                                    return r2;
                                });
                    }
                    return r;
                });
    }

    private static Object call(Object target, java.lang.reflect.Method m, Object[] a) throws Throwable {
        try {
            return m.invoke(target, a);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
