package uk.ac.mim.sits.ims;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.util.FileSystemUtils;

import uk.ac.mim.ops.FeedRunner;
import uk.ac.mim.staging.FeedRun;
import uk.ac.mim.staging.RunStatus;
import uk.ac.mim.testing.MoodleImsImport;
import uk.ac.mim.testing.MoodleImsScanner;
import uk.ac.mim.testing.SitsFixture;

/** Every rule of docs/contract.md §4.1, asserted on the bytes of the produced file; and delivery that never leaves half a file. */
@CamelSpringBootTest
@SpringBootTest(properties = {
        "mim.run-at-startup=false",
        "mim.demo.seed=false",
        "mim.security.password=test-only",
        "mim.datasource.staging.url=jdbc:h2:mem:ims-file-test;DB_CLOSE_DELAY=-1",
        "mim.output-dir=target/test-out/ims-file",
        "mim.ims.drop-dir=target/test-out/ims-file/drop",
        "mim.ims.target=moodle-prod",
        "mim.ims.chunk-size=2"})
class ImsFileTest {

    static final Path DROP = Path.of("target/test-out/ims-file/drop/UCL_SIS_export.xml");
    static final String[][] NAMES = {
            {"O'Brien", "Siobhán"}, {"\"Danny\" Daniels", "Zoë"}, {"Marks & Spencer", "Ødegård"}, {"Smith <Jr>", "José"},
            {"Bell\u0001", "Tab\u000Bby"}, {"Line\r\nBreak", "Multi\nLine"}, {"🎓 Grad", "Emoji 😀"}, {"عربي", "עִבְרִית"},
            {"Nguye\u0302\u0303n", "  Padded  "}, {"Smith, Jr", "Ann"}};

    @Autowired
    FeedRunner runner;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ImsEnrolmentsFeed feed;

    @BeforeEach
    void world() throws Exception {
        FileSystemUtils.deleteRecursively(Path.of("target/test-out/ims-file"));
        SitsFixture f = new SitsFixture(jdbc).reset();
        f.occurrence("9001", "LAWS0024", "A6U", "T1/2", "2025", "LAWS").course(10, "LAWS0024-2025")
                .moduleMapping("9001", 10, "LAWS0024-2025", "APP", "ADD");
        jdbc.update("UPDATE moodle_course_dump SET fullname = 'Law & <Society>' WHERE id = 10");
        for (int i = 0; i < NAMES.length; i++) {
            String code = "3000000" + i;
            f.student(code, "n" + i, NAMES[i][1], NAMES[i][0]).registration(code, "9001", "CON");
        }
        f.student("30000099", "gone", "Left", "Course").user(900, "gone", "30000099").imsEnrolment(10, 900, 0);
        for (int i = 0; i < 4; i++) { // already enrolled and still desired: the guard sees 80% retained
            String code = "3100000" + i;
            f.student(code, "k" + i, "K", "K").registration(code, "9001", "CON").user(910 + i, "k" + i, code).imsEnrolment(10, 910 + i, 0);
        }
    }

