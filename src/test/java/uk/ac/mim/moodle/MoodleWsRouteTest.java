package uk.ac.mim.moodle;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import uk.ac.mim.testing.FakeMoodle;

/**
 * The moodle-ws route (routes/moodle-ws.yaml) against a WireMock Moodle answering with the recorded samples:
 * Camel's redelivery retries 503s and 429s within the run's budget and nothing else, the throttle holds the
 * rate, and the token travels only in the form body.
 */
@CamelSpringBootTest
@UseAdviceWith
@SpringBootTest(properties = {
        "mim.run-at-startup=false",
        "mim.demo.seed=false",
        "mim.security.password=test-only",
        "mim.datasource.staging.url=jdbc:h2:mem:moodle-ws-test;DB_CLOSE_DELAY=-1",
        "mim.output-dir=target/test-out/moodle-ws",
        "mim.moodle.token=" + FakeMoodle.TOKEN,
        "mim.moodle.calls-per-second=1000",
        "mim.moodle.initial-backoff=20ms",
        "mim.moodle.max-backoff=80ms",
        "mim.moodle.request-timeout=1s",
        "mim.moodle.time-budget=10s"})
class MoodleWsRouteTest {

    static final FakeMoodle MOODLE = new FakeMoodle();
    static final WireMockServer SERVER = MOODLE.serve();

    @DynamicPropertySource
    static void moodle(DynamicPropertyRegistry r) {
        r.add("mim.moodle.url", () -> "http://localhost:" + SERVER.port() + "/");
    }

    @AfterAll
    static void stop() {
        SERVER.stop();
    }

    @Autowired
    CamelContext camel;
    @Autowired
    ProducerTemplate template;
    @Autowired
    MoodleProperties props;

    MockEndpoint answered;

    @BeforeEach
    void start() throws Exception {
        MOODLE.reset();
        MOODLE.faults.clear();
        MOODLE.alwaysFault = null;
        SERVER.resetRequests();
        if (!camel.isStarted()) {
            AdviceWith.adviceWith(camel, "moodle-ws", a -> a.weaveById("moodle-ws-answer").after().to("mock:answered"));
            camel.start();
        }
        answered = camel.getEndpoint("mock:answered", MockEndpoint.class);
        answered.reset();
    }

    @Test
    void maintenanceAndTooManyRequestsAreRetriedByCamelThenTheAnswerComesBack() throws Exception {
        MOODLE.faults.addAll(List.of("503", "429"));
        answered.expectedMessageCount(1);
        MoodleClient client = new MoodleClient(props, template);

        JsonNode site = client.call("core_webservice_get_site_info", Map.of());

        assertThat(site.path("siteurl").asText()).isEqualTo("https://moodle.example.ac.uk");
        assertThat(client.calls()).isEqualTo(3);
        assertThat(client.errors()).isEqualTo(2);
        answered.assertIsSatisfied();
        List<LoggedRequest> requests = SERVER.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(anyUrl()));
        assertThat(requests).hasSize(3).allSatisfy(r -> {
            assertThat(r.getUrl()).isEqualTo("/webservice/rest/server.php").doesNotContain(FakeMoodle.TOKEN);
            assertThat(r.getMethod().getName()).isEqualTo("POST");
            assertThat(r.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
            assertThat(r.getBodyAsString()).contains("wstoken=" + FakeMoodle.TOKEN).contains("wsfunction=core_webservice_get_site_info");
            assertThat(r.getAllHeaderKeys()).noneMatch(h -> h.toLowerCase().startsWith("mim") || h.toLowerCase().startsWith("camel"));
        });
    }

    @Test
    void moodlesOwnErrorIsNotRetriedAndComesBackClassified() {
        MoodleClient client = new MoodleClient(props, template);

        assertThatThrownBy(() -> client.call("core_no_such_function", Map.of()))
                .isInstanceOfSatisfying(MoodleException.class, e -> assertThat(e.kind()).isIn(MoodleException.Kind.ITEM,
                        MoodleException.Kind.CONFIGURATION));
        assertThat(SERVER.getAllServeEvents()).hasSize(1);
        assertThat(client.calls()).isEqualTo(1);
    }

    @Test
    void anAnswerThatIsNotJsonIsAConfigurationErrorNotRetried() {
        MOODLE.faults.add("html");
        MoodleClient client = new MoodleClient(props, template);

        assertThatThrownBy(() -> client.call("core_webservice_get_site_info", Map.of()))
                .isInstanceOfSatisfying(MoodleException.class, e -> {
                    assertThat(e.kind()).isEqualTo(MoodleException.Kind.CONFIGURATION);
                    assertThat(e.errorcode()).isEqualTo("notjson");
                });
        assertThat(SERVER.getAllServeEvents()).hasSize(1);
    }

    @Test
    void aMoodleThatStaysDownIsGivenUpWithinTheBudgetNamingTheReason() {
        MOODLE.alwaysFault = "503";
        MoodleProperties tight = copy(props);
        tight.setTimeBudget(java.time.Duration.ofMillis(400));
        MoodleClient client = new MoodleClient(tight, template);
        long start = System.nanoTime();

        assertThatThrownBy(() -> client.call("core_webservice_get_site_info", Map.of()))
                .isInstanceOfSatisfying(MoodleException.class, e -> {
                    assertThat(e.kind()).isEqualTo(MoodleException.Kind.BUDGET);
                    assertThat(e.getMessage()).contains("HTTP 503 (site in maintenance or unavailable); gave up after")
                            .doesNotContain(FakeMoodle.TOKEN);
                });
        // the budget, plus at most one request in flight when it ran out (request-timeout 1 s), plus slack for a busy CI
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(400 + 1000 + 1000);
        assertThat(client.calls()).isGreaterThanOrEqualTo(2).isEqualTo(SERVER.getAllServeEvents().size()); // retried, counted
    }

    @Test
    void theThrottleHoldsTheRateAcrossCalls() throws Exception {
        double before = props.getCallsPerSecond();
        props.setCallsPerSecond(2); // the throttle reads it per message
        try {
            NotifyBuilder five = new NotifyBuilder(camel).fromRoute("moodle-ws").whenCompleted(5).create();
            MoodleClient client = new MoodleClient(props, template);
            long start = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                client.call("core_webservice_get_site_info", Map.of());
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(five.matches(5, TimeUnit.SECONDS)).isTrue();
            // 2 calls a second: calls 3 and 4 wait for the second period, call 5 for the third
            assertThat(ms).isGreaterThanOrEqualTo(1900);
        } finally {
            props.setCallsPerSecond(before);
        }
    }

    private static MoodleProperties copy(MoodleProperties p) {
        MoodleProperties c = new MoodleProperties();
        c.setUrl(p.getUrl());
        c.setToken(p.getToken());
        c.setCallsPerSecond(p.getCallsPerSecond());
        c.setInitialBackoff(p.getInitialBackoff());
        c.setMaxBackoff(p.getMaxBackoff());
        c.setRequestTimeout(p.getRequestTimeout());
        return c;
    }
}
