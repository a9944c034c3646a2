package uk.ac.mim.testing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;

import javax.sql.DataSource;

/** A source whose connection is lost after a given number of rows: next() throws, as a dropped link does. */
public final class FailingDataSource {

    private FailingDataSource() {
    }

    public static DataSource failingAfter(DataSource real, int rows) {
        return proxy(DataSource.class, real, (method, result) -> {
            if (result instanceof Connection c) {
                return proxy(Connection.class, c, (m2, r2) -> r2 instanceof PreparedStatement ps
                        ? proxy(PreparedStatement.class, ps, (m3, r3) -> r3 instanceof ResultSet rs ? cut(rs, rows) : r3)
                        : r2);
            }
            return result;
        });
    }

    private static ResultSet cut(ResultSet rs, int rows) {
        int[] seen = {0};
        return (ResultSet) Proxy.newProxyInstance(FailingDataSource.class.getClassLoader(), new Class<?>[] {ResultSet.class},
                (p, m, args) -> {
                    if (m.getName().equals("next") && ++seen[0] > rows) {
                        throw new SQLRecoverableException("Closed Connection (simulated after " + rows + " rows)");
                    }
                    return invoke(rs, m, args);
                });
    }

    private interface Wrap {
        Object apply(java.lang.reflect.Method m, Object result) throws Exception;
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, T target, Wrap wrap) {
        return (T) Proxy.newProxyInstance(FailingDataSource.class.getClassLoader(), new Class<?>[] {type},
                (p, m, args) -> wrap.apply(m, invoke(target, m, args)));
    }

    private static Object invoke(Object target, java.lang.reflect.Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
