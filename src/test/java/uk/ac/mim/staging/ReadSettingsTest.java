package uk.ac.mim.staging;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

/**
 * A copy's read connection, as camel-sql gets it from the registry: read-only and out of auto-commit (PostgreSQL reads a
 * whole result into memory otherwise; a ×4 copy ran a 128 MiB heap out that way), with the source's fetch size and the
 * copy's query timeout on every statement; and back in the pool's defaults once returned.
 */
class ReadSettingsTest {

    @Test
    void theReadIsAStreamInATransactionWithTheSourcesFetchSizeAndTheCopysTimeout() throws Exception {
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setJdbcUrl("jdbc:h2:mem:read-settings-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
            pool.setMaximumPoolSize(1);
            ReadSettings read = new ReadSettings(pool, 777, Duration.ofMinutes(3));

            try (Connection c = read.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT 1")) {
                assertThat(c.getAutoCommit()).isFalse();
                assertThat(c.isReadOnly()).isTrue();
                assertThat(ps.getFetchSize()).isEqualTo(777);
                assertThat(ps.getQueryTimeout()).isEqualTo(180);
            }
            try (Connection again = pool.getConnection()) {
                assertThat(again.getAutoCommit()).as("the pool's own default, restored").isTrue();
            }
        }
    }
}
