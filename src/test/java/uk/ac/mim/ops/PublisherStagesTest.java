package uk.ac.mim.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import uk.ac.mim.staging.FeedRun;
import uk.ac.mim.staging.RunStatus;

/**
 * The publishers' routes show their stages (routes/sits-*.yaml, cmis-moodle-groups.yaml): each stage is a step
 * with an id, and a stage that fails mid-route stops the run there, journaled FAILED with its reason, the
 * previous output left as it was.
 */
@CamelSpringBootTest
@UseAdviceWith
@SpringBootTest(properties = {
        "mim.run-at-startup=false",
        "mim.datasource.staging.url=jdbc:h2:mem:stages-test;DB_CLOSE_DELAY=-1",
        "mim.output-dir=target/test-out/stages",
        "mim.ims.drop-dir=target/test-out/stages/drop"})
class PublisherStagesTest {

    static final Path DROP = Path.of("target/test-out/stages/drop");

    @Autowired
    CamelContext camel;
    @Autowired
    FeedRunner runner;

    @Test
    void everyPublisherRouteNamesItsStages() {
        Map<String, List<String>> stages = Map.of(
                "sits-ims-enrolments", List.of("ims-journal-start", "ims-plan", "ims-guard", "ims-transform", "ims-deliver",
                        "ims-report", "ims-journal-finish"),
                "sits-profile-fields", List.of("profile-plan", "profile-transform", "profile-marshal", "profile-append", "profile-planned",
                        "profile-guard", "profile-deliver", "profile-report"),
                "sits-personal-tutors", List.of("tutors-plan", "tutors-guard", "tutors-deliver", "tutors-report"),
                "cmis-moodle-groups", List.of("groups-plan", "groups-guard", "groups-deliver", "groups-report"),
                "moodle-ws", List.of("moodle-ws-rate", "moodle-ws-form", "moodle-ws-call", "moodle-ws-parse", "moodle-ws-answer"),
                "ims-xslt", List.of("ims-xslt-transform"),
                "sits-copy-student", List.of("journal-start", "copy", "journal-finish"));
        ModelCamelContext model = (ModelCamelContext) camel;
        stages.forEach((route, ids) -> {
            List<String> found = ProcessorDefinitionHelper.filterTypeInOutputs(
                    model.getRouteDefinition(route).getOutputs(), ProcessorDefinition.class).stream()
                    .map(ProcessorDefinition::getId).toList();
            assertThat(found).as(route).containsSubsequence(ids);
        });
        // a copy's steps are named at run time by its templatedRoute's prefixId
        assertThat(camel.getRoute("sits-copy-student").filter("sits-copy-student-*")).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void aStageFailingMidRouteStopsThereFailedAndTheDropFolderKeepsLastNightsFile() throws Exception {
        AdviceWith.adviceWith(camel, "sits-ims-enrolments", a -> {
            a.weaveById("ims-transform").after().to("mock:transformed");
            a.weaveById("ims-deliver").before().throwException(new IOException("No space left on device"));
            a.weaveById("ims-report").before().to("mock:reported");
        });
        camel.start();
        runner.runOnce("all", true, "test"); // inputs copied (dry: nothing delivered)
        Files.createDirectories(DROP);
        Path lastNight = DROP.resolve("UCL_SIS_export.xml");
        Files.writeString(lastNight, "<enterprise>last night</enterprise>");
        MockEndpoint transformed = camel.getEndpoint("mock:transformed", MockEndpoint.class);
        MockEndpoint reported = camel.getEndpoint("mock:reported", MockEndpoint.class);
        transformed.reset();
        reported.reset();
        transformed.expectedMessageCount(1);
        reported.expectedMessageCount(0);
        NotifyBuilder failed = new NotifyBuilder(camel).fromRoute("sits-ims-enrolments").whenDone(1).create();

        FeedRun r = runner.run("sits-ims-enrolments", false, null, "test");

        assertThat(failed.matches(10, TimeUnit.SECONDS)).isTrue();
        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.message()).contains("No space left on device");
        transformed.assertIsSatisfied();
        reported.assertIsSatisfied();
        assertThat(Files.readString(lastNight)).isEqualTo("<enterprise>last night</enterprise>");
        try (var files = Files.list(DROP)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("UCL_SIS_export.xml");
        }
    }
}
