package uk.ac.mim.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import uk.ac.mim.staging.FeedRun;
import uk.ac.mim.staging.RunStatus;

/**
 * The night never stops silently: a feed whose route returns without a run (here its lifecycle step is cut out,
 * as when its journal write fails) is journaled FAILED with the reason, the rest of the chain runs and is
 * journaled, and the chain's own row and health say the night did not end OK.
 */
@CamelSpringBootTest
@UseAdviceWith
@SpringBootTest(properties = {
        "mim.run-at-startup=false",
        "mim.datasource.staging.url=jdbc:h2:mem:chain-test;DB_CLOSE_DELAY=-1",
        "mim.output-dir=target/test-out/chain"})
class NightChainTest {

    @Autowired
    CamelContext camel;
    @Autowired
    FeedRunner runner;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ChainHealth health;

    @Test
    void aFeedThatReturnsWithoutARunIsJournaledFailedAndTheChainGoesOnAndSaysSo() throws Exception {
        AdviceWith.adviceWith(camel, "sits-copy-programme", a -> a.weaveByToString(".*feedLifecycle.*start.*").replace().stop());
        camel.start();

        List<FeedRun> runs = runner.runChain("sits", "test");

        FeedRun cut = runs.stream().filter(r -> r.feedId().equals("sits-copy-programme")).findFirst().orElseThrow();
        assertThat(cut.status()).isEqualTo(RunStatus.FAILED);
        assertThat(cut.message()).startsWith("did not run: sits-copy-programme did not start");
        assertThat(runs).extracting(FeedRun::feedId).contains("sits-copy-student", "moodle-snapshot-user", "sits-ims-enrolments");
        assertThat(runs).allMatch(r -> r.runId() != null && jdbc.queryForObject("SELECT COUNT(*) FROM mim_feed_run WHERE run_id = ?",
                Integer.class, r.runId()) == 1);
        String chain = jdbc.queryForObject("SELECT status || ': ' || message FROM mim_feed_run WHERE feed_id = 'sits-night'", String.class);
        assertThat(chain).startsWith("FAILED: ").contains("sits-copy-programme FAILED", "sits-ims-enrolments SKIPPED");
        assertThat(health.health("sits").getStatus().getCode()).isEqualTo("DOWN");
        assertThat(health.health("cmis").getStatus().getCode()).isEqualTo("UNKNOWN");
    }
}
