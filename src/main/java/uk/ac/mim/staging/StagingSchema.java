package uk.ac.mim.staging;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;

import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationStrategy;
import org.springframework.stereotype.Component;

/**
 * Applies the staging migrations at start-up, or, when the staging database is not reachable then, as
 * soon as it is (retried every {@code mim.staging.retry-interval}). The service starts either way: health
 * is DOWN and every feed fails cleanly until the schema is ready.
 */
@Component("stagingSchema")
public class StagingSchema implements FlywayMigrationStrategy, HealthIndicator {

    private static final Logger LOG = LoggerFactory.getLogger(StagingSchema.class);

    private final Duration retry;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mim-staging-migrate");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean ready;
    private volatile String problem = "not migrated yet";

    public StagingSchema(@Value("${mim.staging.retry-interval:30s}") Duration retry) {
        this.retry = retry;
    }

    @Override
    public void migrate(Flyway flyway) {
        if (!attempt(flyway)) {
            LOG.error("Staging database unavailable: {}; the service runs, feeds fail until it is reachable (retry every {})",
                    problem, retry);
            retries.scheduleWithFixedDelay(() -> {
                if (!ready && attempt(flyway)) {
                    LOG.info("Staging database reachable: schema migrated");
                    retries.shutdown();
                }
            }, retry.toMillis(), retry.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private boolean attempt(Flyway flyway) {
        try {
            flyway.migrate();
            ready = true;
            problem = null;
            return true;
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            problem = Journal.bounded(root.getClass().getSimpleName() + ": " + root.getMessage(), 500);
            return false;
        }
    }

    public boolean ready() {
        return ready;
    }

    /** Throws when the schema is not ready, with the reason: feeds call it before anything else. */
    public void requireReady() {
        if (!ready) {
            throw new IllegalStateException("staging database not ready: " + problem);
        }
    }

    @Override
    public Health health() {
        return ready ? Health.up().build() : Health.down().withDetail("reason", "staging schema not migrated: " + problem).build();
    }

    @PreDestroy
    void stop() {
        retries.shutdownNow();
    }
}
