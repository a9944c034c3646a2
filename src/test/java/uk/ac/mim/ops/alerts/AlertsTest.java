package uk.ac.mim.ops.alerts;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import uk.ac.mim.ops.FeedRunner;
import uk.ac.mim.staging.FeedRun;
import uk.ac.mim.staging.Journal;
import uk.ac.mim.staging.RunStatus;

/**
 * Alerts through routes/alerts.yaml to a real SMTP server (GreenMail) and a WireMock webhook: one incident sends one
 * mail and one webhook call however often the feed fails, its recovery one more; a chain that missed its time and a
 * publisher whose input is too old open their own incidents; the morning summary; no secret in any message.
 */
@CamelSpringBootTest
@UseAdviceWith
@DirtiesContext
@SpringBootTest(properties = {
        "mim.run-at-startup=false",
        "mim.datasource.staging.url=jdbc:h2:mem:alerts-test;DB_CLOSE_DELAY=-1",
        "mim.datasource.staging.password=staging-secret-4711",
        "mim.output-dir=target/test-out/alerts",
        "mim.alerts.enabled=true",
        "mim.alerts.console-url=https://mim.example.ac.uk/",
        "mim.alerts.mail.enabled=true",
        "mim.alerts.mail.host=127.0.0.1",
        "mim.alerts.mail.to=integration-team@example.ac.uk,on-call@example.ac.uk",
        "mim.alerts.mail.from=mim@example.ac.uk",
        "mim.alerts.webhook.enabled=true",
        "mim.alerts.retries=1",
        "mim.alerts.retry-delay=10"})
class AlertsTest {

    static final String HOOK_PATH = "/services/T0000/B0000/test-only-hook-secret";

    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(false);

    static final WireMockServer webhook = new WireMockServer(WireMockConfiguration.options().dynamicPort());

    static {
        webhook.start();
        webhook.stubFor(post(urlEqualTo(HOOK_PATH)).willReturn(aResponse().withStatus(200).withBody("ok")));
    }

