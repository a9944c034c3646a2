package uk.ac.mim.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.DisableJmx;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import uk.ac.mim.staging.Overrides;

/** The operator MBean and Camel's route MBeans are registered under stable names, and the operations act. */
@CamelSpringBootTest
@DisableJmx(false)
@SpringBootTest(properties = {
        "mim.run-at-startup=false",
        "spring.jmx.enabled=true",
        "mim.datasource.staging.url=jdbc:h2:mem:jmx-test;DB_CLOSE_DELAY=-1",
        "mim.output-dir=target/test-out/jmx"})
class OperatorActionsJmxTest {

    @Autowired
    Overrides overrides;

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
    }
}
