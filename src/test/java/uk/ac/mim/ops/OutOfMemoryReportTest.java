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

/** Running out of memory is reported as that, naming the feed and the stage. */
@CamelSpringBootTest
@UseAdviceWith
@SpringBootTest(properties = {
        "mim.run-at-startup=false",
        "mim.datasource.staging.url=jdbc:h2:mem:oom-test;DB_CLOSE_DELAY=-1",
        "mim.output-dir=target/test-out/oom"})
class OutOfMemoryReportTest {

    @Autowired
    CamelContext camel;
    @Autowired
    FeedRunner runner;
    @Autowired
    uk.ac.mim.staging.ViewCopier copier;

    @Test
    void anOutOfMemoryErrorInAStageIsReportedAsThatNamingTheFeedAndTheStage() throws Exception {
        // the plan stage runs out of heap (its bean replaced by one that does, under the stage's id)
        AdviceWith.adviceWith(camel, "sits-personal-tutors", a -> a.weaveById("tutors-plan").replace().process(ex -> {
            throw new OutOfMemoryError("Java heap space");
        }).id("tutors-plan"));
        camel.start();

        FeedRun r = runner.run("sits-personal-tutors", false, "oom-test-cycle", "test"); // in a cycle: its inputs are not asked for

        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.message()).startsWith("out of memory in sits-personal-tutors while tutors-plan; raise -Xmx")
                .endsWith("(OutOfMemoryError: Java heap space)");
        // the run's lock was released: the next run starts (and fails the same way), it is not SKIPPED as running
        assertThat(runner.run("sits-personal-tutors", false, "oom-test-cycle-2", "test").status()).isEqualTo(RunStatus.FAILED);
    }

    @Test
    void anOutOfMemoryThatABeanCallWrappedIsReportedInItsStageNotTheHandlers() throws Exception {
        // as the groups feed's plan did at ×4: the heap ran out inside a bean, and Camel's bean call handed the error
        // on wrapped in an exception, which the route configuration's handler took
        AdviceWith.adviceWith(camel, "sits-personal-tutors", a -> a.weaveById("tutors-plan").replace().process(ex -> {
            throw new org.apache.camel.CamelExecutionException("Exception occurred during execution", ex,
                    new OutOfMemoryError("Java heap space"));
        }).id("tutors-plan"));
        camel.start();

        FeedRun r = runner.run("sits-personal-tutors", false, "oom-wrapped-cycle", "test");

        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.message()).startsWith("out of memory in sits-personal-tutors while tutors-plan; raise -Xmx")
                .contains("<- OutOfMemoryError: Java heap space");
    }

    @Test
    void aCopyThatRunsOutOfMemoryInItsLoadSaysSo() throws Exception {
        // the heap runs out once the copy's load has deleted the old rows (the copier's own hook, inside view-copy-load)
        copier.setListener((feed, step) -> {
            if (feed.equals("sits-copy-route") && step == uk.ac.mim.staging.CopyListener.Step.LIVE_DELETED) {
                throw new OutOfMemoryError("Java heap space");
            }
        });
        try {
            camel.start();

            FeedRun r = runner.run("sits-copy-route", false, null, "test");

            assertThat(r.status()).isEqualTo(RunStatus.FAILED);
            assertThat(r.message()).startsWith("out of memory in sits-copy-route while view-copy-load; raise -Xmx")
                    // the staging connection mid-write and the source's mid-read: neither goes back to its pool
                    .contains("; 2 database connections that were in use were discarded, not returned to the pool (");
        } finally {
            copier.setListener(null);
        }
    }
}