    @DynamicPropertySource
    static void channels(DynamicPropertyRegistry r) {
        r.add("mim.alerts.mail.port", () -> mail.getSmtp().getPort());
        r.add("mim.alerts.webhook.url", () -> "http://127.0.0.1:" + webhook.port() + HOOK_PATH);
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
    JdbcTemplate jdbc;
    @Autowired
    Journal journal;
    @Autowired
    Incidents incidents;
    @Autowired
    ProducerTemplate producer;

    static final AtomicBoolean sourceDown = new AtomicBoolean();

    @BeforeEach
    void setUp() throws Exception {
        if (camel.getStatus().isStarted()) {
            return;
        }
        // the faculties copy loses its source while sourceDown is set (not transient: no retry)
        AdviceWith.adviceWith(camel, "view-copy-rows", a -> a.weaveById("view-copy-read").before().process(ex -> {
            if (sourceDown.get() && "sits-copy-faculties".equals(ex.getMessage().getHeader("mimFeedId"))) {
                throw new java.sql.SQLSyntaxErrorException("ORA-00942: table or view does not exist");
            }
        }));
        // a run event's exchange at its end: every channel has had the alert (or given up on it)
        AdviceWith.adviceWith(camel, "mim-alerts", a -> a.weaveAddLast().to("mock:alerts-done"));
        camel.start();
    }

    @Test
    void oneIncidentSendsOneAlertAndItsRecoveryOneMore() throws Exception {
        webhook.resetRequests();
        mail.purgeEmailFromAllMailboxes();
        MockEndpoint done = camel.getEndpoint("mock:alerts-done", MockEndpoint.class);
        done.reset();
        done.expectedMessageCount(3); // the three run events, each through every channel

        sourceDown.set(true);
        FeedRun first = runner.run("sits-copy-faculties", false, null, "test");
        FeedRun second = runner.run("sits-copy-faculties", false, null, "test");
        sourceDown.set(false);
        FeedRun recovered = runner.run("sits-copy-faculties", false, null, "test");

        assertThat(List.of(first.status(), second.status(), recovered.status()))
                .containsExactly(RunStatus.FAILED, RunStatus.FAILED, RunStatus.OK);
        done.assertIsSatisfied(60_000);
        MimeMessage[] all = mail.getReceivedMessages();
        // two recipients each get the two messages
        List<MimeMessage> mails = java.util.Arrays.asList(all);
        List<String> subjects = new java.util.ArrayList<>();
        for (MimeMessage m : mails) {
            subjects.add(m.getSubject());
        }
        assertThat(subjects).containsExactlyInAnyOrder("[MIM] sits-copy-faculties FAILED", "[MIM] sits-copy-faculties FAILED",
                "[MIM] sits-copy-faculties OK again", "[MIM] sits-copy-faculties OK again");
        MimeMessage failed = mails.get(subjects.indexOf("[MIM] sits-copy-faculties FAILED"));
        String opened = GreenMailUtil.getBody(failed);
        assertThat(opened).contains("sits-copy-faculties is FAILED", "ORA-00942",
                "Console: https://mim.example.ac.uk/console/runs/" + first.runId());
        assertThat(failed.getFrom()[0].toString()).isEqualTo("mim@example.ac.uk");
        assertThat(GreenMailUtil.getBody(mails.get(subjects.indexOf("[MIM] sits-copy-faculties OK again"))))
                .contains("/console/runs/" + recovered.runId());

        List<LoggedRequest> calls = webhook.findAll(postRequestedFor(urlEqualTo(HOOK_PATH)));
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).getHeader("Content-Type")).startsWith("application/json");
        assertThat(calls.get(0).getBodyAsString()).startsWith("{\"text\":\"[MIM] sits-copy-faculties FAILED")
                .contains("ORA-00942");
        assertThat(calls.get(1).getBodyAsString()).contains("OK again");
        for (String message : List.of(opened, calls.get(0).getBodyAsString(), calls.get(1).getBodyAsString())) {
            assertThat(message).doesNotContain("test-only-hook-secret", "staging-secret-4711");
        }
        assertThat(incidents.open()).isEmpty();
    }

    @Test
    void aChainThatMissedItsTimeAndAStaleInputOpenTheirIncidentsOnce() throws Exception {
        String chainRun = journal.start(FeedRunner.chainFeedId("sits"), false, null, "test");
        journal.finish(chainRun, RunStatus.OK, uk.ac.mim.staging.RunCounts.of(0, 0, 0, "chain"));
        String tutors = journal.start("sits-personal-tutors", false, null, "test");
        journal.finish(tutors, RunStatus.OK, uk.ac.mim.staging.RunCounts.of(5, 5, 0, "ok"));
        Timestamp twoDaysAgo = Timestamp.from(Instant.now().minus(Duration.ofDays(2)));
        jdbc.update("UPDATE mim_feed_run SET started_at = ?, finished_at = ? WHERE run_id IN (?, ?)", twoDaysAgo, twoDaysAgo,
                chainRun, tutors);

        List<Alert> first = incidents.checks();
        List<Alert> again = incidents.checks();

        assertThat(first).extracting(Alert::incident).contains("missed:sits", "stale:sits-personal-tutors");
        Alert missed = first.stream().filter(a -> a.incident().equals("missed:sits")).findFirst().orElseThrow();
        assertThat(missed.text()).contains("sits-night is MISSED", "has not started", "was the service down");
        assertThat(again).extracting(Alert::incident).doesNotContain("missed:sits", "stale:sits-personal-tutors");

        // the chain runs (and the publisher with it): both close, once
        String now = journal.start(FeedRunner.chainFeedId("sits"), false, null, "test");
        journal.finish(now, RunStatus.OK, uk.ac.mim.staging.RunCounts.of(0, 0, 0, "chain"));
        String fresh = journal.start("sits-personal-tutors", false, null, "test");
        journal.finish(fresh, RunStatus.OK, uk.ac.mim.staging.RunCounts.of(5, 5, 0, "ok"));
        assertThat(incidents.checks()).filteredOn(a -> a.kind() == Alert.Kind.RECOVERED).extracting(Alert::incident)
                .contains("missed:sits", "stale:sits-personal-tutors");
        assertThat(incidents.checks()).isEmpty();
    }

    @Test
    void theMorningSummaryListsEachFeed() throws Exception {
        mail.purgeEmailFromAllMailboxes();
        producer.sendBody("direct:mim-alert-summary", null);

        MimeMessage[] mails = mail.getReceivedMessages();
        assertThat(mails).hasSize(2);
        assertThat(mails[0].getSubject()).startsWith("[MIM] the night: ");
        assertThat(GreenMailUtil.getBody(mails[0])).contains("sits-copy-faculties", "sits-ims-enrolments", "cmis-moodle-groups");
    }
}
