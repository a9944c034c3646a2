package uk.ac.mim.sitefeeds;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

import uk.ac.mim.ops.FeedCatalog;
import uk.ac.mim.ops.FeedRunner;
import uk.ac.mim.staging.FeedRun;
import uk.ac.mim.staging.RunStatus;

/**
 * docs/adding-a-feed.md's CSV export, as a site writes it: a .sql and a few lines of YAML dropped into
 * mim.routes-dir (twice, to two files: the template's step ids stay unique). The service starts, the feed runs,
 * the file's bytes are checked; a dry run delivers nothing; a file that shrinks past the guard is not delivered.
 */
@CamelSpringBootTest
@SpringBootTest(properties = {
        "mim.run-at-startup=false",
        "mim.datasource.staging.url=jdbc:h2:mem:csv-export-test;DB_CLOSE_DELAY=-1",
        "mim.output-dir=target/test-out/csv-export"})
class CsvExportFeedTest {

    static final Path ROUTES = Path.of("target/test-out/csv-export-routes");
    static final Path DROP = Path.of("target/test-out/csv-export/drop");

    @DynamicPropertySource
    static void routes(DynamicPropertyRegistry r) throws Exception {
        FileSystemUtils.deleteRecursively(ROUTES);
        FileSystemUtils.deleteRecursively(DROP);
        Files.createDirectories(ROUTES);
        Files.writeString(ROUTES.resolve("departments.sql"), """
                -- departments and their faculty, for the library's reading-list system
                SELECT dpt_code AS "code", dpt_name AS "name", fac_code AS "faculty"
                  FROM ucl_bdo_v_moodle_department_dump
                 ORDER BY dpt_code
                """);
        for (String[] feed : new String[][] {{"sits-departments-csv", "departments.csv", "departments-"},
                {"sits-departments-semicolon", "departments-semicolon.csv", "departments-semicolon-"}}) {
            Files.writeString(ROUTES.resolve(feed[0] + ".yaml"), """
                    - templatedRoute:
                        routeTemplateRef: staging-csv-export
                        routeId: %s
                        prefixId: %s
                        parameters:
                          - name: query
                            value: "file:%s"
                          - name: directory
                            value: "%s"
                          - name: fileName
                            value: %s
                          - name: delimiter
                            value: "%s"
                    """.formatted(feed[0], feed[2], ROUTES.resolve("departments.sql").toAbsolutePath(),
                    DROP.toAbsolutePath(), feed[1], feed[1].contains("semicolon") ? ";" : ","));
        }
        r.add("mim.routes-dir", () -> ROUTES.toString());
    }

    @Autowired
    FeedRunner runner;
    @Autowired
    FeedCatalog catalog;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theSitesCsvExportRunsLikeEveryFeed() throws Exception {
        runner.runOnce("sits-copy-faculties,sits-copy-department", false, "test");
        assertThat(catalog.all()).contains("sits-departments-csv", "sits-departments-semicolon");

        FeedRun dry = runner.run("sits-departments-csv", true, null, "test");
        assertThat(dry.status()).as(dry.message()).isEqualTo(RunStatus.OK);
        assertThat(dry.message()).contains("3 records; dry run: file written to");
        assertThat(DROP.resolve("departments.csv")).doesNotExist();

        FeedRun live = runner.run("sits-departments-csv", false, null, "test");
        assertThat(live.status()).as(live.message()).isEqualTo(RunStatus.OK);
        assertThat(live.message()).startsWith("3 records; delivered ");
        String expected = "code,name,faculty\r\n" + String.join("", jdbc.query(
                "SELECT dpt_code, dpt_name, fac_code FROM ucl_bdo_v_moodle_department_dump ORDER BY dpt_code",
                (rs, i) -> rs.getString(1) + "," + rs.getString(2) + "," + rs.getString(3) + "\r\n"));
        assertThat(Files.readString(DROP.resolve("departments.csv"), StandardCharsets.UTF_8)).isEqualTo(expected);
        assertThat(live.outputChecksum()).isNotNull();
        try (var left = Files.list(DROP)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("departments.csv"); // no temporary file
        }

        FeedRun other = runner.run("sits-departments-semicolon", false, null, "test");
        assertThat(other.status()).as(other.message()).isEqualTo(RunStatus.OK);
        assertThat(Files.readString(DROP.resolve("departments-semicolon.csv"))).startsWith("code;name;faculty\r\n");

        // two of three departments gone: 1 of 3 records kept is below the 75% threshold; last night's file stays
        jdbc.update("DELETE FROM ucl_bdo_v_moodle_department_dump WHERE dpt_code <> (SELECT MIN(dpt_code) FROM ucl_bdo_v_moodle_department_dump)");
        FeedRun shrunk = runner.run("sits-departments-csv", false, null, "test");
        assertThat(shrunk.status()).as(shrunk.message()).isEqualTo(RunStatus.BLOCKED);
        assertThat(shrunk.message()).contains("records 1 of 3");
        assertThat(Files.readString(DROP.resolve("departments.csv"), StandardCharsets.UTF_8)).isEqualTo(expected);
    }
}
