package uk.ac.mim.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import uk.ac.mim.testing.StagingDatabases;

/**
 * Two instances as separate JVM processes against one PostgreSQL, sharing the schedule through Quartz's
 * clustered job store: each firing runs on exactly one node, and when the node that ran last is killed the
 * other takes over the trigger. Needs PostgreSQL (MIM_IT_DATABASES=postgres, as .ci/run sets it).
 */
class ClusterTest {

    static final String DB = "mim_ha";
    final List<Process> nodes = new ArrayList<>();
    final List<Process> killed = new ArrayList<>();

    @AfterEach
    void stop() {
        nodes.forEach(Process::destroyForcibly);
    }

    record Cycle(String id, String node, Instant start) { }

    @Test
    void twoNodesShareTheScheduleAndTheSurvivorTakesOver() throws Exception {
        assumeTrue(StagingDatabases.listed().contains("postgres"), "needs PostgreSQL: set MIM_IT_DATABASES=postgres");
        try (Connection c = DriverManager.getConnection(StagingDatabases.PG_URL + "postgres", "postgres", "")) {
            c.createStatement().execute("DROP DATABASE IF EXISTS " + DB + " WITH (FORCE)");
            c.createStatement().execute("CREATE DATABASE " + DB);
        }
        Path out = Path.of("target/test-out/cluster");
        Files.createDirectories(out);
        nodes.add(start("nodeA", out));
        nodes.add(start("nodeB", out));
        SingleConnectionDataSource ds = new SingleConnectionDataSource(StagingDatabases.PG_URL + DB, "postgres", "", true);
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        try {
            await(Duration.ofSeconds(120), () -> cycles(jdbc, Instant.EPOCH).size() >= 5, "five scheduled cycles");
            List<Cycle> before = cycles(jdbc, Instant.EPOCH);
            // each firing (cycle id = chain + scheduled fire time) ran on one node, once
            assertThat(jdbc.queryForList("SELECT cycle_id FROM mim_feed_run WHERE feed_id = 'sits-copy-faculties'"
                    + " AND triggered_by LIKE 'schedule@%' GROUP BY cycle_id HAVING COUNT(*) > 1 OR COUNT(DISTINCT triggered_by) > 1",
                    String.class)).as("firings run twice").isEmpty();
            assertThat(before).extracting(Cycle::id).allMatch(id -> id.startsWith("sits-20"));

            Cycle last = before.get(before.size() - 1);
            Process dying = nodes.get(last.node().equals("nodeA") ? 0 : 1);
            String survivor = last.node().equals("nodeA") ? "nodeB" : "nodeA";
            killed.add(dying);
            dying.destroyForcibly().waitFor();
            Instant killed = Instant.now();

            await(Duration.ofSeconds(60), () -> cycles(jdbc, killed).size() >= 3, "three cycles after the kill");
            assertThat(cycles(jdbc, killed)).extracting(Cycle::node).containsOnly(survivor);
            assertThat(jdbc.queryForList("SELECT cycle_id FROM mim_feed_run WHERE feed_id = 'sits-copy-faculties'"
                    + " AND triggered_by LIKE 'schedule@%' GROUP BY cycle_id HAVING COUNT(*) > 1", String.class)).isEmpty();
        } finally {
            ds.destroy();
        }
    }

    private static List<Cycle> cycles(JdbcTemplate jdbc, Instant after) {
        if (jdbc.queryForObject("SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'mim_feed_run'", Integer.class) == 0) {
            return List.of(); // the nodes have not migrated the schema yet
        }
        return jdbc.query("SELECT cycle_id, MIN(triggered_by), MIN(started_at) FROM mim_feed_run"
                        + " WHERE triggered_by LIKE 'schedule@%' AND cycle_id IS NOT NULL AND started_at > ?"
                        + " GROUP BY cycle_id ORDER BY MIN(started_at)",
                (rs, i) -> new Cycle(rs.getString(1), rs.getString(2).substring("schedule@".length()),
                        rs.getTimestamp(3).toInstant()), Timestamp.from(after));
    }

    private Process start(String node, Path out) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java, "-Xmx384m", "-cp", System.getProperty("java.class.path"), "uk.ac.mim.MimApplication",
                "--spring.main.web-application-type=none",
                "--mim.datasource.staging.url=" + StagingDatabases.PG_URL + DB, "--mim.datasource.staging.username=postgres",
                "--mim.cluster.enabled=true", "--mim.cluster.checkin-interval-ms=1000", "--mim.node-name=" + node,
                "--mim.chains.sits.cron=0/2 * * * * ?", "--mim.chains.cmis.cron=0 0 0 1 1 ? 2099",
                "--mim.chains.sits.publishers=", "--mim.run-at-startup=false", "--mim.demo.students=40",
                "--mim.output-dir=" + out.resolve(node), "--mim.routes-dir=" + out.resolve("routes"));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.resolve(node + ".log").toFile()).start();
    }

    private void await(Duration max, BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return;
            }
            for (Process p : nodes) {
                assertThat(p.isAlive() || killed.contains(p)).as("a node process exited on its own; see its log").isTrue();
            }
            Thread.sleep(250); // polling a separate process's effects: there is no event to wait on
        }
        throw new AssertionError("timed out waiting for " + what + "; see target/test-out/cluster/node*.log" + File.separator);
    }
}
