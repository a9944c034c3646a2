package uk.ac.mim.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.logging.Level;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/** Headless Debian chromium (installed by .ci/run) for the browser tests. */
public final class Browsers {

    private Browsers() {
    }

    /** A browser that sends HTTP Basic for {@code user} with every request (Hawtio under /actuator). */
    public static ChromeDriver open(String user, String password) throws Exception {
        return open(user, password, 1400, 1000);
    }

    /** As {@link #open(String, String)}, with a window of the given size (a tall one for a whole route diagram). */
    public static ChromeDriver open(String user, String password, int width, int height) throws Exception {
        assertThat(Path.of("/usr/bin/chromium")).as("Debian chromium (installed by .ci/run)").exists();
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium").addArguments("--headless=new", "--no-sandbox",
                "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=" + width + "," + height, "--user-data-dir=" + Files.createTempDirectory("chromium"));
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
                .usingAnyFreePort().build();
        ChromeDriver d = new ChromeDriver(service, options);
        d.executeCdpCommand("Network.enable", Map.of());
        String basic = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        d.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Authorization", basic)));
        return d;
    }
}
