package uk.ac.mim.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import uk.ac.mim.config.MimProperties;
import uk.ac.mim.staging.FeedRun;
import uk.ac.mim.staging.RunStatus;

/**
 * A rerun's copy (view-copy-rows: compare, keep): when its last OK run is recent it reads the source first and
 * writes nothing if the checked rows are what the table holds; any difference, a rejected row, or the setting at 0
 * and it copies as ever.
 */
@CamelSpringBootTest
@SpringBootTest(properties = {
        "mim.run-at-startup=false",
        "mim.datasource.staging.url=jdbc:h2:mem:rerun-test;DB_CLOSE_DELAY=-1",
        "mim.output-dir=target/test-out/rerun"})
class CopyRerunTest {

    private static final String FEED = "sits-copy-department";

    @Autowired
    FeedRunner runner;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MimProperties props;
    /** The demo's SITS source (an in-memory database every context in this JVM shares: changes are undone). */
    final JdbcTemplate sits = new JdbcTemplate(new DriverManagerDataSource("jdbc:h2:mem:sits;MODE=Oracle;DB_CLOSE_DELAY=-1", "sa", ""));

    @BeforeEach
    void firstCopy() {
        props.getCopy().setCompareFirstWithin(Duration.ZERO); // a copy that writes, whatever ran before
        assertThat(run().message()).startsWith("copied ");
        props.getCopy().setCompareFirstWithin(Duration.ofHours(12));
    }

    @AfterEach
    void undo() {
        sits.update("DELETE FROM sismgr.ucl_bdo_v_moodle_department WHERE dpt_code IN ('ZZZ1', 'ZZZ2')");
        props.getCopy().setCompareFirstWithin(Duration.ofHours(12));
    }

    private FeedRun run() {
        FeedRun r = runner.run(FEED, false, null, "test");
        assertThat(r.status()).as(r.message()).isEqualTo(RunStatus.OK);
        return r;
    }

    private int departments() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM ucl_bdo_v_moodle_department_dump", Integer.class);
    }

    @Test
    void anUnchangedSourceIsComparedAndNotRewritten() {
        int before = departments();

        FeedRun r = run();

        assertThat(r.message()).startsWith("unchanged: the source's " + before + " rows are those ucl_bdo_v_moodle_department_dump holds")
                .contains("not rewritten");
        assertThat(r.rowsRead()).isEqualTo(before);
        assertThat(r.rowsWritten()).isZero();
        assertThat(departments()).isEqualTo(before);
    }

    @Test
    void aChangedRowIsCopied() {
        int before = departments();
        sits.update("INSERT INTO sismgr.ucl_bdo_v_moodle_department (dpt_code, dpt_name, fac_code) VALUES ('ZZZ1', 'New', 'F01')");

        FeedRun r = run();

        assertThat(r.message()).startsWith("copied " + (before + 1));
        assertThat(departments()).isEqualTo(before + 1);
        assertThat(run().message()).as("and the next rerun compares again").startsWith("unchanged");
    }

    @Test
    void aTableEmptiedByHandIsCopiedAgainNotTakenAsUnchanged() {
        int before = departments();
        jdbc.update("DELETE FROM ucl_bdo_v_moodle_department_dump");

        FeedRun r = run();

        assertThat(r.message()).startsWith("copied " + before);
        assertThat(departments()).isEqualTo(before);
    }

    @Test
    void aCopyThatRejectedARowCopiesAgainSoTheRejectionIsRecordedAgain() {
        sits.update("INSERT INTO sismgr.ucl_bdo_v_moodle_department (dpt_code, dpt_name, fac_code) VALUES ('ZZZ2', 'Bad \u0000 name', 'F01')");
        assertThat(run().rowsRejected()).isEqualTo(1);

        FeedRun r = run();

        assertThat(r.message()).startsWith("copied ");
        assertThat(r.rowsRejected()).isEqualTo(1);
    }

    @Test
    void withTheSettingAtZeroEveryCopyWrites() {
        props.getCopy().setCompareFirstWithin(Duration.ZERO);

        assertThat(run().message()).startsWith("copied ");
    }

    @Test
    void anUnchangedCopyStillRunsItsRefreshStatements() {
        runner.run("sits-copy-faculties", false, null, "test");
        FeedRun first = runner.run("sits-copy-module-inst", false, null, "test");
        assertThat(first.status()).as(first.message()).isEqualTo(RunStatus.OK);
        jdbc.update("DELETE FROM sits_moduleoccurence"); // what the refresh statements rebuild

        FeedRun rerun = runner.run("sits-copy-module-inst", false, null, "test");

        assertThat(rerun.message()).startsWith("unchanged").contains("refresh statements run").doesNotContain("no row changed");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM sits_moduleoccurence", Integer.class)).isPositive();
        assertThat(runner.run("sits-copy-module-inst", false, null, "test").message()).startsWith("unchanged")
                .contains("no row changed");
    }

    @Test
    void aCopyWhoseRefreshChangedNoRowLeavesTheRefreshedTablesStatistics() {
        props.getCopy().setCompareFirstWithin(Duration.ZERO);
        FeedRun first = runner.run("sits-copy-module-inst", false, null, "test");
        jdbc.update("UPDATE sits_moduleoccurence SET mod_occ_name = 'renamed by hand'"); // the refresh puts it right

        FeedRun repaired = runner.run("sits-copy-module-inst", false, null, "test");
        FeedRun again = runner.run("sits-copy-module-inst", false, null, "test");

        assertThat(first.status()).as(first.message()).isEqualTo(RunStatus.OK);
        assertThat(repaired.message()).startsWith("copied ").contains("the refreshed tables' too");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM sits_moduleoccurence WHERE mod_occ_name = 'renamed by hand'", Integer.class))
                .isZero();
        assertThat(again.message()).startsWith("copied ").contains("the refresh changed no row");
    }
}
