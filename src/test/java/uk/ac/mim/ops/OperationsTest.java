package uk.ac.mim.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.DisableJmx;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import uk.ac.mim.staging.FeedRun;
import uk.ac.mim.staging.Overrides;
import uk.ac.mim.staging.RunStatus;

/**
 * Operations: a feed added by dropping a YAML file (no rebuild), health DOWN on a blocked feed, metrics,
 * the runs endpoint, Jolokia stop/start of a route, the operator MBean and the cluster-wide switch, and
 * stale-input refusal.
 */
@CamelSpringBootTest
@DisableJmx(false)
// its MBeans (uk.ac.mim:type=Operations, org.apache.camel:context=mim) are unregistered when it closes:
// another test context with JMX on registers the same names
@DirtiesContext
@AutoConfigureObservability(tracing = false)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "mim.run-at-startup=false",
        "mim.security.password=test-only-password",
        "mim.datasource.staging.url=jdbc:h2:mem:ops-test;DB_CLOSE_DELAY=-1",
        "spring.jmx.enabled=true",
        "mim.health-cache-ttl=0s", // the journal is written directly below: no cached health
        "mim.output-dir=target/test-out/ops"})
class OperationsTest {

    static final Path ROUTES = Path.of("target/test-out/ops-routes");

    @DynamicPropertySource
    static void routes(DynamicPropertyRegistry r) throws Exception {
        Files.createDirectories(ROUTES);
        Files.writeString(ROUTES.resolve("extra.sql"), "SELECT dpt_code AS code, dpt_name AS label, fac_code FROM sismgr.ucl_bdo_v_moodle_department");
        Files.writeString(ROUTES.resolve("site-extra.yaml"), """
                # a site's own copy: a few lines, no rebuild
                - templatedRoute:
                    routeTemplateRef: view-copy
                    routeId: sits-copy-site-extra
                    parameters:
                      - name: source
                        value: sits
                      - name: query
                        value: "file:%s"
                      - name: target
                        value: site_extra_view_dump
                      - name: schedule
                        value: sits
                """.formatted(ROUTES.resolve("extra.sql").toAbsolutePath()));
        r.add("mim.routes-dir", () -> ROUTES.toString());
    }

    @Autowired
    TestRestTemplate http;
    @Autowired
    FeedRunner runner;
    @Autowired
    FeedCatalog catalog;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    CamelContext camel;
    @Autowired
    Overrides overrides;

    TestRestTemplate admin() {
        return http.withBasicAuth("mim-admin", "test-only-password");
    }

    @Test
    void aFeedDroppedIntoTheRoutesFolderRunsAndFillsItsNewTable() {
        assertThat(catalog.copies("sits")).contains("sits-copy-site-extra");

        FeedRun r = runner.run("sits-copy-site-extra", null, null, "test");

        assertThat(r.status()).as(r.message()).isEqualTo(RunStatus.OK);
        assertThat(jdbc.queryForList("SELECT code FROM site_extra_view_dump ORDER BY code", String.class))
                .containsExactly("COMP", "ECON", "LAWS");
    }