    @Test
    void theFileObeysEveryRuleMoodlesScannerNeeds() throws Exception {
        FeedRun r = runner.run(ImsPlanner.FEED_ID, false, null, "test");
        assertThat(r.status()).as(r.message()).isEqualTo(RunStatus.OK);
        byte[] bytes = Files.readAllBytes(DROP);

        // UTF-8, strictly decodable, declared
        String xml = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        assertThat(xml).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<enterprise>");
        // well-formed, and what Moodle would read back
        assertThat(MoodleImsImport.members(bytes)).hasSize(NAMES.length + 1);
        // and Moodle's own line-by-line scanner finds every record an XML parser finds
        List<MoodleImsScanner.Tag> tags = MoodleImsScanner.scan(xml);
        assertThat(tags).extracting(MoodleImsScanner.Tag::name).containsOnly("properties", "person", "group", "membership");
        assertThat(tags).filteredOn(t -> t.name().equals("person")).hasSize(NAMES.length + 1);
        assertThat(MoodleImsScanner.members(tags)).containsExactlyElementsOf(MoodleImsImport.members(bytes).stream()
                .map(m -> m.course() + "/" + m.person() + "/" + m.status()).toList());
        // no namespaces, CDATA or comments
        assertThat(xml).doesNotContain("xmlns", "<![CDATA[", "<!--", ":person", ":membership");
        // order: properties, persons, groups, memberships
        int props = xml.indexOf("<properties>");
        int person = xml.indexOf("<person");
        int group = xml.indexOf("<group");
        int membership = xml.indexOf("<membership>");
        assertThat(props).isLessThan(person);
        assertThat(person).isLessThan(group);
        assertThat(group).isLessThan(membership);
        assertThat(xml.lastIndexOf("</person>")).isLessThan(group);
        assertThat(xml.lastIndexOf("</group>")).isLessThan(membership);
        assertThat(xml).contains("<target>moodle-prod</target>").containsPattern("<datetime>\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d</datetime>");
        // one member per person; roletype first and only, two digits; status always written
        Matcher roles = Pattern.compile("<role[^>]*>").matcher(xml);
        int n = 0;
        while (roles.find()) {
            assertThat(roles.group()).isEqualTo("<role roletype=\"01\">");
            n++;
        }
        assertThat(n).isEqualTo(NAMES.length + 1);
        Matcher members = Pattern.compile("<member>(.*?)</member>", Pattern.DOTALL).matcher(xml);
        while (members.find()) {
            assertThat(members.group(1)).containsPattern("<status>[01]</status>");
        }
        assertThat(xml).contains("<id>30000099</id>").containsPattern("<id>30000099</id>\\s*</sourcedid>\\s*<idtype>1</idtype>\\s*<role roletype=\"01\">\\s*<status>0</status>");
        // only &, < and > escaped; quotes and apostrophes literal; non-ASCII literal
        assertThat(xml).contains("<family>O'Brien</family>", "<family>\"Danny\" Daniels</family>", "<family>Marks &amp; Spencer</family>",
                "<family>Smith &lt;Jr&gt;</family>", "<given>Zoë</given>", "<family>🎓 Grad</family>", "<given>Emoji 😀</given>",
                "<family>عربي</family>", "<family>Nguye\u0302\u0303n</family>", "<given>Padded</given>", "<family>Smith, Jr</family>",
                "<short>Law &amp; &lt;Society&gt;</short>");
        assertThat(xml).doesNotContain("&apos;", "&quot;", "&#", "\u0001", "\u000B", "\r");
        // control characters removed, line breaks made spaces, and both reported
        assertThat(xml).contains("<family>Bell</family>", "<given>Tabby</given>", "<family>Line Break</family>", "<given>Multi Line</given>");
        String plan = jdbc.queryForObject("SELECT plan_json FROM mim_run_plan WHERE run_id = ?", String.class, r.runId());
        assertThat(plan).contains("person 30000004: family name: characters XML 1.0 forbids removed",
                "person 30000005: family name: line break replaced by a space",
                "person 30000002: family name 'Marks & Spencer' contains &, < or >",
                "course LAWS0024-2025: full name 'Law & <Society>' contains &, < or >");
        // delivered readable by the consumer, with checksum and size journaled
        assertThat(Files.getPosixFilePermissions(DROP).toString()).contains("OTHERS_READ");
        assertThat(r.outputChecksum()).hasSize(64);
        assertThat(r.outputSize()).isEqualTo(bytes.length);
    }

    @Test
    void eachDeliveryIsNewerByASecondAndArchived() throws Exception {
        runner.run(ImsPlanner.FEED_ID, false, null, "test");
        Instant future = Instant.now().plusSeconds(30);
        Files.setLastModifiedTime(DROP, FileTime.from(future)); // e.g. a clock step: Moodle must still see a newer file
        runner.run(ImsPlanner.FEED_ID, false, null, "test");
        assertThat(Files.getLastModifiedTime(DROP).toInstant()).isAfterOrEqualTo(future.plusSeconds(1));
        try (var archived = Files.list(Path.of("target/test-out/ims-file/archive/ims"))) {
            assertThat(archived.filter(p -> p.getFileName().toString().matches("UCL_SIS_export-\\d{8}T\\d{6}\\.\\d{3}Z\\.xml"))).hasSize(2);
        }
    }

    @Test
    void aFailureHalfWayLeavesThePreviousFileUntouched() throws Exception {
        Files.createDirectories(DROP.getParent());
        Files.writeString(DROP, "<enterprise>last night</enterprise>");
        FileTime before = Files.getLastModifiedTime(DROP);
        // a site stylesheet that imports the shipped one and fails on the 4th chunk (persons 6 and 7: chunk-size 2)
        Path xsl = Files.createTempFile("ims-crash", ".xsl");
        Files.writeString(xsl, """
                <xsl:stylesheet version="2.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
                  <xsl:import href="%s"/>
                  <xsl:template match="/persons[p/id = '30000006']">
                    <xsl:sequence select="error(QName('', 'crash'), 'XSLT engine crashed half-way')"/>
                  </xsl:template>
                </xsl:stylesheet>
                """.formatted(getClass().getClassLoader().getResource("xslt/ims-enterprise.xsl")));
        ImsProperties crashing = new ImsProperties();
        crashing.setChunkSize(2);
        crashing.setStylesheet(xsl.toUri().toString());
        ImsWriter shipped = (ImsWriter) ReflectionTestUtils.getField(feed, "writer");
        ReflectionTestUtils.setField(feed, "writer", new ImsWriter(crashing));
        try {
            assertCrashLeavesLastNightsFile(before);
        } finally {
            ReflectionTestUtils.setField(feed, "writer", shipped);
            Files.deleteIfExists(xsl);
        }
    }

    private void assertCrashLeavesLastNightsFile(FileTime before) throws Exception {
        FeedRun r = runner.run(ImsPlanner.FEED_ID, false, null, "test");

        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.message()).contains("XSLT engine crashed half-way");
        assertThat(Files.readString(DROP)).isEqualTo("<enterprise>last night</enterprise>");
        assertThat(Files.getLastModifiedTime(DROP)).isEqualTo(before);
        try (var left = Files.list(DROP.getParent())) {
            assertThat(left).containsExactly(DROP);
        }
    }
}
