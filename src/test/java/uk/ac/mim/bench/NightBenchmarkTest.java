package uk.ac.mim.bench;

import java.io.BufferedWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import javax.sql.DataSource;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamWriter;

import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import uk.ac.mim.ops.FeedCatalog;
import uk.ac.mim.ops.FeedRunner;
import uk.ac.mim.sits.ims.ImsPlan;
import uk.ac.mim.sits.ims.ImsPlanner;
import uk.ac.mim.sits.ims.ImsProperties;
import uk.ac.mim.sits.ims.ImsWriter;
import uk.ac.mim.sits.ims.ImsXsltConfig;
import uk.ac.mim.staging.FeedRun;

/**
 * The night at a scale factor on generated data (BenchData), staging and sources on PostgreSQL: every copy
 * and publisher (CMIS dry) with rows, seconds, rows/s and peak heap; each copy against its floor (the driver's
 * COPY TO STDOUT streamed into COPY FROM STDIN) and an XML floor (plain StAX writer of the same records) measured in the same run;
 * then, as Moodle would, the first run's effects applied to the replica and the night run again with no
 * change in the sources. Run: {@code mvn -Pbench verify -Dbench.scale=1} (see docs/performance.md).
 */
@Tag("bench")
@CamelSpringBootTest
@org.apache.camel.test.spring.junit5.DisableJmx(false) // the publishers' step times, as Hawtio reads them
@SpringBootTest(properties = {
        "mim.run-at-startup=false",
        "mim.demo.seed=false",
        "mim.security.password=bench-only",
        "mim.output-dir=target/bench/out",
        "mim.ims.drop-dir=target/bench/out/drop",
        "mim.profile-fields.drop-dir=target/bench/out/drop",
        "logging.level.uk.ac.mim=WARN",
        "logging.level.uk.ac.mim.bench=INFO"})
class NightBenchmarkTest {

    static final String PG = "jdbc:postgresql://127.0.0.1:5432/";
    static final double SCALE = Double.parseDouble(System.getProperty("bench.scale", "0.1"));
    /** The university's shape (BenchData.Shape): bench or other. */
    static final BenchData.Shape SHAPE = BenchData.Shape.named(System.getProperty("bench.shape", "bench"));
    /** false: the nights only, without the floors (the heap search). */
    static final boolean FLOORS = Boolean.parseBoolean(System.getProperty("bench.floors", "true"));
    /** Runs of each publisher after the no-change rerun (PublisherRepeats); 0: none. */
    static final int REPEAT = Integer.parseInt(System.getProperty("bench.repeat", "0"));

    @Autowired
    ImsWriter feedWriter;
    @Autowired
    net.sf.saxon.Configuration saxonConfiguration;
    @Autowired
    org.apache.camel.CamelContext camel;
    @Autowired
    org.apache.camel.ProducerTemplate producer;

    @DynamicPropertySource
    static void databases(DynamicPropertyRegistry r) throws Exception {
        try (Connection c = DriverManager.getConnection(PG + "postgres", "postgres", ""); Statement s = c.createStatement()) {
            for (String db : new String[] {"mim_bench", "mim_bench_src"}) {
                s.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
                s.execute("CREATE DATABASE " + db);
            }
        }
        // a fresh drop folder too: the guards' baselines are the files there, from whatever scale ran last
        org.springframework.util.FileSystemUtils.deleteRecursively(Path.of("target/bench/out"));
        r.add("mim.datasource.staging.url", () -> PG + "mim_bench");
        r.add("mim.datasource.staging.username", () -> "postgres");
        for (String src : new String[] {"sits", "cmis", "moodle"}) {
            r.add("mim.datasource." + src + ".url", () -> PG + "mim_bench_src");
            r.add("mim.datasource." + src + ".username", () -> "postgres");
        }
    }

    @Autowired
    org.flywaydb.core.Flyway flyway;
    @Autowired
    FeedRunner runner;
    @Autowired
    uk.ac.mim.config.MimProperties props;
    @Autowired
    FeedCatalog catalog;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    DataSource staging;
    @Autowired
    ImsPlanner planner;
    @Autowired
    ImsProperties ims;
    @Autowired
    uk.ac.mim.staging.SqlResources sqlResources;

    record Stage(String name, long rows, double seconds, long peakHeapMb, double jvmCpu, double jit, double pgCpu) {
        String line() {
            return String.format(Locale.ROOT, "| %s | %d | %.2f | %.0f | %d | %.2f | %.2f | %.2f |", name, rows, seconds,
                    seconds > 0 ? rows / seconds : 0, peakHeapMb, jvmCpu, jit, pgCpu);
        }
    }

