package uk.ac.mim.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every copy test holds: a fresh staging database per test (H2, and PostgreSQL and MariaDB when
 * MIM_IT_DATABASES names them), an in-memory source kept open for the test's length, a folder for its .sql files.
 */
public abstract class CopyDatabases {

    @TempDir
    protected Path dir;
    protected HikariDataSource staging;
    protected Connection sourceKeepAlive;

    protected static List<StagingDatabases.Target> databases() {
        return StagingDatabases.targets();
    }

    @AfterEach
    void closeDatabases() throws Exception {
        if (staging != null) {
            staging.close();
        }
        if (sourceKeepAlive != null) {
            sourceKeepAlive.close();
        }
    }
}
