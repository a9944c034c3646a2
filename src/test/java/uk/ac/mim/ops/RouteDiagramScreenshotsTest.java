package uk.ac.mim.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.DisableJmx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import uk.ac.mim.moodle.MoodleClient;
import uk.ac.mim.moodle.MoodleProperties;
import uk.ac.mim.testing.Browsers;
import uk.ac.mim.testing.FakeMoodle;

/**
 * The feeds read as routes in Hawtio: after a dry night and a few Moodle calls (one through a 503), the Route
 * Diagram of sits-ims-enrolments shows its stages and of moodle-ws its steps, each with its count. Screenshots go to
 * target/hawtio/ (docs/operations.md shows them).
 */
@CamelSpringBootTest
@DisableJmx(false)
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "mim.run-at-startup=false",
        "mim.security.password=diagram-test-password",
        "spring.jmx.enabled=true",
        "mim.datasource.staging.url=jdbc:h2:mem:diagram-test;DB_CLOSE_DELAY=-1",
        "mim.output-dir=target/test-out/diagram",
        "mim.moodle.token=" + FakeMoodle.TOKEN,
        "mim.moodle.calls-per-second=1000",
        "mim.moodle.initial-backoff=20ms"})
class RouteDiagramScreenshotsTest {

    static final FakeMoodle MOODLE = new FakeMoodle();
    static final WireMockServer SERVER = MOODLE.serve();

    @DynamicPropertySource
    static void moodle(DynamicPropertyRegistry r) {
        r.add("mim.moodle.url", () -> "http://localhost:" + SERVER.port());
    }

    @AfterAll
    static void stop() {
        SERVER.stop();
    }

    @LocalServerPort
    int port;
    @Autowired
    FeedRunner runner;
    @Autowired
    ProducerTemplate template;
    @Autowired
    MoodleProperties moodle;
    ChromeDriver browser;

    @AfterEach
    void close() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void theImsFeedAndMoodleWsShowTheirStepsInTheRouteDiagram() throws Exception {
        runner.runOnce("all", true, "test");
        MOODLE.faults.add("503");
        MoodleClient client = new MoodleClient(moodle, template);
        for (int i = 0; i < 3; i++) {
            client.call("core_webservice_get_site_info", Map.of());
        }
        Files.createDirectories(Path.of("target/hawtio"));
        browser = Browsers.open("mim-admin", "diagram-test-password", 1400, 1900);
        for (String[] route : new String[][] {{"sits-ims-enrolments", "ims-route-diagram", "publisher"},
                {"moodle-ws", "moodle-ws-route-diagram", "moodle"}}) {
            browser.get("http://localhost:" + port + "/actuator/hawtio/camel/routes");
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
            // the tree groups routes by their group: open the group, then pick the route
            wait.until(d -> d.findElements(By.xpath("//*[normalize-space(text())='" + route[2] + "']")).stream()
                    .filter(WebElement::isDisplayed).findFirst().orElse(null)).click();
            WebElement node = wait.until(d -> d.findElements(By.xpath("//*[normalize-space(text())='" + route[0] + "']")).stream()
                    .filter(WebElement::isDisplayed).findFirst().orElse(null));
            node.click();
            wait.until(d -> !d.findElements(By.xpath("//button[normalize-space()='Route Diagram'] | //a[normalize-space()='Route Diagram']")).isEmpty());
            browser.findElement(By.xpath("//button[normalize-space()='Route Diagram'] | //a[normalize-space()='Route Diagram']")).click();
            // the diagram draws first, then Hawtio fills in each step's count from Camel's statistics
            String counted = route[0].equals("moodle-ws") ? "(?s).*\\b[1-9]\\d*\\s+To D.*" : "(?s).*\\b1\\s+Bean imsEnrolment.*";
            wait.until(d -> d.findElement(By.cssSelector(".react-flow")).getText().matches(counted));
            Files.write(Path.of("target/hawtio/hawtio-" + route[1] + ".png"), browser.getScreenshotAs(OutputType.BYTES));
            assertThat(browser.findElement(By.cssSelector(".react-flow")).getText()).doesNotContain("sits-copy-student");
        }
    }
}
