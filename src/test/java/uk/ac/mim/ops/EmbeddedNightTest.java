package uk.ac.mim.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import uk.ac.mim.staging.FeedRun;
import uk.ac.mim.staging.RunStatus;

/** The embedded default end to end: every copy fills its table, the block's views work, run-once semantics. */
@CamelSpringBootTest
@SpringBootTest(properties = {
        "mim.run-at-startup=false",
        "mim.datasource.staging.url=jdbc:h2:mem:night-test;DB_CLOSE_DELAY=-1",
        "mim.output-dir=target/test-out/night",
        "mim.feeds.sits-copy-route.enabled=false"})
class EmbeddedNightTest {

    @Autowired
    FeedRunner runner;
    @Autowired
    FeedCatalog catalog;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theStartUpTableShowsEveryFeedAndTheDemoRunsTheGroupsFeedDry(@Autowired FeedTable table) {
        String t = table.table();
        assertThat(t.lines().findFirst()).hasValueSatisfying(h -> assertThat(h).matches("feed +enabled +mode +chain +cron"));
        assertThat(t).containsPattern("(?m)^cmis-moodle-groups +yes +dry +cmis +0 15 2 \\* \\* \\?$")
                .containsPattern("(?m)^sits-ims-enrolments +yes +LIVE +sits +0 15 1 \\* \\* \\?$")
                .containsPattern("(?m)^sits-copy-route +NO +LIVE +sits")
                .containsPattern("(?m)^moodle-snapshot-user +yes +LIVE +sits, cmis +with each chain$");
    }

    @Test
    void outsideTheDemoNoFeedIsDryUnlessTheSiteSaysSo() {
        uk.ac.mim.config.MimProperties p = new uk.ac.mim.config.MimProperties();
        assertThat(p.isDryRun("cmis-moodle-groups")).as("the demo's default").isTrue();
        p.getDemo().setSeed(false);
        assertThat(p.isDryRun("cmis-moodle-groups")).as("a site's default").isFalse();
        uk.ac.mim.config.MimProperties.Feed own = new uk.ac.mim.config.MimProperties.Feed();
        own.setDryRun(true);
        p.getFeeds().put("cmis-moodle-groups", own);
        assertThat(p.isDryRun("cmis-moodle-groups")).isTrue();
    }

    @Test
    void everyCopyFillsItsDumpTableInDependencyOrder() {
        List<FeedRun> runs = runner.runOnce("all", true, "test");

        assertThat(runs).extracting(FeedRun::feedId).startsWith("sits-copy-faculties", "sits-copy-department")
                .contains("cmis-copy-group-tutors", "moodle-snapshot-groupings-groups").endsWith("sits-ims-enrolments", "sits-profile-fields", "sits-personal-tutors", "cmis-moodle-groups").hasSize(27);
        assertThat(runs.indexOf(find(runs, "cmis-copy-groups"))).isLessThan(runs.indexOf(find(runs, "moodle-snapshot-course")));
        assertThat(runs).allMatch(FeedRun::dryRun);
        for (FeedRun r : runs) {
            if (r.feedId().equals("sits-copy-route")) {
                assertThat(r.status()).isEqualTo(RunStatus.SKIPPED);
                assertThat(r.message()).contains("disabled");
            } else if (r.feedId().startsWith("sits-") && !r.feedId().startsWith("sits-copy")) {
                // a SITS publisher does not run on a cycle whose inputs did not all finish OK
                assertThat(r.status()).isEqualTo(RunStatus.SKIPPED);
                assertThat(r.message()).isEqualTo("inputs did not finish OK in this cycle: sits-copy-route");
            } else if (r.feedId().equals("cmis-moodle-groups")) {
                assertThat(r.status()).as(r.message()).isEqualTo(RunStatus.OK);
                assertThat(r.message()).contains("groups to create", "dry run: no call made");
            } else {
                assertThat(r.status()).as(r.feedId() + ": " + r.message()).isEqualTo(RunStatus.OK);
                assertThat(r.rowsWritten()).as(r.feedId()).isPositive();
            }
        }
        for (String table : List.of("ucl_bdo_v_moodle_student_enrl_dump", "cmis_v_moodle_group_students_dump",
                "moodle_user_enrolments_dump", "moodle_groupings_groups_dump")) {
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Integer.class)).as(table).isPositive();
        }
        // CMIS sends some codes with a leading zero: normalised to SITS's 8 digits on copy
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM cmis_v_moodle_group_students_dump WHERE LENGTH(stu_code) <> 8",
                Integer.class)).isZero();
    }

    @Test
    void theBlockSeesModuleOccurrencesAndEveryKindOfMapping() {
        runner.runOnce("sits-copy-module-inst,sits-copy-department,sits-copy-programme,sits-copy-faculties", false, "test");

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM sits_moduleoccurence", Integer.class)).isEqualTo(42);
        assertThat(jdbc.queryForList("SELECT DISTINCT mapping_type FROM sits_v_mappings", String.class))
                .containsExactlyInAnyOrder("module", "department", "programme", "route", "faculty");
        assertThat(jdbc.queryForList("SELECT DISTINCT data_type FROM sits_v_sitsdata", String.class))
                .contains("module", "department", "programme", "faculty");
        assertThat(jdbc.queryForObject("SELECT label FROM sits_v_mappings WHERE mapping_type = 'faculty'", String.class))
                .isEqualTo("F01 - Faculty of Laws & Social Sciences PG");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM sits_v_mappings WHERE mapping_active = 'N'", Integer.class)).isPositive();
    }

    @Test
    void namedFeedsRunInDependencyOrderAndUnknownOnesAreRefused() {
        assertThat(catalog.resolve("moodle-snapshot-course, sits-copy-faculties"))
                .containsExactly("sits-copy-faculties", "moodle-snapshot-course");
        assertThatThrownBy(() -> catalog.resolve("sits-copy-nope")).hasMessageContaining("Unknown feed 'sits-copy-nope'");
    }

    private static FeedRun find(List<FeedRun> runs, String id) {
        return runs.stream().filter(r -> r.feedId().equals(id)).findFirst().orElseThrow();
    }
}
