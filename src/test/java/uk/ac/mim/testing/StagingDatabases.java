package uk.ac.mim.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import uk.ac.mim.staging.StagingDialect;

/**
 * The staging databases the tests run on: H2 always, plus each server named in
 * {@code MIM_IT_DATABASES} (postgres, mariadb), as {@code .ci/run} sets it. A listed server that cannot
 * be reached fails the test: it never silently skips.
 */
public final class StagingDatabases {

    public static final String ENV = "MIM_IT_DATABASES";
    public static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/";
    public static final String MARIADB_URL = "jdbc:mariadb://127.0.0.1:3306/";
    private static final String DB = "mim_it";

    private StagingDatabases() {
    }

    public record Target(String name, String url, String user, String password) {
        @Override
        public String toString() {
            return name;
        }

        /** A pooled DataSource on a freshly cleaned and migrated staging schema. */
        public HikariDataSource fresh() {
            HikariConfig c = new HikariConfig();
            c.setJdbcUrl(url);
            c.setUsername(user);
            c.setPassword(password);
            c.setMaximumPoolSize(6);
            c.setPoolName("it-" + name);
            HikariDataSource ds = new HikariDataSource(c);
            migrate(ds, true);
            return ds;
        }
    }

    public static void migrate(DataSource ds, boolean clean) {
        StagingDialect dialect = StagingDialect.of(ds);
        Flyway flyway = Flyway.configure().dataSource(ds).cleanDisabled(false)
                .locations("classpath:db/migration", "classpath:db/vendor/" + dialect.vendor())
                .placeholders(dialect.placeholders()).load();
        if (clean) {
            flyway.clean();
        }
        flyway.migrate();
    }

    public static List<String> listed() {
        String env = System.getenv(ENV);
        List<String> out = new ArrayList<>();
        if (env != null) {
            for (String s : env.split(",")) {
                if (!s.isBlank()) {
                    out.add(s.strip().toLowerCase(Locale.ROOT));
                }
            }
        }
        return out;
    }

    public static List<Target> targets() {
        List<Target> out = new ArrayList<>();
        out.add(new Target("h2", "jdbc:h2:mem:staging-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", ""));
        for (String name : listed()) {
            switch (name) {
                case "postgres", "postgresql" -> out.add(postgres());
                case "mariadb", "mysql" -> out.add(mariadb());
                default -> throw new IllegalArgumentException(ENV + " names an unknown database: " + name);
            }
        }
        return out;
    }

    public static Target postgres() {
        try (Connection c = DriverManager.getConnection(PG_URL + "postgres", "postgres", "");
             Statement s = c.createStatement()) {
            var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DB + "'");
            if (!rs.next()) {
                s.execute("CREATE DATABASE " + DB + " ENCODING 'UTF8'");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL listed in " + ENV + " but unreachable at " + PG_URL + ": "
                    + e.getMessage(), e);
        }
        return new Target("postgres", PG_URL + DB, "postgres", "");
    }

    public static Target mariadb() {
        try (Connection c = DriverManager.getConnection(MARIADB_URL, "root", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS " + DB + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        } catch (SQLException e) {
            throw new IllegalStateException("MariaDB listed in " + ENV + " but unreachable at " + MARIADB_URL + ": "
                    + e.getMessage(), e);
        }
        return new Target("mariadb", MARIADB_URL + DB, "root", "");
    }
}