    @Test
    void night() throws Exception {
        BenchData.Size size = BenchData.Size.of(SCALE, SHAPE);
        long t0 = System.nanoTime();
        try (Connection src = DriverManager.getConnection(PG + "mim_bench_src", "postgres", "")) {
            BenchData.sources(src, size, 42);
        }
        try (Connection st = staging.getConnection()) {
            BenchData.mappings(st, size);
        }
        double generate = seconds(t0);
        List<String> report = new ArrayList<>();
        report.add("# Night benchmark, scale ×" + SCALE + ", shape " + SHAPE.name() + " (" + size + "), -Xmx"
                + Runtime.getRuntime().maxMemory() / (1 << 20) + "m");
        report.add("");
        report.add("Data generated in " + String.format(Locale.ROOT, "%.1f", generate) + " s.");

        NightResult first = night("first night", report);
        if (FLOORS) {
            floors(report);
        }
        applyEffects();
        NightResult catchUp = night("rerun after Moodle applied the night (CMIS adds the members the IMS import just enrolled)", report);
        applyCmis();
        NightResult rerun = night("no-change rerun", report);
        if (REPEAT > 0) {
            report.addAll(PublisherRepeats.run(runner, catalog.all().stream()
                    .filter(NightBenchmarkTest::publisher).toList(), REPEAT, NightBenchmarkTest::progress));
        }
        rewind(size);
        NightResult warm = night("the first night again, in the same JVM (sources and staging rewound): a running service's night", report);
        report.add("");
        report.add("Catch-up rerun: IMS delta " + catchUp.imsDelta + ", CMIS items " + catchUp.cmisItems + ".");
        report.add("");
        report.add(String.format(Locale.ROOT, "Whole night: %.1f s (the same night in a warm JVM: %.1f s); no-change rerun: %.1f s;"
                + " rerun IMS delta: %d; rerun CMIS write items: %d", first.seconds, warm.seconds, rerun.seconds, rerun.imsDelta,
                rerun.cmisItems));
        Files.createDirectories(Path.of("target/bench"));
        Path out = Path.of("target/bench/results-x" + SCALE + "-" + SHAPE.name() + "-" + Instant.now().getEpochSecond() + ".md");
        Files.write(out, report, StandardCharsets.UTF_8);
        report.forEach(System.out::println);
    }

