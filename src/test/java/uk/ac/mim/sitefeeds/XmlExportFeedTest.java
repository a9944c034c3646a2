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

import uk.ac.mim.ops.FeedRunner;
import uk.ac.mim.staging.FeedRun;
import uk.ac.mim.staging.RunStatus;

/**
 * docs/adding-a-feed.md's XML export, as a site writes it: a .sql, a stylesheet and a few lines of YAML in
 * mim.routes-dir. The rows go through the stylesheet in chunks (of 2 here, so a chunk boundary is crossed) and
 * the delivered file's bytes are checked, markup in a value escaped.
 */
@CamelSpringBootTest
@SpringBootTest(properties = {
        "mim.run-at-startup=false",
        "mim.datasource.staging.url=jdbc:h2:mem:xml-export-test;DB_CLOSE_DELAY=-1",
        "mim.output-dir=target/test-out/xml-export"})
class XmlExportFeedTest {

    static final Path ROUTES = Path.of("target/test-out/xml-export-routes");
    static final Path DROP = Path.of("target/test-out/xml-export/drop");

    @DynamicPropertySource
    static void routes(DynamicPropertyRegistry r) throws Exception {
        FileSystemUtils.deleteRecursively(ROUTES);
        FileSystemUtils.deleteRecursively(DROP);
        Files.createDirectories(ROUTES);
        Files.writeString(ROUTES.resolve("programmes.sql"), """
                SELECT prg_code, prg_name, dpt_code FROM ucl_bdo_v_moodle_programme_dump ORDER BY prg_code
                """);
        Files.writeString(ROUTES.resolve("programmes.xsl"), """
                <xsl:stylesheet version="2.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
                  <xsl:output method="xml" encoding="UTF-8" omit-xml-declaration="yes" indent="no"/>
                  <xsl:template match="/rows">
                    <xsl:for-each select="row">
                      <programme code="{prg_code}" department="{dpt_code}"><xsl:value-of select="prg_name"/></programme>
                      <xsl:text>&#10;</xsl:text>
                    </xsl:for-each>
                  </xsl:template>
                </xsl:stylesheet>
                """);
        Files.writeString(ROUTES.resolve("sits-programmes-xml.yaml"), """
                - templatedRoute:
                    routeTemplateRef: staging-xml-export
                    routeId: sits-programmes-xml
                    prefixId: programmes-xml-
                    parameters:
                      - name: query
                        value: "file:%s"
                      - name: stylesheet
                        value: "file:%s"
                      - name: directory
                        value: "%s"
                      - name: fileName
                        value: programmes.xml
                      - name: root
                        value: programmes
                      - name: chunkSize
                        value: "2"
                """.formatted(ROUTES.resolve("programmes.sql").toAbsolutePath(), ROUTES.resolve("programmes.xsl").toAbsolutePath(),
                DROP.toAbsolutePath()));
        r.add("mim.routes-dir", () -> ROUTES.toString());
    }

    @Autowired
    FeedRunner runner;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theSitesXmlExportGoesThroughItsStylesheetInChunks() throws Exception {
        runner.runOnce("sits-copy-faculties,sits-copy-department,sits-copy-programme", false, "test");
        jdbc.update("UPDATE ucl_bdo_v_moodle_programme_dump SET prg_name = 'Law & <Society>' WHERE prg_code ="
                + " (SELECT MIN(prg_code) FROM ucl_bdo_v_moodle_programme_dump)");

        FeedRun r = runner.run("sits-programmes-xml", false, null, "test");

        assertThat(r.status()).as(r.message()).isEqualTo(RunStatus.OK);
        StringBuilder expected = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<programmes>\n");
        jdbc.query("SELECT prg_code, prg_name, dpt_code FROM ucl_bdo_v_moodle_programme_dump ORDER BY prg_code", rs -> {
            expected.append("<programme code=\"").append(rs.getString(1)).append("\" department=\"").append(rs.getString(3)).append("\">")
                    .append(rs.getString(2).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")).append("</programme>\n");
        });
        expected.append("</programmes>\n");
        long rows = jdbc.queryForObject("SELECT COUNT(*) FROM ucl_bdo_v_moodle_programme_dump", Long.class);
        assertThat(rows).isGreaterThan(2);
        assertThat(r.message()).startsWith(rows + " records; delivered ");
        assertThat(Files.readString(DROP.resolve("programmes.xml"), StandardCharsets.UTF_8)).isEqualTo(expected.toString())
                .contains("Law &amp; &lt;Society&gt;");
    }
}
