package uk.ac.mim.ops.alerts;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import uk.ac.mim.ops.FeedRunner;
import uk.ac.mim.staging.FeedRun;
import uk.ac.mim.staging.Journal;
import uk.ac.mim.staging.RunStatus;

/**
 * A mail server that is down: the feed's run and its journal row are as they would be without alerts, the mail is
 * tried again and then logged as undelivered, and the webhook still gets the alert.
 */
@CamelSpringBootTest
@UseAdviceWith
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(properties = {
        "mim.run-at-startup=false",
        "mim.datasource.staging.url=jdbc:h2:mem:alerts-down-test;DB_CLOSE_DELAY=-1",
        "mim.output-dir=target/test-out/alerts-down",
        "mim.demo.seed=false", // an empty SITS (a name no other test seeds): the copy fails
        "mim.datasource.sits.url=jdbc:h2:mem:alerts-down-empty-sits;MODE=Oracle;DB_CLOSE_DELAY=-1",
        "mim.security.password=test-only-password",
        "mim.alerts.enabled=true",
        "mim.alerts.mail.enabled=true",
        "mim.alerts.mail.host=127.0.0.1",
        "mim.alerts.mail.to=integration-team@example.ac.uk",
        "mim.alerts.webhook.enabled=true",
        "mim.alerts.retries=2",
        "mim.alerts.retry-delay=10"})
class AlertMailDownTest {

    static final WireMockServer webhook = new WireMockServer(WireMockConfiguration.options().dynamicPort());

    static {
        webhook.start();
        webhook.stubFor(post(urlEqualTo("/hook/ok-secret-path")).willReturn(aResponse().withStatus(200)));
    }

    @DynamicPropertySource
    static void channels(DynamicPropertyRegistry r) throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort(); // nothing listens here once the socket is closed
        }
        int port = closed;
        r.add("mim.alerts.mail.port", () -> port);
        r.add("mim.alerts.webhook.url", () -> "http://127.0.0.1:" + webhook.port() + "/hook/ok-secret-path");
    }

    @AfterAll
    static void stop() {
        webhook.stop();
    }

    @Autowired
    CamelContext camel;
    @Autowired
    FeedRunner runner;
    @Autowired
    Journal journal;

    @Test
    void aMailServerThatIsDownNeitherFailsTheFeedNorLosesTheJournalRow(CapturedOutput output) throws Exception {
        // a run event's exchange at its end: every channel has had the alert (or given up on it)
        AdviceWith.adviceWith(camel, "mim-alerts", a -> a.weaveAddLast().to("mock:alerts-done"));
        camel.start();
        MockEndpoint done = camel.getEndpoint("mock:alerts-done", MockEndpoint.class);
        done.expectedMessageCount(1);

        FeedRun run = runner.run("sits-copy-faculties", false, null, "test");

        done.assertIsSatisfied(60_000);
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(journal.run(run.runId())).get().extracting(FeedRun::status).isEqualTo(run.status());
        assertThat(output.getOut()).contains("alert undelivered by mail after its retries: [MIM] sits-copy-faculties FAILED");
        assertThat(webhook.findAll(postRequestedFor(urlEqualTo("/hook/ok-secret-path")))).hasSize(1);
    }
}
