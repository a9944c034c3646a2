package uk.ac.mim.moodle;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The Moodle web-service client's settings ({@code mim.moodle.*}; the replica's table prefix is in
 * MimProperties). The token comes only from the
 * environment ({@code MIM_MOODLE_TOKEN}) or an external config file, never from a committed file.
 */
@ConfigurationProperties("mim.moodle")
public class MoodleProperties {

    /** Moodle's base URL, e.g. https://moodle.example.ac.uk (server.php is appended). */
    private String url;
    /** Web-service token of the integration's service account. */
    private String token;
    /** The site this environment must write to: core_webservice_get_site_info's siteurl must equal it. */
    private String expectedSiteUrl;
    /** Calls per second at most (a proxy in front of Moodle throttles; so do we). */
    private double callsPerSecond = 5;
    /** Every call of a run, retries and waits included, must end within this. */
    private Duration timeBudget = Duration.ofMinutes(30);
    /** One HTTP request's timeout. */
    private Duration requestTimeout = Duration.ofSeconds(60);
    /** First retry delay for transient failures; doubled each time, with jitter, up to maxBackoff. */
    private Duration initialBackoff = Duration.ofSeconds(1);
    private Duration maxBackoff = Duration.ofMinutes(1);
    /** Items per call, well under PHP's max_input_vars (1000) for each function's fields. */
    private int groupBatchSize = 50;
    private int memberBatchSize = 200;
    private int assignmentBatchSize = 200;

    public String getUrl() { return url; }
    public void setUrl(String url) { this.url = url; }
    public String getToken() { return token; }
    public void setToken(String token) { this.token = token; }
    public String getExpectedSiteUrl() { return expectedSiteUrl; }
    public void setExpectedSiteUrl(String expectedSiteUrl) { this.expectedSiteUrl = expectedSiteUrl; }
    public double getCallsPerSecond() { return callsPerSecond; }
    public void setCallsPerSecond(double callsPerSecond) { this.callsPerSecond = callsPerSecond; }
    public Duration getTimeBudget() { return timeBudget; }
    public void setTimeBudget(Duration timeBudget) { this.timeBudget = timeBudget; }
    public Duration getRequestTimeout() { return requestTimeout; }
    public void setRequestTimeout(Duration requestTimeout) { this.requestTimeout = requestTimeout; }
    public Duration getInitialBackoff() { return initialBackoff; }
    public void setInitialBackoff(Duration initialBackoff) { this.initialBackoff = initialBackoff; }
    public Duration getMaxBackoff() { return maxBackoff; }
    public void setMaxBackoff(Duration maxBackoff) { this.maxBackoff = maxBackoff; }
    public int getGroupBatchSize() { return groupBatchSize; }
    public void setGroupBatchSize(int groupBatchSize) { this.groupBatchSize = groupBatchSize; }
    public int getMemberBatchSize() { return memberBatchSize; }
    public void setMemberBatchSize(int memberBatchSize) { this.memberBatchSize = memberBatchSize; }
    public int getAssignmentBatchSize() { return assignmentBatchSize; }
    public void setAssignmentBatchSize(int assignmentBatchSize) { this.assignmentBatchSize = assignmentBatchSize; }
}
