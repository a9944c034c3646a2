package uk.ac.mim.staging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import uk.ac.mim.config.MimProperties;
import uk.ac.mim.testing.StagingDatabases;

/** A plan is written to its file in full; the database keeps it only up to a size, else its guard and file. */
class RunReportsTest {

    @TempDir
    Path out;

    @Test
    void aPlanLargerThanTheLimitStaysInItsFileAndTheDatabaseKeepsItsGuardAndWhereItIs() throws Exception {
        try (HikariDataSource ds = StagingDatabases.targets().get(0).fresh()) {
            JdbcTemplate jdbc = new JdbcTemplate(ds);
            MimProperties props = new MimProperties();
            props.setOutputDir(out);
            props.getReports().setPlanInDatabaseMaxBytes(10_000);
            RunReports reports = new RunReports(jdbc, props, new ObjectMapper());
            Map<String, Object> small = plan(10);
            Map<String, Object> large = plan(5_000);

            reports.save("sits-ims-enrolments", "run-small", "small", small, "small");
            Path file = reports.save("sits-ims-enrolments", "run-large", "large", large, "large");

            ObjectMapper json = new ObjectMapper();
            assertThat(json.readTree(reports.planJson("run-small")).path("adds")).hasSize(10);
            JsonNode stored = json.readTree(reports.planJson("run-large"));
            assertThat(stored.path("tooLarge").asBoolean()).isTrue();
            assertThat(stored.path("file").asText()).isEqualTo(file.toAbsolutePath().toString());
            assertThat(stored.path("guard").path("problems").get(0).asText()).isEqualTo("would lose 60%");
            assertThat(stored.path("bytes").asLong()).isEqualTo(Files.size(file)).isGreaterThan(10_000);
            assertThat(json.readTree(file.toFile()).path("adds")).hasSize(5_000);
            // text outside the BMP is written as itself, as the database copy has it
            assertThat(Files.readString(file)).contains("LAWS0024-2025 🎓").doesNotContain("\\uD83C");
            assertThat(reports.planJson("run-small")).contains("LAWS0024-2025 🎓");
        }
    }

    private static Map<String, Object> plan(int adds) {
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("guard", Map.of("blocked", true, "problems", List.of("would lose 60%")));
        List<String> list = new ArrayList<>();
        for (int i = 0; i < adds; i++) {
            list.add("student " + (20000000 + i) + " to course LAWS0024-2025 🎓");
        }
        plan.put("adds", list);
        return plan;
    }
}
