package uk.ac.mim.staging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;

import uk.ac.mim.config.MimProperties;
import uk.ac.mim.testing.CopyDatabases;
import uk.ac.mim.testing.StagingDatabases;

/**
 * A copy through the staging database's bulk path (PostgreSQL COPY FROM STDIN, MariaDB LOAD DATA LOCAL INFILE;
 * batched inserts on H2): every value arrives as it left the source, and a chunk the database refuses is written
 * again as batches so that only the refused row is lost, with the database's reason.
 */
class BulkCopyTest extends CopyDatabases {

    private static final String TARGET = "ucl_bdo_v_moodle_student_dump";
    /** Values the text forms of both bulk paths must escape, and the ones they must not mistake for a null. */
    private static final List<String> AWKWARD = List.of("tab\there", "line\nbreak", "carriage\rreturn", "back\\slash",
            "\\N", "", "trailing\\", "Zoë 🎓 Ødegård", "quote'\"", "\\.", "a\\tb");

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void everyValueArrivesAsItLeftTheSource(StagingDatabases.Target db) throws Exception {
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            String awkward = AWKWARD.get(i % AWKWARD.size());
            rows.add(new String[] {String.valueOf(20180000 + i), "user" + i, i % 7 == 0 ? null : awkward, awkward + i});
        }
        Copy c = copy(db, rows, true);

        RunCounts counts = c.run();

        assertThat(counts.written()).isEqualTo(250);
        assertThat(counts.message()).contains(expectedPath(db));
        // as the source holds them (an Oracle-mode source keeps '' as null)
        String select = "SELECT stu_code, username, first_name, surname FROM %s ORDER BY stu_code";
        org.springframework.jdbc.core.RowMapper<List<String>> values = (rs, n) -> Arrays.asList(rs.getString(1), rs.getString(2),
                rs.getString(3), rs.getString(4));
        List<List<String>> left = new JdbcTemplate(new org.springframework.jdbc.datasource.SingleConnectionDataSource(sourceKeepAlive, true))
                .query(String.format(select, "students"), values);
        assertThat(c.jdbc.query(String.format(select, TARGET), values)).hasSize(250).containsExactlyElementsOf(left);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aChunkTheDatabaseRefusesIsWrittenAgainAsBatchesAndOnlyTheRefusedRowIsRejected(StagingDatabases.Target db) throws Exception {
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            rows.add(new String[] {String.valueOf(20180000 + i), "user" + i, "Ann", "Lee"});
        }
        Copy c = copy(db, rows, true);
        // a rule of the staging table that the copy's own checks do not know: the database refuses the row
        c.jdbc.execute("ALTER TABLE " + TARGET + " ADD CONSTRAINT no_user_123 CHECK (username <> 'user123')");

        RunCounts counts = c.run();

