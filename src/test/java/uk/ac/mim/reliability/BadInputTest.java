package uk.ac.mim.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.FileSystemUtils;

import uk.ac.mim.ops.FeedRunner;
import uk.ac.mim.staging.FeedRun;
import uk.ac.mim.staging.RunStatus;
import uk.ac.mim.staging.StudentCodes;

/**
 * The bad-input corpus (src/test/resources/bad-input/students.tsv, 43 awkward rows) fed from the SITS,
 * CMIS and Moodle sources through every feed: each row is delivered correctly (asserted on the bytes of
 * the IMS file and on the CSV read back by a standard reader) or rejected with its reason; the file is
 * well-formed and obeys docs/contract.md §4.1; the tutor view and the CMIS plan carry the cleaned values.
 */
@CamelSpringBootTest
@SpringBootTest(properties = {
        "mim.run-at-startup=false",
        "mim.demo.seed=false",
        "mim.feeds.cmis-moodle-groups.dry-run=true", // no Moodle here: the CMIS plan is what is checked
        "mim.security.password=test-only",
        "mim.datasource.staging.url=jdbc:h2:mem:bad-staging;DB_CLOSE_DELAY=-1",
        "mim.datasource.sits.url=" + BadInputTest.SITS,
        "mim.datasource.cmis.url=" + BadInputTest.CMIS,
        "mim.datasource.moodle.url=" + BadInputTest.MOODLE,
        "mim.output-dir=target/test-out/bad-input",
        "mim.ims.drop-dir=target/test-out/bad-input/drop",
        "mim.profile-fields.drop-dir=target/test-out/bad-input/drop"})
class BadInputTest {

    static final String SITS = "jdbc:h2:mem:bad-sits;MODE=Oracle;DB_CLOSE_DELAY=-1";
    static final String CMIS = "jdbc:h2:mem:bad-cmis;MODE=Oracle;DB_CLOSE_DELAY=-1";
    static final String MOODLE = "jdbc:h2:mem:bad-moodle;DB_CLOSE_DELAY=-1";
    static final String LONG_GROUP = "Seminar " + "x".repeat(300);

    record Row(String name, String code, String username, String first, String surname, String email, String expect) { }

