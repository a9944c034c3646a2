package uk.ac.mim.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;

import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

import uk.ac.mim.ops.FeedRunner;
import uk.ac.mim.staging.RunStatus;
import uk.ac.mim.staging.StagingSchema;

/**
 * The staging database is unavailable when the service starts: the service starts anyway, health is DOWN,
 * feeds fail cleanly; once the database is reachable the schema is migrated and the feeds run.
 */
@CamelSpringBootTest
@SpringBootTest(properties = {
        "mim.run-at-startup=false",
        "mim.staging.retry-interval=200ms",
        "mim.datasource.staging.connection-timeout=1s",
        "mim.output-dir=target/test-out/staging-late"})
class StagingUnavailableTest {

    static final Path DB = Path.of("target/test-out/staging-late/db").toAbsolutePath();

    @DynamicPropertySource
    static void staging(DynamicPropertyRegistry r) throws Exception {
        FileSystemUtils.deleteRecursively(DB);
        // IFEXISTS: connections are refused until the database is created, as with a server that is down
        r.add("mim.datasource.staging.url", () -> "jdbc:h2:file:" + DB.resolve("staging") + ";IFEXISTS=TRUE");
    }

    @Autowired
    StagingSchema schema;
    @Autowired
    FeedRunner runner;
    @Autowired
    org.springframework.boot.actuate.health.HealthEndpoint health;

    @Test
    void theServiceStartsHealthIsDownFeedsFailCleanlyAndTheMigrationRunsOnceReachable() throws Exception {
        assertThat(schema.ready()).isFalse();
        assertThat(schema.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(schema.health().getDetails().get("reason").toString()).contains("staging schema not migrated");
        // the probes: not ready (no staging), but alive (a restart would not help)
        assertThat(health.healthForPath("readiness").getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.healthForPath("liveness").getStatus()).isEqualTo(Status.UP);
        assertThatThrownBy(() -> runner.run("sits-copy-faculties", null, null, "test"))
                .hasMessageContaining("staging database not ready");

        DriverManager.getConnection("jdbc:h2:file:" + DB.resolve("staging"), "sa", "").close(); // the server is back

        await().atMost(Duration.ofSeconds(20)).until(schema::ready);
        assertThat(schema.health().getStatus()).isEqualTo(Status.UP);
        assertThat(health.healthForPath("readiness").getStatus()).isEqualTo(Status.UP);
        assertThat(runner.run("sits-copy-faculties", null, null, "test").status()).isEqualTo(RunStatus.OK);
    }
}
