package uk.ac.mim.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import uk.ac.mim.testing.StagingDatabases;

/**
 * Two nodes (separate JVM processes, one PostgreSQL staging database) trigger the same copy at once: one runs,
 * the other is SKIPPED "already running on <node>", and every source row is in the table once (two interleaved
 * copies used to write every row twice, both journaled OK). The source query sleeps a little per row so the two
 * runs surely overlap. Needs PostgreSQL (MIM_IT_DATABASES=postgres, as .ci/run sets it).
 */
class TwoNodesOneCopyTest {

    static final String STAGING = "mim_lock_it";
    static final String SOURCE = "mim_lock_src";
    static final int ROWS = 1500;
    final List<Process> nodes = new ArrayList<>();

    @AfterEach
    void stop() {
        nodes.forEach(Process::destroyForcibly);
    }

    @Test
    void theSameCopyTriggeredOnTwoNodesRunsOnceAndWritesEachRowOnce() throws Exception {
        assumeTrue(StagingDatabases.listed().contains("postgres"), "needs PostgreSQL: set MIM_IT_DATABASES=postgres");
        try (Connection c = DriverManager.getConnection(StagingDatabases.PG_URL + "postgres", "postgres", "")) {
            for (String db : new String[] {STAGING, SOURCE}) {
                c.createStatement().execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
                c.createStatement().execute("CREATE DATABASE " + db);
            }
        }
        try (Connection c = DriverManager.getConnection(StagingDatabases.PG_URL + SOURCE, "postgres", "")) {
            c.createStatement().execute("CREATE TABLE slow_rows (n INT, code VARCHAR(20))");
            c.createStatement().execute("INSERT INTO slow_rows SELECT g, 'C' || g FROM generate_series(1, " + ROWS + ") g");
        }
        Path out = Path.of("target/test-out/two-nodes");
        Files.createDirectories(out.resolve("routes"));
        // about 7 s a copy: a pause per row, so that the second node starts while the first is copying
        Files.writeString(out.resolve("routes/slow.sql"), "SELECT n, code FROM slow_rows CROSS JOIN LATERAL (SELECT pg_sleep(0.005) WHERE slow_rows.n > 0) p ORDER BY n");
        Files.writeString(out.resolve("routes/slow.yaml"), """
                - templatedRoute:
                    routeTemplateRef: view-copy
                    routeId: site-copy-slow
                    parameters:
                      - name: source
                        value: sits
                      - name: query
                        value: "file:%s"
                      - name: target
                        value: site_slow_dump
                      - name: schedule
                        value: site
                """.formatted(out.resolve("routes/slow.sql").toAbsolutePath()));
        nodes.add(start("nodeA", out));
        nodes.add(start("nodeB", out));
        for (Process p : nodes) {
            assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("a node finished its run-once").isTrue();
        }

        SingleConnectionDataSource ds = new SingleConnectionDataSource(StagingDatabases.PG_URL + STAGING, "postgres", "", true);
        try {
            JdbcTemplate jdbc = new JdbcTemplate(ds);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM site_slow_dump", Integer.class)).isEqualTo(ROWS);
            assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT n) FROM site_slow_dump", Integer.class)).isEqualTo(ROWS);
            List<String> runs = jdbc.queryForList("SELECT status || ': ' || COALESCE(message, '') FROM mim_feed_run"
                    + " WHERE feed_id = 'site-copy-slow' ORDER BY status", String.class);
            assertThat(runs).hasSize(2);
            assertThat(runs.get(0)).startsWith("OK: copied " + ROWS + " of " + ROWS + " rows");
            assertThat(runs.get(1)).matches("SKIPPED: already running on node[AB] \\(run [0-9a-f-]+\\) since .*");
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM mim_run_lock", Integer.class)).as("the lock released").isZero();
        } finally {
            ds.destroy();
        }
    }

    private Process start(String node, Path out) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"), "uk.ac.mim.MimApplication",
                "--mim.run-once=site-copy-slow", "--mim.demo.seed=false", "--mim.node-name=" + node,
                "--mim.datasource.staging.url=" + StagingDatabases.PG_URL + STAGING, "--mim.datasource.staging.username=postgres",
                "--mim.datasource.sits.url=" + StagingDatabases.PG_URL + SOURCE, "--mim.datasource.sits.username=postgres",
                "--mim.output-dir=" + out.resolve(node), "--mim.routes-dir=" + out.resolve("routes"));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.resolve(node + ".log").toFile()).start();
    }
}