    @Autowired
    FeedRunner runner;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void everyAwkwardRowIsDeliveredCorrectlyOrRejectedWithItsReason() throws Exception {
        FileSystemUtils.deleteRecursively(Path.of("target/test-out/bad-input"));
        List<Row> corpus = corpus();
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(40);
        sources(corpus);
        jdbc.update("INSERT INTO sits_moduleoccurence_mapping (mod_occ_bdo_id, reg_status, vle_idnumber, vle_courseid,"
                + " mapping_action, group_import) VALUES ('9001', 'APP', 'LAWS0024-2025', 10, 'ADD', 'ADD')");

        List<FeedRun> runs = runner.runOnce("all", false, "test");

        assertThat(runs).filteredOn(r -> r.status() != RunStatus.OK).isEmpty();
        byte[] bytes = Files.readAllBytes(Path.of("target/test-out/bad-input/drop/UCL_SIS_export.xml"));
        String xml = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(bytes)); // well-formed
        assertThat(xml).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>").doesNotContain("&apos;", "&quot;", "&#", "xmlns", "<![CDATA[");
        Map<String, CSVRecord> csv = new HashMap<>();
        for (CSVRecord r : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(
                Files.readString(Path.of("target/test-out/bad-input/drop/UCL_SIS_Userprofilefields.csv"))))) {
            csv.put(r.get("idnumber"), r);
        }
        Map<String, String> tutors = new HashMap<>();
        jdbc.query("SELECT \"student_code\", \"student_surname\" FROM sits_v_personaltutorrole", rs -> { // lower case, quoted on H2
            tutors.put(rs.getString(1), rs.getString(2));
        });
        List<String> rejected = jdbc.queryForList("SELECT CONCAT(CONCAT(feed_id, ': '), CONCAT(COALESCE(row_ref, ''),"
                + " CONCAT(' | ', reason))) FROM mim_rejected_row", String.class);

        for (Row row : corpus) {
            String code = StudentCodes.normalise(row.code(), 8);
            if (row.expect().startsWith("ok:")) {
                String[] want = row.expect().substring(3).split("\\|", -1);
                Matcher m = Pattern.compile("<id>" + code + "</id>(.*?)</person>", Pattern.DOTALL).matcher(xml);
                assertThat(m.find()).as(row.name() + ": a <person> for " + code).isTrue();
                Matcher family = Pattern.compile("<family>(.*?)</family>", Pattern.DOTALL).matcher(m.group(1));
                if (want[0].isEmpty()) {
                    assertThat(m.group(1)).as(row.name() + ": no empty <family>").doesNotContain("family");
                } else {
                    assertThat(family.find()).as(row.name() + ": <family>").isTrue();
                    assertThat(family.group(1)).as(row.name() + ": <family> bytes").isEqualTo(want[0]);
                }
                assertThat(csv).as(row.name() + ": a CSV row").containsKey(code);
                assertThat(csv.get(code).get("lastname")).as(row.name() + ": CSV lastname").isEqualTo(want[1]);
                assertThat(csv.get(code).get("username")).as(row.name()).isEqualTo(row.username().strip().toLowerCase());
                assertThat(tutors.get(code)).as(row.name() + ": tutor view surname").isEqualTo(want[1]);
            } else {
                String reason = row.expect().substring(row.expect().indexOf(':') + 1);
                String feed = row.expect().startsWith("reject-copy") ? "sits-copy-student" : "sits-ims-enrolments";
                assertThat(rejected).as(row.name() + ": rejected with its reason")
                        .anyMatch(r -> r.startsWith(feed) && r.contains(reason) && (code == null || r.contains(code)
                                || row.username() != null && r.contains(row.username())));
            }
        }
        assertThat(xml).contains("<userid>upper18</userid>", "<id>00000123</id>", "<id>30000019</id>");
        // CMIS: awkward group names are planned cleaned and bounded, members with leading zeros found
        String plan = jdbc.queryForObject("SELECT CAST(plan_json AS VARCHAR(1000000)) FROM mim_run_plan WHERE feed_id = 'cmis-moodle-groups'",
                String.class);
        assertThat(plan).contains("Lab & \\\"Tutorial\\\" <A>", "Emoji \ud83c\udf89").contains("\"userId\" : 7001");
        assertThat(plan).doesNotContain("  Emoji"); // trimmed: Moodle compares names untrimmed
        // a 308-character group name is kept by the copy and cut to Moodle's 254 by the planner, reported
        assertThat(rejected).noneMatch(r -> r.startsWith("cmis-copy-groups"));
        assertThat(plan).contains("LAWS0024-2025: group name of cmis:2025:LAWS0024:LONG cut to 254 characters");
    }

    private static List<Row> corpus() throws Exception {
        List<Row> out = new ArrayList<>();
        for (String line : new String(new ClassPathResource("bad-input/students.tsv").getInputStream().readAllBytes(),
                StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("#") || line.startsWith("case\t") || line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            out.add(new Row(f[0], v(f[1]), v(f[2]), v(f[3]), v(f[4]), v(f[5]), unescape(f[6])));
        }
        return out;
    }

    private static String v(String s) {
        return s.equals("NULL") ? null : unescape(s);
    }

    /** Java-style escapes: backslash-u and four hex digits, t, r, n, and a doubled backslash. */
    private static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 == s.length()) {
                b.append(c);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case 'u' -> {
                    b.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                case 't' -> b.append('\t');
                case 'r' -> b.append('\r');
                case 'n' -> b.append('\n');
                default -> b.append(n);
            }
        }
        return b.toString();
    }

    private void sources(List<Row> corpus) throws Exception {
        try (Connection sits = DriverManager.getConnection(SITS, "sa", "");
             Connection cmis = DriverManager.getConnection(CMIS, "sa", "");
             Connection moodle = DriverManager.getConnection(MOODLE, "sa", "")) {
            script(sits, "demo/sits-schema.sql");
            script(cmis, "demo/cmis-schema.sql");
            exec(cmis, "ALTER TABLE cmis_v_moodle_groups ALTER COLUMN group_name SET DATA TYPE VARCHAR2(1000)");
            script(moodle, "demo/moodle-schema.sql");
            for (String col : new String[] {"username", "first_name", "surname", "email"}) { // a view may hold longer values
                exec(sits, "ALTER TABLE sismgr.ucl_bdo_v_moodle_student ALTER COLUMN " + col + " SET DATA TYPE VARCHAR2(1000)");
            }
            exec(sits, "INSERT INTO sismgr.ucl_bdo_v_moodle_module_inst VALUES ('9001', 'LAWS0024', 'A6U', 'T1', '2025', 'Law & Society', 'LAWS')");
            exec(sits, "INSERT INTO sismgr.ucl_bdo_v_moodle_programme VALUES ('ULAWS', 'Law, \"Politics\" & <Society>', 'LAWS')");
            try (PreparedStatement st = sits.prepareStatement("INSERT INTO sismgr.ucl_bdo_v_moodle_student VALUES (?, ?, ?, ?, ?, ?, 'LAWS', 'E', 'O', 'TUTOR1')");
                 PreparedStatement en = sits.prepareStatement("INSERT INTO sismgr.ucl_bdo_v_moodle_student_enrl VALUES (?, '9001', 'LAWS0024', 'A6U', 'T1', '2025', 'CON')");
                 PreparedStatement as = sits.prepareStatement("INSERT INTO sismgr.ucl_bdo_v_moodle_assignment VALUES (?, 'F01', 'LAWS', 'ULAWS', 'R1', 'U', '1', '2025')");
                 PreparedStatement mu = moodle.prepareStatement("INSERT INTO mdl_user VALUES (?, ?, '', 'F', 'L', '', 0, 0)")) {
                long uid = 5000;
                for (Row r : corpus) {
                    st.setString(1, r.code());
                    st.setString(2, r.username());
                    st.setString(3, "U" + r.code());
                    st.setString(4, r.first());
                    st.setString(5, r.surname());
                    st.setString(6, r.email());
                    st.executeUpdate();
                    en.setString(1, r.code());
                    en.executeUpdate();
                    as.setString(1, r.code());
                    as.executeUpdate();
                    if (r.username() != null && r.username().length() <= 100) {
                        mu.setLong(1, uid++);
                        mu.setString(2, r.username().strip().toLowerCase());
                        mu.executeUpdate();
                    }
                }
            }
            exec(moodle, "INSERT INTO mdl_course_categories VALUES (2, 'Faculty of Laws & <Arts>', 'F01', 0)");
            exec(moodle, "INSERT INTO mdl_course VALUES (10, 2, 'LAWS0024', 'Law & \"Society\"', 'LAWS0024-2025', 1)");
            exec(moodle, "INSERT INTO mdl_enrol VALUES (1010, 'imsenterprise', 10, 0, 5)");
            exec(moodle, "INSERT INTO mdl_enrol VALUES (2010, 'manual', 10, 0, 5)");
            exec(moodle, "INSERT INTO mdl_user_info_field VALUES (1, 'upi')");
            exec(moodle, "INSERT INTO mdl_user VALUES (7001, 'tutor1', '', 'T\u00fctor', 'O''Neil & Co', '', 0, 0)");
            exec(moodle, "INSERT INTO mdl_user_info_data VALUES (1, 7001, 1, 'tutor1')");
            exec(moodle, "INSERT INTO mdl_user_enrolments VALUES (1, 2010, 7001, 0)");
            exec(cmis, "INSERT INTO cmis_v_moodle_groups VALUES ('2025', 'LAWS0024', 'LAB', 'Lab & \"Tutorial\" <A>')");
            exec(cmis, "INSERT INTO cmis_v_moodle_groups VALUES ('2025', 'LAWS0024', 'EMO', '  Emoji \ud83c\udf89  ')");
            exec(cmis, "INSERT INTO cmis_v_moodle_groups VALUES ('2025', 'LAWS0024', 'LONG', '" + LONG_GROUP + "')");
            exec(cmis, "INSERT INTO cmis_v_moodle_group_tutors VALUES ('2025', 'LAWS0024', 'LAB', 'TUTOR1')");
            exec(cmis, "INSERT INTO cmis_v_moodle_group_students VALUES ('2025', 'LAWS0024', 'LAB', '030000001')");
        }
    }

    private static void script(Connection c, String resource) throws Exception {
        String text = new String(new ClassPathResource(resource).getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        for (String stmt : text.split(";")) {
            String sql = stmt.lines().filter(l -> !l.strip().startsWith("--")).reduce("", (a, b) -> a + b + "\n").strip();
            if (!sql.isEmpty()) {
                exec(c, sql);
            }
        }
    }

    private static void exec(Connection c, String sql) throws Exception {
        try (var s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
