package uk.ac.mim.ops.alerts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Where alerts go ({@code mim.alerts.*}; routes/alerts.yaml). Nothing is sent until a channel is enabled. */
@ConfigurationProperties("mim.alerts")
public class AlertProperties {

    /** The console's address as operators reach it, for the link in each alert, e.g. https://mim.example.ac.uk. */
    private String consoleUrl = "http://localhost:8080";
    /** A chain counts as missed when it has not started within this time after its cron time. */
    private Duration missedAfter = Duration.ofMinutes(30);
    private final Mail mail = new Mail();
    private final Webhook webhook = new Webhook();

    public String getConsoleUrl() { return consoleUrl; }
    /** The console's address for a link in an alert, whatever slashes the setting ends with. */
    public String consoleLink() { return consoleUrl.replaceAll("/+$", "") + "/console"; }
    public void setConsoleUrl(String consoleUrl) { this.consoleUrl = consoleUrl; }
    public Duration getMissedAfter() { return missedAfter; }
    public void setMissedAfter(Duration missedAfter) { this.missedAfter = missedAfter; }
    public Mail getMail() { return mail; }
    public Webhook getWebhook() { return webhook; }

    /** Email through the site's SMTP server (camel-mail). */
    public static class Mail {
        private boolean enabled;
        private String host = "localhost";
        private int port = 25;
        /** Empty: the server takes mail without a login. */
        private String username = "";
        /** From the environment (MIM_ALERTS_MAIL_PASSWORD) or a secrets file, never the repository. */
        private String password = "";
        private String from = "mim@localhost";
        private List<String> to = new ArrayList<>();
        /** Connecting to the SMTP server gives up after this (the alert is then tried again). */
        private Duration timeout = Duration.ofSeconds(10);

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public String getHost() { return host; }
        public void setHost(String host) { this.host = host; }
        public int getPort() { return port; }
        public void setPort(int port) { this.port = port; }
        public String getUsername() { return username; }
        public void setUsername(String username) { this.username = username; }
        public String getPassword() { return password; }
        public void setPassword(String password) { this.password = password; }
        public String getFrom() { return from; }
        public void setFrom(String from) { this.from = from; }
        public List<String> getTo() { return to; }
        public void setTo(List<String> to) { this.to = to; }
        public Duration getTimeout() { return timeout; }
        public void setTimeout(Duration timeout) { this.timeout = timeout; }
    }

    /**
     * A JSON webhook ({"text": …}: what Teams and Slack incoming webhooks accept), through camel-http (its timeouts are
     * the http component's: mim.moodle.request-timeout).
     */
    public static class Webhook {
        private boolean enabled;
        /** The webhook's address: a secret (Slack and Teams put the token in it), so never in a route's URI or a log. */
        private String url = "";

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public String getUrl() { return url; }
        public void setUrl(String url) { this.url = url; }
    }
}
