package uk.ac.mim.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import uk.ac.mim.staging.FeedRun;
import uk.ac.mim.staging.RunStatus;

/**
 * Camel's redelivery of a copy (routes/error-handling.yaml, mim-copy-errors): a transient source failure is tried
 * again with back-off and the journal row says so; a failure that is not transient is not tried again.
 */
@CamelSpringBootTest
@UseAdviceWith
@SpringBootTest(properties = {
        "mim.run-at-startup=false",
        "mim.datasource.staging.url=jdbc:h2:mem:retry-test;DB_CLOSE_DELAY=-1",
        "mim.copy.retry-delay=20",
        "mim.output-dir=target/test-out/retry"})
class CopyRetryTest {

    @Autowired
    CamelContext camel;
    @Autowired
    FeedRunner runner;

    @Test
    void aCopyWhoseSourceDropsOnceIsTriedAgainAndSaysSo() throws Exception {
        // the source drops after the read began: the next attempt must read again from the first row
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        AdviceWith.adviceWith(camel, "view-copy-rows", a -> {
            a.weaveById("view-copy-read").after().process(ex -> {
                if ("sits-copy-department".equals(ex.getMessage().getHeader("mimFeedId"))) {
                    reads.incrementAndGet();
                }
            });
            a.weaveById("view-copy-load").before().process(ex -> {
                if ("sits-copy-department".equals(ex.getMessage().getHeader("mimFeedId")) && calls.incrementAndGet() == 1) {
                    throw new java.sql.SQLException("I/O error: Connection reset", "08006");
                }
            });
        });
        camel.start();

        FeedRun r = runner.run("sits-copy-department", false, null, "test");

        assertThat(r.status()).as(r.message()).isEqualTo(RunStatus.OK);
        assertThat(calls).hasValue(2);
        assertThat(reads).as("each attempt reads the source again").hasValue(2);
        assertThat(r.message()).startsWith("copied ").contains("(attempt 1 failed: SQLException: I/O error: Connection reset;"
                + " the next attempt succeeded)");
    }

    @Test
    void aCopyThatFailsForGoodIsNotTriedAgain() throws Exception {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        AdviceWith.adviceWith(camel, "view-copy-rows", a -> a.weaveById("view-copy-read").before().process(ex -> {
            if ("sits-copy-route".equals(ex.getMessage().getHeader("mimFeedId"))) {
                calls.incrementAndGet();
                throw new java.sql.SQLSyntaxErrorException("ORA-00942: table or view does not exist");
            }
        }));
        camel.start();

        FeedRun r = runner.run("sits-copy-route", false, null, "test");

        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(calls).hasValue(1);
        assertThat(r.message()).contains("ORA-00942").doesNotContain("attempt");
    }
}
