package uk.ac.mim.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLRecoverableException;
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

/** A copy that fails in its route: journaled FAILED by the shared route configuration, previous rows intact, night goes on. */
@CamelSpringBootTest
@UseAdviceWith
@SpringBootTest(properties = {
        "mim.run-at-startup=false",
        "mim.datasource.staging.url=jdbc:h2:mem:failure-test;DB_CLOSE_DELAY=-1",
        "mim.copy.retry-delay=20",
        "mim.output-dir=target/test-out/failure"})
class CopyFailureRouteTest {

    @Autowired
    CamelContext camel;
    @Autowired
    FeedRunner runner;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aFailedCopyIsJournaledAndLeavesThePreviousRows() throws Exception {
        // the faculties copy loses its source at its read step (the rows route every copy shares)
        AdviceWith.adviceWith(camel, "view-copy-rows", a -> a.weaveById("view-copy-read").before().process(ex -> {
            if ("sits-copy-faculties".equals(ex.getMessage().getHeader("mimFeedId"))) {
                throw new SQLRecoverableException("ORA-03113: end-of-file on communication channel");
            }
        }));
        camel.start();
        jdbc.update("INSERT INTO ucl_bdo_v_moodle_faculties_dump (fac_code, fac_name) VALUES ('F99', 'From last night')");

        List<FeedRun> runs = runner.runChain("sits", "test");

        FeedRun failed = runs.get(0);
        assertThat(failed.feedId()).isEqualTo("sits-copy-faculties");
        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.message()).contains("ORA-03113")
                .contains("the last of several attempts: attempt 1 failed: SQLRecoverableException: ORA-03113", "attempt 2 failed");
        assertThat(jdbc.queryForList("SELECT fac_code FROM ucl_bdo_v_moodle_faculties_dump", String.class)).containsExactly("F99");
        // the rest of the copies still ran; the publishers, whose inputs failed, were skipped and say why
        List<FeedRun> publishers = runs.subList(runs.size() - 3, runs.size());
        assertThat(runs.subList(1, runs.size() - 3)).allMatch(r -> r.status() == RunStatus.OK);
        assertThat(runs).extracting(FeedRun::feedId).contains("sits-copy-student-enrl", "moodle-snapshot-user");
        assertThat(publishers).extracting(FeedRun::feedId)
                .containsExactly("sits-ims-enrolments", "sits-profile-fields", "sits-personal-tutors");
        assertThat(publishers).allMatch(p -> p.status() == RunStatus.SKIPPED
                && p.message().equals("inputs did not finish OK in this cycle: sits-copy-faculties"));
        // and the feed runs again: a second trigger is not refused as "already running"
        assertThat(runner.run("sits-copy-faculties", false, null, "test").status()).isEqualTo(RunStatus.FAILED);
    }
}