        assertThat(counts.read()).isEqualTo(300);
        assertThat(counts.written()).isEqualTo(299);
        assertThat(counts.rejected()).isEqualTo(1);
        assertThat(c.jdbc.queryForObject("SELECT COUNT(*) FROM " + TARGET, Integer.class)).isEqualTo(299);
        assertThat(c.jdbc.queryForList("SELECT reason FROM mim_rejected_row", String.class))
                .singleElement().asString().startsWith("the staging database refused the row").containsIgnoringCase("no_user_123");
        if (!db.name().equals("h2")) {
            assertThat(counts.message()).contains("1 refused chunk(s) written as batches");
        }
    }

    /** PostgreSQL streams a chunk's text into its COPY in pieces: a row refused after several pieces went in. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aRowRefusedAfterPartOfItsChunkWasStreamedLosesOnlyItself(StagingDatabases.Target db) throws Exception {
        List<String[]> rows = new ArrayList<>();
        String longName = "x".repeat(90);
        for (int i = 0; i < 3000; i++) { // about 600 KB of text in one chunk: nine pieces sent before its end
            rows.add(new String[] {String.valueOf(20180000 + i), "user" + i, longName, longName + i});
        }
        Copy c = copy(db, rows, true, 5000);
        c.jdbc.execute("ALTER TABLE " + TARGET + " ADD CONSTRAINT no_user_2900 CHECK (username <> 'user2900')");

        RunCounts counts = c.run();

        assertThat(counts.written()).isEqualTo(2999);
        assertThat(counts.rejected()).isEqualTo(1);
        assertThat(c.jdbc.queryForObject("SELECT COUNT(*) FROM " + TARGET, Integer.class)).isEqualTo(2999);
        assertThat(c.jdbc.queryForObject("SELECT COUNT(*) FROM " + TARGET + " WHERE surname = ?", Integer.class, longName + 2899))
                .isEqualTo(1);
        assertThat(c.jdbc.queryForList("SELECT reason FROM mim_rejected_row", String.class))
                .singleElement().asString().containsIgnoringCase("no_user_2900");

        c.jdbc.execute("ALTER TABLE " + TARGET + " DROP CONSTRAINT no_user_2900");
        RunCounts again = c.run(); // the streamed path whole: every piece in, in order

        assertThat(again.written()).isEqualTo(3000);
        assertThat(again.message()).contains(expectedPath(db));
        assertThat(c.jdbc.queryForObject("SELECT COUNT(DISTINCT surname) FROM " + TARGET, Integer.class)).isEqualTo(3000);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void withTheBulkPathSwitchedOffRowsGoAsBatches(StagingDatabases.Target db) throws Exception {
        Copy c = copy(db, List.<String[]>of(new String[] {"20180001", "u1", "Ann", "Lee"}), false);

        RunCounts counts = c.run();

        assertThat(counts.written()).isEqualTo(1);
        assertThat(counts.message()).contains("(batched inserts;");
    }

    /** MariaDB only (LOAD DATA is its bulk path): runs when MIM_IT_DATABASES names it, as .ci/run does. */
    static List<StagingDatabases.Target> mariadb() {
        return StagingDatabases.targets().stream().filter(t -> t.name().equals("mariadb")).toList();
    }

    @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
    @MethodSource("mariadb")
    void aServerThatRefusesLocalInfileGetsBatchesAndLosesNothing(StagingDatabases.Target db) throws Exception {
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            rows.add(new String[] {String.valueOf(20180000 + i), "user" + i, "Ann", "Lee"});
        }
        Copy c = copy(db, rows, true);
        // as on a server with local_infile off: the driver is told not to send local files
        try (HikariDataSource refusing = new HikariDataSource()) {
            refusing.setJdbcUrl(db.url() + "?allowLocalInfile=false");
            refusing.setUsername(db.user());
            refusing.setPassword(db.password());
            ViewCopier copier = new ViewCopier(refusing, c.sources, new SqlResources(c.props), c.journal, c.props);

            RunCounts counts = copier.copy(c.spec, c.journal.start(c.spec.feedId(), false, null, "test"));

            assertThat(counts.written()).isEqualTo(300);
            assertThat(counts.rejected()).isZero();
            assertThat(counts.message()).contains("1 refused chunk(s) written as batches, the rest as batches");
            assertThat(c.jdbc.queryForObject("SELECT COUNT(*) FROM " + TARGET, Integer.class)).isEqualTo(300);
        }
    }

    private static String expectedPath(StagingDatabases.Target db) {
        return switch (db.name()) {
            case "postgres" -> "(COPY FROM STDIN;";
            case "mariadb" -> "(LOAD DATA LOCAL INFILE;";
            default -> "(batched inserts;";
        };
    }

    private record Copy(ViewCopier copier, Journal journal, JdbcTemplate jdbc, CopySpec spec, SourceDataSources sources,
                        MimProperties props) {
        RunCounts run() throws Exception {
            return copier.copy(spec, journal.start(spec.feedId(), false, null, "test"));
        }
    }

    private Copy copy(StagingDatabases.Target db, List<String[]> rows, boolean bulk) throws Exception {
        return copy(db, rows, bulk, 100);
    }

    private Copy copy(StagingDatabases.Target db, List<String[]> rows, boolean bulk, int chunkRows) throws Exception {
        staging = db.fresh();
        JdbcDataSource src = new JdbcDataSource();
        src.setURL("jdbc:h2:mem:bulk-" + UUID.randomUUID() + ";MODE=Oracle;DB_CLOSE_DELAY=-1");
        sourceKeepAlive = src.getConnection();
        try (var s = sourceKeepAlive.createStatement()) {
            s.execute("CREATE TABLE students (stu_code VARCHAR2(40), username VARCHAR2(400), first_name VARCHAR2(400), surname VARCHAR2(400))");
        }
        try (PreparedStatement ps = sourceKeepAlive.prepareStatement("INSERT INTO students VALUES (?, ?, ?, ?)")) {
            for (String[] r : rows) {
                for (int i = 0; i < 4; i++) {
                    ps.setString(i + 1, r[i]);
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
        MimProperties props = new MimProperties();
        props.getCopy().setBatchSize(40);
        props.getCopy().setBulkChunkRows(chunkRows);
        props.getCopy().setBulk(bulk);
        SourceDataSources sources = new SourceDataSources();
        sources.put("sits", src, 500);
        Path query = dir.resolve("student.sql");
        Files.writeString(query, "SELECT stu_code, username, first_name, surname FROM students");
        JdbcTemplate jdbc = new JdbcTemplate(staging);
        Journal journal = new Journal(jdbc);
        return new Copy(new ViewCopier(staging, sources, new SqlResources(props), journal, props), journal, jdbc,
                new CopySpec("sits-copy-student", "sits", query.toUri().toString(), TARGET, null), sources, props);
    }
}
