package uk.ac.mim.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import uk.ac.mim.moodle.MoodleProperties;
import uk.ac.mim.ops.FeedRunner;
import uk.ac.mim.staging.FeedRun;
import uk.ac.mim.testing.FakeMoodle;

/**
 * A full night with known secrets — the staging database password and the Moodle token — plus the runs
 * that fail because of them: neither secret appears in any log line, journal row, rejected row, Moodle
 * failure, plan, report file or exception message.
 */
@CamelSpringBootTest
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(properties = {
        "mim.run-at-startup=false",
        "mim.datasource.staging.url=jdbc:h2:mem:secrets-test;DB_CLOSE_DELAY=-1",
        "mim.datasource.staging.username=mim",
        "mim.datasource.staging.password=" + SecretsTest.DB_PASSWORD,
        "mim.output-dir=target/test-out/secrets",
        "mim.feeds.cmis-moodle-groups.dry-run=false",
        "mim.moodle.token=" + FakeMoodle.TOKEN,
        "mim.moodle.expected-site-url=https://moodle.example.ac.uk",
        "mim.moodle.calls-per-second=1000",
        "mim.moodle.initial-backoff=20ms",
        "mim.moodle.time-budget=5s"})
class SecretsTest {

    static final String DB_PASSWORD = "Db-Secret-7c1d2e9f";
    static final FakeMoodle MOODLE = new FakeMoodle();
    static final WireMockServer SERVER = MOODLE.serve();

    @DynamicPropertySource
    static void moodle(DynamicPropertyRegistry r) {
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
    MoodleProperties moodle;

    @Test
    void noSecretIsEverWrittenAnywhere(CapturedOutput output) throws Exception {
        List<String> exceptions = new ArrayList<>();
        List<FeedRun> night = runner.runOnce("all", false, "test");
        assertThat(night).extracting(FeedRun::feedId).contains("cmis-moodle-groups");
        MOODLE.siteUrl = "https://moodle-other.example.ac.uk";
        runner.run("cmis-moodle-groups", null, null, "test");
        MOODLE.siteUrl = "https://moodle.example.ac.uk";
        moodle.setToken("wrong-" + FakeMoodle.TOKEN);
        runner.run("cmis-moodle-groups", null, null, "test");
        moodle.setUrl("http://127.0.0.1:1");
        runner.run("cmis-moodle-groups", null, null, "test");
        try {
            runner.run("no-such-feed", null, null, "test");
        } catch (RuntimeException e) {
            exceptions.add(String.valueOf(e));
        }

        List<String> everywhere = new ArrayList<>(List.of(output.getAll()));
        everywhere.addAll(exceptions);
        everywhere.addAll(jdbc.queryForList("SELECT COALESCE(message, '') FROM mim_feed_run", String.class));
        everywhere.addAll(jdbc.queryForList("SELECT reason || COALESCE(row_data, '') FROM mim_rejected_row", String.class));
        everywhere.addAll(jdbc.queryForList("SELECT COALESCE(message, '') FROM mim_moodle_failure", String.class));
        everywhere.addAll(jdbc.queryForList("SELECT CAST(plan_json AS VARCHAR(1000000)) FROM mim_run_plan", String.class));
        try (Stream<Path> files = Files.walk(Path.of("target/test-out/secrets"))) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".mv.db")).toList()) {
                everywhere.add(Files.readString(f));
            }
        }
        assertThat(everywhere).hasSizeGreaterThan(30);
        for (String text : everywhere) {
            assertThat(text).doesNotContain(FakeMoodle.TOKEN).doesNotContain(DB_PASSWORD);
        }
        assertThat(String.join("\n", everywhere)).contains("invalidtoken", "answers for site https://moodle-other.example.ac.uk");
    }
}
