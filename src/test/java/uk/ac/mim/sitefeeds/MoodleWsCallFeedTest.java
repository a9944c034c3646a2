package uk.ac.mim.sitefeeds;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

import uk.ac.mim.ops.FeedRunner;
import uk.ac.mim.staging.FeedRun;
import uk.ac.mim.staging.Journal;
import uk.ac.mim.staging.RunStatus;
import uk.ac.mim.testing.FakeMoodle;

/**
 * docs/adding-a-feed.md's web-service feed, as a site writes it: a .sql and a few lines of YAML in mim.routes-dir,
 * against a WireMock Moodle answering as the recorded Moodle 4.5 samples do. A dry run calls nothing; a live run
 * checks the site, sends the items in batches, and the one item Moodle refuses (a group name taken) is isolated and
 * journaled with Moodle's reason while the others are created.
 */
@CamelSpringBootTest
@SpringBootTest(properties = {
        "mim.run-at-startup=false",
        "mim.datasource.staging.url=jdbc:h2:mem:ws-call-test;DB_CLOSE_DELAY=-1",
        "mim.output-dir=target/test-out/ws-call",
        "mim.moodle.token=" + FakeMoodle.TOKEN,
        "mim.moodle.expected-site-url=https://moodle.example.ac.uk/",
        "mim.moodle.calls-per-second=1000",
        "mim.moodle.initial-backoff=20ms",
        "mim.moodle.time-budget=20s"})
class MoodleWsCallFeedTest {

    static final FakeMoodle MOODLE = new FakeMoodle();
    static final WireMockServer SERVER = MOODLE.serve();
    static final Path ROUTES = Path.of("target/test-out/ws-call-routes");

    @DynamicPropertySource
    static void routes(DynamicPropertyRegistry r) throws Exception {
        FileSystemUtils.deleteRecursively(ROUTES);
        Files.createDirectories(ROUTES);
        // one reading group per course, and one name twice in a course: Moodle refuses the second
        Files.writeString(ROUTES.resolve("reading-groups.sql"), """
                SELECT id AS courseid, CONCAT('Reading group ', shortname) AS name FROM moodle_course_dump WHERE id <= 5
                UNION ALL
                SELECT id, CONCAT('Reading group ', shortname) FROM moodle_course_dump WHERE id = 3
                ORDER BY 1
                """);
        Files.writeString(ROUTES.resolve("moodle-reading-groups.yaml"), """
                - templatedRoute:
                    routeTemplateRef: moodle-ws-call
                    routeId: moodle-reading-groups
                    prefixId: reading-groups-
                    parameters:
                      - name: query
                        value: "file:%s"
                      - name: function
                        value: core_group_create_groups
                      - name: mapping
                        value: "groups[{i}][courseid]=courseid, groups[{i}][name]=name, groups[{i}][description]='Reading group'"
                      - name: batchSize
                        value: "4"
                      - name: maxRefusedPercent
                        value: "50"
                """.formatted(ROUTES.resolve("reading-groups.sql").toAbsolutePath()));
        r.add("mim.routes-dir", () -> ROUTES.toString());
        r.add("mim.moodle.url", () -> "http://localhost:" + SERVER.port());
    }

    @AfterAll
    static void stop() {
        SERVER.stop();
    }

    @Autowired
    FeedRunner runner;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Journal journal;

    @Test
    void theSitesWebServiceFeedSendsItsRowsAndIsolatesTheRefusedOne() {
        runner.runOnce("moodle-snapshot-course", false, "test");
        long courses = jdbc.queryForObject("SELECT COUNT(*) FROM moodle_course_dump WHERE id <= 5", Long.class);
        assertThat(courses).isGreaterThanOrEqualTo(3);
        MOODLE.reset();

        FeedRun dry = runner.run("moodle-reading-groups", true, null, "test");
        assertThat(dry.status()).as(dry.message()).isEqualTo(RunStatus.OK);
        assertThat(dry.message()).isEqualTo((courses + 1) + " items of core_group_create_groups; dry run: "
                + ((courses + 1 + 3) / 4) + " calls of core_group_create_groups planned, none made");
        assertThat(MOODLE.calls).isEmpty();

        FeedRun live = runner.run("moodle-reading-groups", false, null, "test");

        assertThat(live.status()).as(live.message()).isEqualTo(RunStatus.OK);
        assertThat(MOODLE.calls.get(0)).isEqualTo("core_webservice_get_site_info");
        assertThat(MOODLE.groups.values()).hasSize((int) courses)
                .allSatisfy(g -> assertThat(g.name()).startsWith("Reading group "));
        assertThat(live.rowsWritten()).isEqualTo(courses);
        assertThat(live.rowsRejected()).isEqualTo(1);
        List<String> reasons = journal.rejectedReasons(live.runId());
        assertThat(reasons).singleElement().asString()
                .isEqualTo("Moodle refused core_group_create_groups: invalidparameter: Invalid parameter value detected"); // all Moodle 4.5 says
    }
}
