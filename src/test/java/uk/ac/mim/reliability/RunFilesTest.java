package uk.ac.mim.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import uk.ac.mim.ops.FeedRunner;
import uk.ac.mim.staging.FeedRun;
import uk.ac.mim.staging.RunStatus;

/**
 * Nothing personal left behind: each publisher that spools rows is failed after it has written its spool (a guard
 * setting that does not parse) and no file of the run remains — not in the output folder's spool, not as a
 * temporary file in the drop folder, not in the system's /tmp. A successful run leaves none either.
 */
@CamelSpringBootTest
@SpringBootTest(properties = {
        "mim.run-at-startup=false",
        "mim.datasource.staging.url=jdbc:h2:mem:run-files-test;DB_CLOSE_DELAY=-1",
        "mim.output-dir=target/test-out/run-files",
        "mim.ims.drop-dir=target/test-out/run-files/drop",
        "mim.profile-fields.drop-dir=target/test-out/run-files/drop"})
class RunFilesTest {

    static final Path OUT = Path.of("target/test-out/run-files");

    @Autowired
    FeedRunner runner;
    @Autowired
    JdbcTemplate jdbc;

    @AfterEach
    void settings() {
        jdbc.update("UPDATE mim_setting SET setting_value = '75' WHERE setting_key = 'threshold-percent'");
    }

    private static List<String> leftovers() throws Exception {
        List<Path> places = List.of(OUT.resolve("spool"), OUT.resolve("drop"), Path.of(System.getProperty("java.io.tmpdir")));
        List<String> found = new java.util.ArrayList<>();
        for (Path dir : places) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    files.map(p -> p.getFileName().toString())
                            .filter(n -> n.endsWith(".spool") || n.endsWith(".part") || n.startsWith("mim-personal-tutors-"))
                            .forEach(found::add);
                }
            }
        }
        return found;
    }

    @Test
    void aPublisherFailedAfterWritingItsSpoolLeavesNoFile() throws Exception {
        List<FeedRun> night = runner.runOnce("all", false, "test");
        assertThat(night).extracting(FeedRun::status).doesNotContain(RunStatus.FAILED);
        assertThat(leftovers()).as("after a good night").isEmpty();

        jdbc.update("UPDATE mim_setting SET setting_value = '75%' WHERE setting_key = 'threshold-percent'"); // as typed by hand
        for (String feed : List.of("sits-ims-enrolments", "sits-profile-fields", "sits-personal-tutors")) {
            FeedRun r = runner.run(feed, false, null, "test");

            assertThat(r.status()).as(feed).isEqualTo(RunStatus.FAILED);
            assertThat(r.message()).as(feed).contains("75%");
            assertThat(leftovers()).as(feed + ": files left").isEmpty();
        }
    }

    @Test
    void aPublisherFailedWhileDeliveringLeavesNoFile() throws Exception {
        runner.runOnce("all", false, "test");
        // the CSV cannot be archived (the archive folder is a file); the tutor view refuses every row
        Path archive = OUT.resolve("archive");
        org.springframework.util.FileSystemUtils.deleteRecursively(archive);
        Files.writeString(archive, "not a folder");
        jdbc.update("UPDATE ucl_bdo_v_moodle_student_dump SET first_name = CONCAT(first_name, ' ')"); // a change to deliver
        jdbc.update("DELETE FROM mim_personal_tutor"); // an empty view (no baseline to guard), and a refresh it refuses
        jdbc.execute("ALTER TABLE mim_personal_tutor ADD CONSTRAINT run_files_test_refuse CHECK (student_code = 'none')");
        try {
            for (String feeds : List.of("sits-ims-enrolments,sits-profile-fields", "sits-personal-tutors")) {
                List<FeedRun> runs = runner.runOnce(feeds, false, "test");
                assertThat(runs).as(feeds).anyMatch(r -> r.status() == RunStatus.FAILED);
                assertThat(leftovers()).as(feeds + ": files left").isEmpty();
            }
        } finally {
            jdbc.execute("ALTER TABLE mim_personal_tutor DROP CONSTRAINT run_files_test_refuse");
            Files.deleteIfExists(archive);
        }
    }
}
