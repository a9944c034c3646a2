package uk.ac.mim.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

/** The CMIS chain starts on its Quartz cron and runs its copies then the Moodle snapshot, in one cycle. */
@CamelSpringBootTest
@SpringBootTest(properties = {
        "mim.run-at-startup=false",
        "mim.datasource.staging.url=jdbc:h2:mem:schedule-test;DB_CLOSE_DELAY=-1",
        "mim.output-dir=target/test-out/schedule",
        "mim.chains.cmis.cron=0/1 * * * * ?",
        // its own Quartz scheduler: the RAM scheduler is shared by name with other test contexts in this JVM
        "camel.main.name=mim-schedule-test"})
class NightScheduleTest {

    @Autowired
    CamelContext camel;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theCronTriggersTheChain() {
        // the firing's own exchange (the chain's splits make sub-exchanges from the same route, which finish first)
        NotifyBuilder night = new NotifyBuilder(camel).fromRoute("cmis-night")
                .filter(e -> e.getProperty(org.apache.camel.Exchange.CORRELATION_ID) == null).whenCompleted(1).create();

        assertThat(night.matches(30, TimeUnit.SECONDS)).isTrue();
        String cycle = jdbc.queryForObject("SELECT cycle_id FROM mim_feed_run WHERE feed_id = 'cmis-copy-groups'"
                + " AND triggered_by LIKE 'schedule@%' ORDER BY started_at LIMIT 1", String.class);
        assertThat(jdbc.queryForList("SELECT feed_id FROM mim_feed_run WHERE cycle_id = ? AND status = 'OK'", String.class, cycle))
                .contains("cmis-copy-groups", "cmis-copy-group-students", "cmis-copy-group-tutors", "moodle-snapshot-course")
                .doesNotContain("sits-copy-student");
    }
}
