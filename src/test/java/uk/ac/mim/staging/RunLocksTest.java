package uk.ac.mim.staging;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import uk.ac.mim.config.MimProperties;
import uk.ac.mim.testing.StagingDatabases;

/**
 * One run of a feed at a time across nodes (mim_run_lock), on every staging database: a second node is refused
 * with the holder's name; only the holder's token releases; a lock whose node died (lease expired) is taken
 * over; and a trigger that fails early never frees the running run's lock.
 */
class RunLocksTest {

    private HikariDataSource staging;

    static List<StagingDatabases.Target> databases() {
        return StagingDatabases.targets();
    }

    @AfterEach
    void close() {
        if (staging != null) {
            staging.close();
        }
    }

    private static MimProperties node(String name) {
        MimProperties p = new MimProperties();
        p.setNodeName(name);
        return p;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aFeedRunsOnOneNodeAtATimeAndADeadNodesLockExpires(StagingDatabases.Target db) {
        staging = db.fresh();
        JdbcTemplate jdbc = new JdbcTemplate(staging);
        RunLocks a = new RunLocks(jdbc, node("nodeA"));
        RunLocks b = new RunLocks(jdbc, node("nodeB"));
        try {
            RunLocks.Attempt first = a.acquire("sits-copy-student");
            a.attach(first.token(), "run-1");
            assertThat(first.acquired()).isTrue();

            RunLocks.Attempt second = b.acquire("sits-copy-student");
            assertThat(second.acquired()).isFalse();
            assertThat(second.refusal()).startsWith("already running on nodeA (run run-1) since ");
            assertThat(b.acquire("sits-copy-route").acquired()).as("another feed").isTrue();

            b.release("not-the-holders-token");
            assertThat(b.acquire("sits-copy-student").acquired()).isFalse();

            // nodeA dies: its lease runs out, nodeB takes the feed over
            jdbc.update("UPDATE mim_run_lock SET expires_at = ? WHERE token = ?", Timestamp.from(Instant.now().minusSeconds(1)),
                    first.token());
            RunLocks.Attempt takeover = b.acquire("sits-copy-student");
            assertThat(takeover.acquired()).isTrue();
            a.release(first.token()); // the dead run's late release frees nothing
            assertThat(a.acquire("sits-copy-student").acquired()).isFalse();

            // a live run renews its lease
            jdbc.update("UPDATE mim_run_lock SET expires_at = ? WHERE token = ?", Timestamp.from(Instant.now().plusSeconds(5)),
                    takeover.token());
            b.renew();
            Timestamp renewed = jdbc.queryForObject("SELECT expires_at FROM mim_run_lock WHERE token = ?", Timestamp.class,
                    takeover.token());
            assertThat(renewed.toInstant()).isAfter(Instant.now().plus(Duration.ofSeconds(60)));
            b.release(takeover.token());
            assertThat(a.acquire("sits-copy-student").acquired()).isTrue();
        } finally {
            a.stop();
            b.stop();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aTriggerThatFailsEarlyNeverFreesTheRunningRunsLock(StagingDatabases.Target db) {
        staging = db.fresh();
        JdbcTemplate jdbc = new JdbcTemplate(staging);
        MimProperties props = node("nodeA");
        RunLocks locks = new RunLocks(jdbc, props);
        FeedLifecycle lifecycle = new FeedLifecycle(new Journal(jdbc), props,
                new FeedSwitches(jdbc, new TransactionTemplate(new DataSourceTransactionManager(staging))), locks);
        try {
            Exchange running = exchange();
            lifecycle.start(running);
            assertThat(running.getMessage().getHeader(FeedLifecycle.STATUS)).isEqualTo(RunStatus.RUNNING);

            Exchange second = exchange();
            lifecycle.start(second);
            assertThat(second.getMessage().getHeader(FeedLifecycle.STATUS)).isEqualTo(RunStatus.SKIPPED);
            second.setProperty(Exchange.EXCEPTION_CAUGHT, new IllegalStateException("failed early"));
            lifecycle.fail(second); // used to free the running run's marker

            Exchange third = exchange();
            lifecycle.start(third);
            assertThat(third.getMessage().getHeader(FeedLifecycle.STATUS)).as("still locked by the first run").isEqualTo(RunStatus.SKIPPED);

            lifecycle.finish(running);
            Exchange fourth = exchange();
            lifecycle.start(fourth);
            assertThat(fourth.getMessage().getHeader(FeedLifecycle.STATUS)).isEqualTo(RunStatus.RUNNING);
            lifecycle.finish(fourth);
        } finally {
            locks.stop();
        }
    }

    private static Exchange exchange() {
        Exchange ex = new DefaultExchange(new DefaultCamelContext());
        ex.getMessage().setHeader(FeedLifecycle.FEED_ID, "sits-copy-student");
        return ex;
    }
}
