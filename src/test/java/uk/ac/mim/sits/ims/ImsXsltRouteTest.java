package uk.ac.mim.sits.ims;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import uk.ac.mim.ops.FeedRunner;

/**
 * With mim.ims.xslt-route, the feed's IMS writer sends every chunk through the ims-xslt route (xslt-saxon) and
 * writes the same bytes as Saxon called directly.
 */
@CamelSpringBootTest
@SpringBootTest(properties = {
        "mim.run-at-startup=false",
        "mim.datasource.staging.url=jdbc:h2:mem:ims-xslt-test;DB_CLOSE_DELAY=-1",
        "mim.output-dir=target/test-out/ims-xslt",
        "mim.ims.chunk-size=20",
        "mim.ims.xslt-route=true"})
class ImsXsltRouteTest {

    @Autowired
    CamelContext camel;
    @Autowired
    FeedRunner runner;
    @Autowired
    ImsPlanner planner;
    @Autowired
    ImsWriter feedWriter;
    @Autowired
    ImsProperties ims;

    @Test
    void everyChunkGoesThroughTheRouteAndTheFileIsTheSameAsSaxonsOwn() throws Exception {
        runner.runOnce("all", true, "test");
        ImsPlan plan = planner.plan("xslt-test");
        Path viaCamel = Path.of("target/test-out/ims-xslt/camel.xml");
        Path direct = Path.of("target/test-out/ims-xslt/s9api.xml");
        Files.createDirectories(viaCamel.getParent());
        Instant at = Instant.parse("2026-12-01T01:15:00Z");
        NotifyBuilder chunks = new NotifyBuilder(camel).fromRoute("ims-xslt").whenCompleted(10).create();

        feedWriter.write(plan, at, viaCamel, new ArrayList<>());
        new ImsWriter(ims).write(plan, at, direct, new ArrayList<>());

        assertThat(chunks.matches(10, TimeUnit.SECONDS)).as("at least 10 chunks of 20 records through ims-xslt").isTrue();
        assertThat(Files.size(viaCamel)).isGreaterThan(10_000);
        assertThat(Files.readAllBytes(viaCamel)).isEqualTo(Files.readAllBytes(direct));
    }
}