    @Test
    void aBlockedFeedMakesHealthDownWithItsReason() throws Exception {
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.update("INSERT INTO mim_feed_run (run_id, feed_id, started_at, finished_at, status, dry_run, message)"
                + " VALUES ('blocked-1', 'sits-ims-enrolments', ?, ?, 'BLOCKED', 'N', 'students 5 of 8 retained (62.5%)')", now, now);

        var response = admin().getForEntity("/actuator/health", String.class);
        JsonNode health = new ObjectMapper().readTree(response.getBody());

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        JsonNode feed = health.path("components").path("feeds").path("components").path("sits-ims-enrolments");
        assertThat(feed.path("status").asText()).isEqualTo("DOWN");
        assertThat(feed.path("details").path("reason").asText()).contains("62.5%");
        // probes: a guard doing its job neither restarts the pod nor takes it out of service; monitoring sees it
        assertThat(http.getForEntity("/actuator/health/liveness", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(http.getForEntity("/actuator/health/readiness", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(http.getForEntity("/actuator/health/monitoring", String.class).getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        jdbc.update("DELETE FROM mim_feed_run WHERE run_id = 'blocked-1'");
    }

    @Test
    void metricsAndTheRunsEndpointShowEveryRun() {
        runner.run("sits-copy-faculties", true, null, "test");

        assertThat(http.getForEntity("/actuator/runs", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(admin().getForObject("/actuator/runs?limit=5", String.class)).contains("\"feedId\":\"sits-copy-faculties\"")
                .contains("\"rowsWaiting\":0");
        String prometheus = admin().getForObject("/actuator/prometheus", String.class);
        assertThat(prometheus).contains("mim_feed_runs_total{dry_run=\"true\",feed=\"sits-copy-faculties\",status=\"OK\"}")
                .contains("mim_feed_rows_total{feed=\"sits-copy-faculties\",kind=\"written\"}")
                .contains("mim_feed_rows_total{feed=\"sits-copy-faculties\",kind=\"waiting\"}")
                .contains("mim_feed_duration_seconds_count{feed=\"sits-copy-faculties\"}");
    }

    @Test
    void jolokiaStopsAndStartsARouteOnThisNode() {
        String mbean = "org.apache.camel:context=mim,type=routes,name=\\\"sits-copy-route\\\"";
        HttpHeaders h = new HttpHeaders();
        h.setContentType(MediaType.APPLICATION_JSON);

        assertThat(http.postForEntity("/actuator/jolokia", new HttpEntity<>("{\"type\":\"exec\",\"mbean\":\"" + mbean
                + "\",\"operation\":\"stop()\"}", h), String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        String stop = admin().postForObject("/actuator/jolokia", new HttpEntity<>("{\"type\":\"exec\",\"mbean\":\"" + mbean
                + "\",\"operation\":\"stop()\"}", h), String.class);
        assertThat(stop).contains("\"status\":200");
        assertThat(camel.getRouteController().getRouteStatus("sits-copy-route")).isEqualTo(ServiceStatus.Stopped);
        FeedRun whileStopped = runner.run("sits-copy-route", null, null, "schedule");
        assertThat(whileStopped.status()).isEqualTo(RunStatus.SKIPPED);
        assertThat(whileStopped.message()).isEqualTo("route stopped on this node (JMX/Hawtio)");
        admin().postForObject("/actuator/jolokia", new HttpEntity<>("{\"type\":\"exec\",\"mbean\":\"" + mbean
                + "\",\"operation\":\"start()\"}", h), String.class);
        assertThat(camel.getRouteController().getRouteStatus("sits-copy-route")).isEqualTo(ServiceStatus.Started);
    }

    @Test
    void theClusterWideSwitchIsSetOverJolokiaAndHonouredAtTrigger() {
        HttpHeaders h = new HttpHeaders();
        h.setContentType(MediaType.APPLICATION_JSON);
        String off = admin().postForObject("/actuator/jolokia", new HttpEntity<>("{\"type\":\"exec\",\"mbean\":"
                + "\"uk.ac.mim:type=Operations\",\"operation\":\"setFeedEnabled\",\"arguments\":[\"sits-copy-programme\",false]}", h), String.class);
        assertThat(off).contains("sits-copy-programme switched off for every node by mim-admin");

        FeedRun r = runner.run("sits-copy-programme", null, null, "schedule");
        assertThat(r.status()).isEqualTo(RunStatus.SKIPPED);
        assertThat(r.message()).contains("switched off for every node");

        admin().postForObject("/actuator/jolokia", new HttpEntity<>("{\"type\":\"exec\",\"mbean\":"
                + "\"uk.ac.mim:type=Operations\",\"operation\":\"setFeedEnabled\",\"arguments\":[\"sits-copy-programme\",true]}", h), String.class);
        assertThat(runner.run("sits-copy-programme", null, null, "schedule").status()).isEqualTo(RunStatus.OK);
    }

    @Test
    void overridesAndRunsAreOperationsOfAStableMBean() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("uk.ac.mim:type=Operations");

        Object set = server.invoke(name, "setOverride", new Object[] {"sits-ims-enrolments", "rollover 2025"},
                new String[] {String.class.getName(), String.class.getName()});
        Object dry = server.invoke(name, "dryRunFeed", new Object[] {"sits-copy-faculties"}, new String[] {String.class.getName()});

        assertThat(set).isEqualTo("override set for sits-ims-enrolments by jmx");
        assertThat(overrides.get("sits-ims-enrolments")).hasValueSatisfying(o -> assertThat(o.reason()).isEqualTo("rollover 2025"));
        assertThat(dry.toString()).startsWith("sits-copy-faculties OK (dry run): copied 2 of 2 rows");
        assertThat(server.isRegistered(new ObjectName("org.apache.camel:context=mim,type=routes,name=\"sits-ims-enrolments\""))).isTrue();
        overrides.consume("sits-ims-enrolments");
    }

    @Test
    void settingsAreCheckedWhenWrittenAndABadRowShowsOnHealth() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("uk.ac.mim:type=Operations");
        String[] sig = {String.class.getName(), String.class.getName()};

        for (String[] bad : new String[][] {{"threshold-percent", "75%"}, {"threshold-percent", "120"}, {"thresold-percent", "75"},
                {"feed.sits-copy-route.enabled", "maybe"}}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> server.invoke(name, "setSetting", bad, sig))
                    .as(bad[0] + "=" + bad[1]).hasRootCauseInstanceOf(IllegalArgumentException.class);
        }
        assertThat(jdbc.queryForObject("SELECT setting_value FROM mim_setting WHERE setting_key = 'threshold-percent'", String.class))
                .isEqualTo("75");
        assertThat(server.invoke(name, "setSetting", new Object[] {"threshold-percent.sits-personal-tutors", " 90 "}, sig))
                .isEqualTo("threshold-percent.sits-personal-tutors = 90 set by jmx");

        jdbc.update("UPDATE mim_setting SET setting_value = '75%' WHERE setting_key = 'course-threshold-percent'"); // by hand
        try {
            JsonNode health = new ObjectMapper().readTree(admin().getForEntity("/actuator/health/monitoring", String.class).getBody());
            assertThat(health.path("components").path("settings").path("status").asText()).isEqualTo("DOWN");
            assertThat(health.path("components").path("settings").path("details").path("invalid").toString())
                    .contains("course-threshold-percent must be a whole number from 0 to 100");
        } finally {
            jdbc.update("UPDATE mim_setting SET setting_value = '50' WHERE setting_key = 'course-threshold-percent'");
            jdbc.update("DELETE FROM mim_setting WHERE setting_key = 'threshold-percent.sits-personal-tutors'");
        }
    }

    @Test
    void aPublisherRunAloneRefusesStaleOrFailedInputs() {
        FeedRun r = runner.run("sits-profile-fields", null, null, "operator");

        assertThat(r.status()).isEqualTo(RunStatus.SKIPPED);
        assertThat(r.message()).containsPattern("input sits-copy-\\S+ (has never run|last ended)");
    }
}
