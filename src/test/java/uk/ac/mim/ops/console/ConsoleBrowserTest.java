package uk.ac.mim.ops.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import uk.ac.mim.ops.FeedRunner;
import uk.ac.mim.sits.ims.ImsExplainer;
import uk.ac.mim.staging.FeedRun;
import uk.ac.mim.staging.RunStatus;

/**
 * The console end to end in headless Chromium (Debian's chromium and chromium-driver, installed by
 * .ci/run): log in, the runs list with a BLOCKED run highlighted, its plan with a search, approving it,
 * a dry run started from the page, and an explain query. Screenshots go to target/console/.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "mim.run-at-startup=false",
        "mim.security.password=console-test-password",
        "mim.datasource.staging.url=jdbc:h2:mem:console-test;DB_CLOSE_DELAY=-1",
        "mim.output-dir=target/test-out/console"})
class ConsoleBrowserTest {

    static final Path SHOTS = Path.of("target/console");

    @LocalServerPort
    int port;
    @Autowired
    FeedRunner runner;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ImsExplainer explainer;

    WebDriver browser;
    WebDriverWait wait;

    @BeforeEach
    void browser() throws Exception {
        Files.createDirectories(SHOTS);
        assertThat(Path.of("/usr/bin/chromium")).as("Debian chromium (installed by .ci/run)").exists();
        ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium").addArguments("--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1400,1700", "--user-data-dir=" + Files.createTempDirectory("chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    }

    @AfterEach
    void close() {
        if (browser != null) {
            browser.quit();
        }
    }

    private void shot(String name) throws Exception {
        Files.write(SHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    @Test
    void loginRunsPlanApproveDryRunAndExplain() throws Exception {
        // a night, then SITS loses most registrations: the IMS feed is BLOCKED by its guard
        List<FeedRun> night = runner.runOnce("all", false, "test");
        assertThat(night).extracting(FeedRun::status).doesNotContain(RunStatus.FAILED);
        // a student the mappings want in a course, for the explain step (the registrations change below)
        String[] pair = jdbc.query("SELECT e.stu_code, m.vle_idnumber FROM sits_moduleoccurence_mapping m"
                + " JOIN sits_moduleoccurence o ON o.mod_occ_bdo_id = m.mod_occ_bdo_id JOIN ucl_bdo_v_moodle_student_enrl_dump e"
                + " ON e.mod_code = o.mod_code AND e.mav_occur = o.mod_occ_mav AND e.psl_code = o.mod_occ_psl_code"
                + " JOIN moodle_course_dump c ON c.id = m.vle_courseid AND c.idnumber = m.vle_idnumber"
                + " WHERE m.mapping_action = 'ADD' ORDER BY e.stu_code", (rs, i) -> new String[] {rs.getString(1), rs.getString(2)})
                .stream().filter(p -> !explainer.explain(p[0], p[1]).rules().isEmpty()).findFirst().orElseThrow();
        List<Object[]> saved = jdbc.query("SELECT * FROM ucl_bdo_v_moodle_student_enrl_dump WHERE stu_code = ?", (rs, i) -> new Object[] {
                rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7)}, pair[0]);
        jdbc.update("DELETE FROM ucl_bdo_v_moodle_student_enrl_dump WHERE reg_status <> 'NEW'");
        FeedRun blocked = runner.run("sits-ims-enrolments", null, null, "test");
        assertThat(blocked.status()).isEqualTo(RunStatus.BLOCKED);

        // log in
        browser.get(url("/console"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.name("username")));
        shot("console-login");
        browser.findElement(By.name("username")).sendKeys("mim-admin");
        browser.findElement(By.name("password")).sendKeys("console-test-password");
        browser.findElement(By.cssSelector("button[type=submit]")).click();

        // runs and freshness, the BLOCKED run highlighted
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("runs")));
        var row = browser.findElement(By.cssSelector("tr[data-run='" + blocked.runId() + "']"));
        assertThat(row.getAttribute("class")).isEqualTo("BLOCKED");
        assertThat(row.getText()).contains("sits-ims-enrolments", "BLOCKED");
        assertThat(browser.findElement(By.cssSelector("#freshness tr[data-feed='sits-copy-student']")).getText()).contains("fresh");
        shot("console-runs");

        // the overview: a tile per feed (the blocked one says so in a mark and a word), last night, the guards
        var tile = browser.findElement(By.cssSelector("#tiles section.tile[data-feed='sits-ims-enrolments']"));
        assertThat(tile.getAttribute("class")).contains("BLOCKED");
        assertThat(tile.getText()).contains("■ BLOCKED", "last OK", "allowed 25 h", "adds", "removals");
        assertThat(browser.findElement(By.cssSelector("#tiles section.tile[data-feed='sits-copy-student']")).getText())
                .contains("✓ OK", "rows written");
        assertThat(browser.findElements(By.cssSelector("#night svg rect.bar"))).hasSizeGreaterThan(20);
        var imsGuard = browser.findElement(By.cssSelector("#guards section[data-guard='sits-ims-enrolments']"));
        assertThat(imsGuard.findElements(By.cssSelector("path.blocked"))).isNotEmpty();
        assertThat(imsGuard.getText()).contains("threshold 75%", "blocked");
        for (String part : new String[] {"tiles", "night", "guards"}) {
            var element = browser.findElement(By.id(part));
            ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView(true)", element);
            Files.write(SHOTS.resolve("console-" + part + ".png"), element.getScreenshotAs(OutputType.BYTES));
        }

        // the plan of the blocked run, searched by a course idnumber
        row.findElement(By.cssSelector("a.plan")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("guard")));
        assertThat(browser.findElement(By.id("guard")).getText()).contains("below the 75% threshold");
        String course = browser.findElements(By.cssSelector("section.course")).get(0).getAttribute("data-course");
        browser.findElement(By.id("q")).sendKeys(course);
        browser.findElement(By.id("search")).click();
        wait.until(ExpectedConditions.urlContains("q="));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("section.course")));
        assertThat(browser.findElements(By.cssSelector("section.course"))).extracting(e -> e.getAttribute("data-course"))
                .containsOnly(course);
        assertThat(browser.findElement(By.cssSelector("section.course")).getText()).contains("removes");
        shot("console-plan");

        // approve: the one-shot override, confirmed, recorded with the user
        browser.get(url("/console/runs/" + blocked.runId()));
        browser.findElement(By.id("reason")).sendKeys("SITS registrations reset for rollover");
        browser.findElement(By.id("approve-button")).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("flash")));
        assertThat(browser.findElement(By.id("flash")).getText()).contains("Override set by mim-admin");
        assertThat(jdbc.queryForObject("SELECT set_by FROM mim_override WHERE feed_id = 'sits-ims-enrolments'", String.class))
                .isEqualTo("mim-admin");
        shot("console-approve");

        // a dry run started from the page lands in the runs list
        browser.get(url("/console"));
        browser.findElement(By.cssSelector("#freshness tr[data-feed='sits-copy-faculties'] button.dry-run")).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash"), "Dry run of sits-copy-faculties started by mim-admin"));
        // the page the operator lands on shows what became of the run, with a link to its plan
        wait.until(d -> {
            if (d.findElement(By.id("outcome")).getText().startsWith("Still running")) {
                d.navigate().refresh();
                return false;
            }
            return true;
        });
        // copied, or, after the start-up night's copy of the same rows, compared and kept (a rerun)
        assertThat(browser.findElement(By.id("outcome")).getText()).containsPattern("^OK: (copied |unchanged: )");
        assertThat(browser.findElement(By.id("run-plan")).getAttribute("href")).contains("/console/runs/");
        shot("console-started");
        browser.get(url("/console"));
        wait.until(d -> d.findElements(By.xpath("//table[@id='runs']//tr[td[2]='sits-copy-faculties' and td[4]='yes']")).size() > 0);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM mim_feed_run WHERE feed_id = 'sits-copy-faculties'"
                + " AND triggered_by = 'mim-admin' AND dry_run = 'Y'", Integer.class)).isEqualTo(1);

        // explain: a student desired in a course by a rule
        // explain: the registrations are gone now, so the rule no longer applies and the next run would unenrol
        browser.findElement(By.id("nav-explain")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("student"))).sendKeys(pair[0]);
        browser.findElement(By.id("course")).sendKeys(pair[1]);
        browser.findElement(By.id("explain-button")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("explanation")));
        assertThat(browser.findElement(By.id("rules")).getText()).isEqualTo("no mapping rule");
        assertThat(browser.findElement(By.id("next-run")).getText()).isNotBlank();
        jdbc.update("DELETE FROM ucl_bdo_v_moodle_student_enrl_dump WHERE stu_code = ?", pair[0]);
        jdbc.batchUpdate("INSERT INTO ucl_bdo_v_moodle_student_enrl_dump VALUES (?, ?, ?, ?, ?, ?, ?)", saved);
        browser.findElement(By.id("explain-button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("rules"), "or above"));
        assertThat(browser.findElement(By.id("rules")).getText()).contains("module " );
        shot("console-explain");
    }
}
