package uk.ac.mim.ops.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.DisableJmx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import uk.ac.mim.testing.Browsers;

/**
 * Hawtio keeps working behind the Jolokia access policy: in headless Chromium (Debian's chromium, installed by
 * .ci/run), a viewer and an operator each open Hawtio's Camel routes and see the feeds, and loading it asks
 * Jolokia for nothing the policy denies; the route diagram draws from Camel's read-only dumps. Screenshots go to
 * target/hawtio/.
 */
@CamelSpringBootTest
@DisableJmx(false)
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "mim.run-at-startup=false",
        "mim.security.password=hawtio-test-password",
        "mim.security.users.vera.password=viewer-test-password",
        "mim.security.users.vera.roles=viewer",
        "spring.jmx.enabled=true",
        "mim.datasource.staging.url=jdbc:h2:mem:hawtio-test;DB_CLOSE_DELAY=-1",
        "mim.output-dir=target/test-out/hawtio"})
class HawtioBrowserTest {

    @LocalServerPort
    int port;
    ChromeDriver browser;

    @AfterEach
    void close() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aViewerAndAnOperatorSeeTheRoutesInHawtioAndNothingIsDenied(CapturedOutput output) throws Exception {
        Files.createDirectories(Path.of("target/hawtio"));
        for (String[] who : new String[][] {{"vera", "viewer-test-password"}, {"mim-admin", "hawtio-test-password"}}) {
            browser = Browsers.open(who[0], who[1]);
            browser.get("http://localhost:" + port + "/actuator/hawtio/camel/routes");
            try {
                new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> d.findElement(By.tagName("body")).getText()
                        .contains("sits-ims-enrolments"));
            } catch (TimeoutException e) {
                browser.manage().logs().get(LogType.BROWSER).forEach(l -> System.out.println("browser: " + l));
                throw e;
            } finally {
                Files.write(Path.of("target/hawtio/camel-routes-" + who[0] + ".png"), browser.getScreenshotAs(OutputType.BYTES));
            }
            assertThat(browser.findElement(By.tagName("body")).getText()).contains("sits-copy-student", "cmis-moodle-groups");
            // the route diagram of the whole context (Camel's read-only dumps)
            browser.findElement(By.xpath("//button[normalize-space()='Route Diagram'] | //a[normalize-space()='Route Diagram']")).click();
            new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> !d.findElements(By.cssSelector(".react-flow__node")).isEmpty());
            Files.write(Path.of("target/hawtio/route-diagram-" + who[0] + ".png"), browser.getScreenshotAs(OutputType.BYTES));
            browser.quit();
            browser = null;
        }
        assertThat(output.getOut()).doesNotContain("Jolokia denied");
    }
}