    /** Appends to target/bench/progress.log at once (surefire holds a test's output until it ends). */
    private static void progress(String line) {
        try {
            Files.createDirectories(Path.of("target/bench"));
            Files.writeString(Path.of("target/bench/progress.log"), Instant.now() + " " + line + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    record NightResult(double seconds, long imsDelta, long cmisItems) { }

    /** A publisher, not a copy or a Moodle snapshot. */
    static boolean publisher(String feed) {
        return !feed.contains("-copy-") && !feed.startsWith("moodle-snapshot");
    }

    /** The run's dry flag: the CMIS feed's plan only (no Moodle to call), the rest as configured. */
    static Boolean dry(String feed) {
        return feed.equals("cmis-moodle-groups") ? Boolean.TRUE : null;
    }

    private NightResult night(String title, List<String> report) {
        report.add("");
        report.add("## " + title);
        report.add("");
        report.add("| stage | rows | s | rows/s | peak heap MiB | JVM CPU s | JIT compiling s | PostgreSQL CPU s |");
        report.add("|---|---|---|---|---|---|---|---|");
        String cycle = UUID.randomUUID().toString();
        long start = System.nanoTime();
        long instrumentation = 0;
        long imsDelta = -1;
        long cmisItems = -1;
        List<String> steps = new ArrayList<>();
        double jvmCpu = 0;
        double pgCpu = 0;
        double jit = 0;
        for (String feed : catalog.all()) {
            long gc = System.nanoTime();
            resetPeaks();
            instrumentation += System.nanoTime() - gc;
            CpuClock.Reading before = CpuClock.now();
            FeedRun r = runner.run(feed, dry(feed), cycle, "bench");
            CpuClock.Reading after = CpuClock.now();
            jvmCpu += after.jvmSecondsSince(before);
            jit += after.jitSecondsSince(before);
            pgCpu += after.pgSecondsSince(before);
            long rows = Math.max(r.rowsRead(), r.rowsWritten());
            String line = new Stage(feed + " " + r.status(), rows, r.durationMillis() / 1000.0, peakHeapMb(),
                    after.jvmSecondsSince(before), after.jitSecondsSince(before), after.pgSecondsSince(before)).line();
            report.add(line);
            progress(title + " " + line); // as it goes: a run that dies still shows how far it got
            if (publisher(feed)) {
                steps.add(feed + " " + stepTimes(feed));
            }
            if (feed.equals("sits-ims-enrolments")) {
                imsDelta = r.rowsRead();
            }
            if (feed.equals("cmis-moodle-groups")) {
                cmisItems = r.rowsRead();
            }
        }
        // the night's wall time without the benchmark's own full GC before each stage (for the peak-heap column)
        double total = (System.nanoTime() - start - instrumentation) / 1e9;
        report.add(String.format(Locale.ROOT, "| **whole night** | | %.2f | | | %.2f | %.2f | %.2f |", total, jvmCpu, jit, pgCpu));
        report.add("");
        report.add("Publishers' steps (ms, as Hawtio shows them: each named step's last processing time): " + String.join("; ", steps));
        return new NightResult(total, imsDelta, cmisItems);
    }

    /**
     * Back to before the first night, this JVM as it now is: the sources generated again (same seed), staging
     * emptied and migrated again with the block's mappings, the drop folder emptied. The night that follows is the
     * first night's work done by a service that has run before (its code compiled, its pools warm), as a site's
     * service is on every night but the one after it starts.
     */
    private void rewind(BenchData.Size size) throws Exception {
        try (Connection src = DriverManager.getConnection(PG + "mim_bench_src", "postgres", "")) {
            BenchData.sources(src, size, 42);
        }
        org.flywaydb.core.Flyway clean = org.flywaydb.core.Flyway.configure(flyway.getConfiguration().getClassLoader())
                .configuration(flyway.getConfiguration()).cleanDisabled(false).load();
        clean.clean();
        clean.migrate();
        staging.unwrap(com.zaxxer.hikari.HikariDataSource.class).getHikariPoolMXBean().softEvictConnections();
        try (Connection st = staging.getConnection()) {
            BenchData.mappings(st, size);
        }
        org.springframework.util.FileSystemUtils.deleteRecursively(Path.of("target/bench/out"));
    }

    /** The route's named steps (ids of its stages, not Camel's generated ones) with their last processing times. */
    private String stepTimes(String routeId) {
        org.apache.camel.api.management.ManagedCamelContext mcc = camel.getCamelContextExtension()
                .getContextPlugin(org.apache.camel.api.management.ManagedCamelContext.class);
        org.apache.camel.Route route = camel.getRoute(routeId);
        if (mcc == null || route == null) {
            return "(no route)";
        }
        java.util.StringJoiner out = new java.util.StringJoiner(", ");
        for (org.apache.camel.Processor p : route.filter("*")) {
            String id = p instanceof org.apache.camel.spi.IdAware ia ? ia.getId() : null;
            if (id == null || id.matches("[a-zA-Z]+\\d+") || id.contains("journal") || id.endsWith("-when-allowed")) {
                continue;
            }
            var mp = mcc.getManagedProcessor(id);
            if (mp != null && mp.getExchangesTotal() > 0) {
                out.add(id + " " + mp.getLastProcessingTime());
            }
        }
        return out.toString();
    }

    /** Floors, in the same process and run: each copy's COPY pipe and a plain StAX writer of the same records. */
    private void floors(List<String> report) throws Exception {
        report.add("");
        report.add("## floors (same run)");
        report.add("");
        copyFloors(report);
        vacuumAfterFloors(report);

        readThroughCamelSql(report);

        ImsPlan plan = planner.plan("bench-" + UUID.randomUUID());
        ImsWriter writer = feedWriter; // the feed's (mim.ims.xslt-route decides which path)
        // the other path: each chunk through the ims-xslt route's xslt-saxon endpoint, or Saxon directly
        ImsWriter s9api = ims.isXsltRoute() ? new ImsWriter(ims) : ImsXsltConfig.throughRoute(ims, saxonConfiguration, producer);
        Path ours = Path.of("target/bench/out/ims-ours.xml");
        Path direct = Path.of("target/bench/out/ims-s9api.xml");
        Path floor = Path.of("target/bench/out/ims-floor.xml");
        Files.createDirectories(ours.getParent());
        Instant at = Instant.now(); // one datetime for both writers: their files must be identical
        writer.write(plan, at, ours, new ArrayList<>()); // warm-up: the XSLT is compiled once
        s9api.write(plan, at, direct, new ArrayList<>());
        // both writers read the persons from staging as they go (the plan does not hold them); that read is
        // timed on its own and left out of both for the writing ratio. Five rounds, alternating, medians: one
        // round on this machine varies by a third
        long[] people = {0};
        double[] read = new double[REPEATS];
        double[] oursRounds = new double[REPEATS];
        double[] floorRounds = new double[REPEATS];
        double[] s9apiRounds = new double[REPEATS];
        for (int i = 0; i < REPEATS; i++) {
            long t = System.nanoTime();
            people[0] = 0;
            plan.persons().forEach(p -> people[0]++);
            read[i] = seconds(t);
            t = System.nanoTime();
            writer.write(plan, at, ours, new ArrayList<>());
            oursRounds[i] = seconds(t);
            t = System.nanoTime();
            stax(plan, floor);
            floorRounds[i] = seconds(t);
            t = System.nanoTime();
            s9api.write(plan, at, direct, new ArrayList<>());
            s9apiRounds[i] = seconds(t);
        }
        double personsRead = median(read);
        double xmlOurs = median(oursRounds);
        double xmlFloor = median(floorRounds);
        double xmlS9api = median(s9apiRounds);
        report.add(String.format(Locale.ROOT, "IMS XML of %d persons and %d memberships (%d bytes): XSLT writer %.2f s, StAX floor %.2f s,"
                        + " persons read %.2f s (medians of " + REPEATS + " alternating rounds); writing ratio %.2f (with the read: %.2f)",
                people[0], plan.adds() + plan.removes(), Files.size(ours), xmlOurs, xmlFloor, personsRead,
                (xmlOurs - personsRead) / (xmlFloor - personsRead), xmlOurs / xmlFloor));
        double viaRoute = ims.isXsltRoute() ? xmlOurs : xmlS9api;
        double called = ims.isXsltRoute() ? xmlS9api : xmlOurs;
        report.add(String.format(Locale.ROOT, "IMS XML through the ims-xslt route (xslt-saxon) %.2f s against Saxon called directly"
                        + " (s9api) %.2f s: ratio %.2f; files identical: %s", viaRoute, called, viaRoute / called,
                // by digest: two 35 MB files read whole would not fit the 128 MiB heap the benchmark also runs in
                uk.ac.mim.staging.DropFolder.sha256(ours).equals(uk.ac.mim.staging.DropFolder.sha256(direct))));
    }

    static final int REPEATS = 5;

    static double median(double[] values) {
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        return v[v.length / 2];
    }

    /**
     * What camel-sql's streaming read (outputType=StreamList: a map per row) costs against the driver read alone,
     * on the registrations view: the copy's source side, measured before choosing it (docs/performance.md).
     * Alternating rounds, medians.
     */
    private void readThroughCamelSql(List<String> report) throws Exception {
        String sql = "SELECT stu_code, mod_occ_id, mod_code, mav_occur, psl_code, ayr_code, reg_status FROM sismgr.ucl_bdo_v_moodle_student_enrl";
        com.zaxxer.hikari.HikariDataSource src = new com.zaxxer.hikari.HikariDataSource();
        src.setJdbcUrl(PG + "mim_bench_src");
        src.setUsername("postgres");
        src.setAutoCommit(false); // PostgreSQL streams with a fetch size only inside a transaction
        src.setReadOnly(true);
        try (src) {
            camel.getRegistry().bind("benchSource", src);
            String uri = "direct:bench-camel-sql";
            long[] n = {0};
            camel.addRoutes(new org.apache.camel.builder.RouteBuilder() {
                @Override
                public void configure() {
                    from(uri).routeId("bench-camel-sql")
                            .to("sql:" + sql + "?dataSource=#benchSource&outputType=StreamList&fetchSize=5000")
                            .process(ex -> {
                                java.util.Iterator<?> it = ex.getMessage().getBody(java.util.Iterator.class);
                                while (it.hasNext()) {
                                    ((java.util.Map<?, ?>) it.next()).size();
                                    n[0]++;
                                }
                            });
                }
            });
            double[] jdbcRounds = new double[REPEATS];
            double[] camelRounds = new double[REPEATS];
            long rows = 0;
            for (int i = 0; i < REPEATS; i++) {
                long t = System.nanoTime();
                rows = 0;
                try (Connection c = src.getConnection(); PreparedStatement q = c.prepareStatement(sql)) {
                    q.setFetchSize(5000);
                    try (ResultSet rs = q.executeQuery()) {
                        while (rs.next()) {
                            for (int col = 1; col <= 7; col++) {
                                rs.getObject(col);
                            }
                            rows++;
                        }
                    }
                    c.rollback();
                }
                jdbcRounds[i] = seconds(t);
                t = System.nanoTime();
                n[0] = 0;
                // as a copy would consume it: a step of the same exchange iterates the stream (camel-sql closes it
                // when the exchange completes)
                org.apache.camel.Exchange done = producer.send(uri, ex -> { });
                if (done.getException() != null) {
                    throw done.getException();
                }
                camelRounds[i] = seconds(t);
                if (n[0] != rows) {
                    throw new IllegalStateException("camel-sql read " + n[0] + " rows, JDBC " + rows);
                }
            }
            report.add(String.format(Locale.ROOT, "read of %d registrations: camel-sql StreamList %.2f s, driver alone %.2f s,"
                    + " ratio %.2f (medians of %d alternating rounds)", rows, median(camelRounds), median(jdbcRounds),
                    median(camelRounds) / median(jdbcRounds), REPEATS));
        }
    }

    /**
     * Every copy against its floor (issue 17): the driver's {@code COPY (query) TO STDOUT} from the source streamed
     * into {@code COPY … FROM STDIN} of a fresh table of the target's definition (its indexes too), the same query
     * text. Alternating rounds, medians; the copy's time is its whole feed run (journal, lock, read, check, write,
     * statistics), so a small table's ratio is mostly that fixed cost.
     */
    /**
     * The floors rewrite every copied table three more times, which no site's night does: the dead rows they leave
     * (this machine's PostgreSQL runs with autovacuum off) made the next nights' publishers plan over bloated tables
     * (the groups feed's members query merge-joined through its index, 2.0 s against 0.44 s). A site's autovacuum
     * clears them; so does this, once, before the reruns.
     */
    private void vacuumAfterFloors(List<String> report) throws Exception {
        long t = System.nanoTime();
        try (Connection c = DriverManager.getConnection(PG + "mim_bench", "postgres", ""); Statement s = c.createStatement()) {
            s.execute("VACUUM ANALYZE");
        }
        report.add("");
        report.add(String.format(Locale.ROOT, "Staging vacuumed and analysed after the floors' rewrites (as a site's autovacuum"
                + " would): %.1f s, not counted in any night.", seconds(t)));
    }

    private void copyFloors(List<String> report) throws Exception {
        report.add("| copy | rows | view-copy s | floor s | ratio |");
        report.add("|---|---|---|---|---|");
        org.apache.camel.model.Model model = camel.getCamelContextExtension().getContextPlugin(org.apache.camel.model.Model.class);
        double ours = 0;
        double floor = 0;
        double worstLarge = 0;
        List<String> withRefresh = new ArrayList<>();
        // the floor is the write: a copy run again within mim.copy.compare-first-within would only compare
        java.time.Duration compareFirst = props.getCopy().getCompareFirstWithin();
        props.getCopy().setCompareFirstWithin(java.time.Duration.ZERO);
        try {
            for (String chain : List.of("sits", "cmis", "moodle")) {
                for (String feed : catalog.copies(chain)) {
                    java.util.Map<String, Object> p = model.getRouteDefinition(feed).getTemplateParameters();
                    String query = sqlResources.query(p.get("query").toString());
                    String target = p.get("target").toString();
                    java.util.Set<String> refreshed = p.get("refresh") == null ? java.util.Set.of()
                            : uk.ac.mim.staging.ViewCopier.refreshedTables(sqlResources.statements(p.get("refresh").toString()));
                    double[] ourRounds = new double[3];
                    double[] floorRounds = new double[3];
                    double[] refreshedRounds = new double[3];
                    long rows = 0;
                    for (int i = 0; i < 3; i++) {
                        FeedRun r = runner.run(feed, null, UUID.randomUUID().toString(), "bench");
                        ourRounds[i] = r.durationMillis() / 1000.0;
                        rows = r.rowsWritten();
                        long t = System.nanoTime();
                        long floorRows = floorCopy(query, target);
                        floorRounds[i] = seconds(t);
                        if (floorRows != r.rowsRead()) {
                            throw new IllegalStateException(feed + ": floor copied " + floorRows + " rows, the copy read " + r.rowsRead());
                        }
                        t = System.nanoTime();
                        for (String table : refreshed) {
                            floorOfTable(table);
                        }
                        refreshedRounds[i] = floorRounds[i] + seconds(t);
                    }
                    double o = median(ourRounds);
                    double f = median(floorRounds);
                    ours += o;
                    floor += f;
                    if (rows >= 10_000) {
                        worstLarge = Math.max(worstLarge, o / f);
                    }
                    report.add(String.format(Locale.ROOT, "| %s | %d | %.3f | %.3f | %.2f |", feed, rows, o, f, o / f));
                    if (!refreshed.isEmpty()) {
                        double both = median(refreshedRounds);
                        withRefresh.add(String.format(Locale.ROOT, "%s also writes %s (its refresh statements, in its transaction):"
                                + " against the floor of both tables' rows (%.3f s) %.2f.", feed, String.join(", ", refreshed), both, o / both));
                    }
                }
            }
        } finally {
            props.getCopy().setCompareFirstWithin(compareFirst);
        }
        report.add(String.format(Locale.ROOT, "| **all copies** | | %.2f | %.2f | %.2f |", ours, floor, ours / floor));
        report.add("");
        report.add(String.format(Locale.ROOT, "Copies against their COPY floor: all together %.2f; worst of those with 10,000 rows"
                + " or more %.2f (medians of 3 alternating rounds).", ours / floor, worstLarge));
        for (String line : withRefresh) {
            report.add("");
            report.add(line);
        }
        report.add("");
    }

    /**
     * The floor of the rows a copy's refresh wrote into {@code table}: those rows, as they stand after the copy, by
     * {@code COPY … TO STDOUT} streamed into {@code COPY … FROM STDIN} of a fresh table like it (its indexes too).
     */
    private void floorOfTable(String table) throws Exception {
        try (Connection from = staging.getConnection(); Connection to = staging.getConnection()) {
            pipe(from, "COPY " + table + " TO STDOUT", to, table, "bench_floor_refreshed", "");
        }
    }

    /** COPY (query) TO STDOUT on the source, streamed into COPY FROM STDIN of a fresh table like the target. */
    private long floorCopy(String query, String target) throws Exception {
        try (Connection src = DriverManager.getConnection(PG + "mim_bench_src", "postgres", ""); Connection st = staging.getConnection()) {
            List<String> cols = new ArrayList<>();
            try (Statement s = src.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM (" + query + "\n) q LIMIT 0")) {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    cols.add(rs.getMetaData().getColumnLabel(i).toLowerCase(Locale.ROOT));
                }
            }
            return pipe(src, "COPY (" + query + "\n) TO STDOUT", st, target, "bench_floor", " (" + String.join(", ", cols) + ")");
        }
    }

    /** {@code copyOut} on {@code from} streamed into a fresh table {@code floor} like {@code like}, in one transaction. */
    private static long pipe(Connection from, String copyOut, Connection to, String like, String floor, String columns) throws Exception {
        try (Statement s = to.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + floor);
            s.execute("CREATE TABLE " + floor + " (LIKE " + like + " INCLUDING ALL)");
        }
        to.setAutoCommit(false);
        org.postgresql.copy.CopyOut out = from.unwrap(org.postgresql.PGConnection.class).getCopyAPI().copyOut(copyOut);
        org.postgresql.copy.CopyIn in = to.unwrap(org.postgresql.PGConnection.class).getCopyAPI()
                .copyIn("COPY " + floor + columns + " FROM STDIN");
        for (byte[] buf = out.readFromCopy(); buf != null; buf = out.readFromCopy()) {
            in.writeToCopy(buf, 0, buf.length);
        }
        long rows = in.endCopy();
        to.commit();
        to.setAutoCommit(true);
        return rows;
    }

    /** The same records, elements and line breaks (one record per line) as the IMS file: the floor. */
    static void stax(ImsPlan plan, Path file) throws Exception {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            XMLStreamWriter w = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(out);
            w.writeStartDocument("UTF-8", "1.0");
            w.writeStartElement("enterprise");
            w.writeStartElement("properties");
            element(w, "datasource", "Moodle Integration Manager");
            element(w, "datetime", Instant.now().toString());
            w.writeEndElement();
            w.writeCharacters("\n");
            try {
                plan.persons().forEach(p -> {
                    try {
                        person(w, p);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
            } catch (IllegalStateException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
            for (ImsPlan.CourseChange c : plan.courses()) {
                if (c.isEmpty()) {
                    continue;
                }
                w.writeStartElement("group");
                w.writeAttribute("recstatus", "1");
                sourcedid(w, c.idnumber());
                w.writeStartElement("grouptype");
                w.writeStartElement("typevalue");
                w.writeAttribute("level", "1");
                w.writeCharacters("Course");
                w.writeEndElement();
                w.writeEndElement();
                w.writeStartElement("description");
                element(w, "short", c.fullname());
                element(w, "long", c.fullname());
                w.writeEndElement();
                w.writeStartElement("org");
                element(w, "orgunit", c.category());
                w.writeEndElement();
                w.writeEndElement();
                w.writeCharacters("\n");
            }
            for (ImsPlan.CourseChange c : plan.courses()) {
                if (c.isEmpty()) {
                    continue;
                }
                w.writeStartElement("membership");
                sourcedid(w, c.idnumber());
                w.writeCharacters("\n");
                for (ImsPlan.Add a : c.adds()) {
                    member(w, a.studentCode(), "1");
                }
                for (String r : c.removes()) {
                    member(w, r, "0");
                }
                w.writeEndElement();
                w.writeCharacters("\n");
            }
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
        }
    }

    private static void sourcedid(XMLStreamWriter w, String id) throws Exception {
        w.writeStartElement("sourcedid");
        element(w, "source", "SITS");
        element(w, "id", id);
        w.writeEndElement();
    }

    private static void member(XMLStreamWriter w, String id, String status) throws Exception {
        w.writeStartElement("member");
        sourcedid(w, id);
        element(w, "idtype", "1");
        w.writeStartElement("role");
        w.writeAttribute("roletype", "01");
        element(w, "status", status);
        w.writeEndElement();
        w.writeEndElement();
        w.writeCharacters("\n");
    }

    private static void person(XMLStreamWriter w, ImsPlan.Person p) throws Exception {
        w.writeStartElement("person");
        w.writeAttribute("recstatus", "1");
        sourcedid(w, p.studentCode());
        element(w, "userid", p.username());
        w.writeStartElement("name");
        element(w, "fn", p.given() + " " + p.family());
        w.writeStartElement("n");
        element(w, "family", p.family());
        element(w, "given", p.given());
        w.writeEndElement();
        w.writeEndElement();
        element(w, "email", p.email());
        w.writeEndElement();
        w.writeCharacters("\n");
    }

    private static void element(XMLStreamWriter w, String name, String value) throws Exception {
        w.writeStartElement(name);
        if (value != null) {
            w.writeCharacters(value);
        }
        w.writeEndElement();
    }

    /** As Moodle would: the IMS delta (accounts linked by username get their idnumber; adds enrol; removals unenrol), and the CMIS plan's groups, groupings and members. */
    private void applyEffects() throws Exception {
        try (Connection src = DriverManager.getConnection(PG + "mim_bench_src", "postgres", ""); Statement s = src.createStatement()) {
            s.execute("CREATE TEMPORARY TABLE desired (courseid BIGINT, stu_code VARCHAR(12))");
            ImsPlan plan = planner.plan("bench-apply-" + UUID.randomUUID());
            try (PreparedStatement ins = src.prepareStatement("INSERT INTO desired VALUES (?, ?)")) {
                int n = 0;
                for (ImsPlan.CourseChange c : plan.courses()) {
                    for (ImsPlan.Add a : c.adds()) {
                        ins.setLong(1, c.courseId());
                        ins.setString(2, a.studentCode());
                        ins.addBatch();
                        if (++n % 5000 == 0) {
                            ins.executeBatch();
                        }
                    }
                }
                ins.executeBatch();
            }
            s.execute("UPDATE mdl_user u SET idnumber = st.stu_code FROM sismgr.ucl_bdo_v_moodle_student st"
                    + " WHERE u.username = LOWER(st.username) AND (u.idnumber IS NULL OR u.idnumber = '')"
                    + " AND st.stu_code IN (SELECT stu_code FROM desired)");
            s.execute("INSERT INTO mdl_user (id, username, idnumber, firstname, lastname, email, deleted, suspended)"
                    + " SELECT 10000000 + ROW_NUMBER() OVER (ORDER BY st.stu_code), LOWER(st.username), st.stu_code, 'N', 'U', '', 0, 0"
                    + " FROM sismgr.ucl_bdo_v_moodle_student st WHERE st.stu_code IN (SELECT stu_code FROM desired)"
                    + " AND NOT EXISTS (SELECT 1 FROM mdl_user u WHERE u.idnumber = st.stu_code)");
            s.execute("INSERT INTO mdl_user_enrolments (id, enrolid, userid, status)"
                    + " SELECT 20000000 + ROW_NUMBER() OVER (ORDER BY d.courseid, d.stu_code), e.id, u.id, 0 FROM desired d"
                    + " JOIN mdl_enrol e ON e.courseid = d.courseid AND e.enrol = 'imsenterprise' JOIN mdl_user u ON u.idnumber = d.stu_code");
        }
        applyCmis();
    }

    /** The latest CMIS plan's groups, groupings, members and links, made in the replica as Moodle would. */
    private void applyCmis() throws Exception {
        try (Connection src = DriverManager.getConnection(PG + "mim_bench_src", "postgres", "")) {
            String cmisPlan = jdbc.queryForObject("SELECT plan_json FROM mim_run_plan WHERE feed_id = 'cmis-moodle-groups'"
                    + " ORDER BY created_at DESC LIMIT 1", String.class);
            var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
            var stub = mapper.readTree(cmisPlan);
            // a large plan is kept in its report file only (mim.reports.plan-in-database-max-bytes); read either
            // course by course: a catch-up night's plan has a million member adds
            var json = stub.path("tooLarge").asBoolean(false) ? mapper.createParser(new java.io.File(stub.path("file").asText()))
                    : mapper.createParser(cmisPlan);
            while (json.nextToken() != null && !(json.currentToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME
                    && json.currentName().equals("courses") && json.getParsingContext().getParent().inRoot())) {
                // to the plan's "courses" array
            }
            json.nextToken(); // [
            long gid = 30_000_000 + next(src, "mdl_groups") + next(src, "mdl_groupings");
            long mid = 40_000_000 + next(src, "mdl_groups_members");
            long lid = 50_000_000 + next(src, "mdl_groupings_groups");
            int pending = 0;
            try (json;
                 PreparedStatement g = src.prepareStatement("INSERT INTO mdl_groups VALUES (?, ?, ?, ?)");
                 PreparedStatement gg = src.prepareStatement("INSERT INTO mdl_groupings VALUES (?, ?, ?, ?)");
                 PreparedStatement m = src.prepareStatement("INSERT INTO mdl_groups_members VALUES (?, ?, ?, '')");
                 PreparedStatement l = src.prepareStatement("INSERT INTO mdl_groupings_groups VALUES (?, ?, ?)")) {
                while (json.nextToken() == com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                    com.fasterxml.jackson.databind.JsonNode c = mapper.readTree(json);
                    long course = c.path("courseId").asLong();
                    java.util.Map<String, Long> groups = new java.util.HashMap<>();
                    java.util.Map<String, Long> groupings = new java.util.HashMap<>();
                    for (var x : c.path("groupings")) {
                        groupings.put(x.path("idnumber").asText(), ++gid);
                        gg.setLong(1, gid);
                        gg.setLong(2, course);
                        gg.setString(3, x.path("idnumber").asText());
                        gg.setString(4, x.path("name").asText());
                        gg.addBatch();
                    }
                    for (var x : c.path("groups")) {
                        groups.put(x.path("idnumber").asText(), ++gid);
                        g.setLong(1, gid);
                        g.setLong(2, course);
                        g.setString(3, x.path("idnumber").asText());
                        g.setString(4, x.path("name").asText());
                        g.addBatch();
                    }
                    for (var x : c.path("adds")) {
                        m.setLong(1, ++mid);
                        m.setLong(2, groups.getOrDefault(x.path("groupIdnumber").asText(), x.path("groupId").asLong()));
                        m.setLong(3, x.path("userId").asLong());
                        m.addBatch();
                    }
                    for (var x : c.path("links")) {
                        l.setLong(1, ++lid);
                        l.setLong(2, groupings.getOrDefault(x.path("groupingIdnumber").asText(), x.path("groupingId").asLong()));
                        l.setLong(3, groups.getOrDefault(x.path("groupIdnumber").asText(), x.path("groupId").asLong()));
                        l.addBatch();
                    }
                    pending += c.path("groupings").size() + c.path("groups").size() + c.path("adds").size() + c.path("links").size();
                    if (pending > 20_000) { // groupings and groups first: the others refer to them
                        gg.executeBatch();
                        g.executeBatch();
                        m.executeBatch();
                        l.executeBatch();
                        pending = 0;
                    }
                }
                gg.executeBatch();
                g.executeBatch();
                m.executeBatch();
                l.executeBatch();
            }
        }
    }

    private static long next(Connection c, String table) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
    }

    private static long peakHeapMb() {
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                peak += p.getPeakUsage().getUsed();
            }
        }
        return peak >> 20;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
