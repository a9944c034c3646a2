package uk.ac.mim.ops.alerts;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TimeZone;

import org.apache.camel.Exchange;
import org.quartz.CronExpression;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import uk.ac.mim.config.MimProperties;
import uk.ac.mim.ops.FeedCatalog;
import uk.ac.mim.ops.FeedRunner;
import uk.ac.mim.staging.FeedRun;
import uk.ac.mim.staging.Journal;
import uk.ac.mim.staging.RunStatus;

/**
 * What is worth telling operators, once (bean {@code alertIncidents}, routes/alerts.yaml). An incident opens when a
 * feed ends FAILED or BLOCKED, when a chain did not start at its time, or when a publisher's last OK run is older
 * than its allowed age; it closes when the feed is OK again. Open incidents are rows of {@code mim_alert_incident},
 * keyed by the incident: opening one that is open already inserts nothing, so a feed failing night after night, a
 * retried copy or a second node checking the same chain sends one alert, and the recovery one more.
 */
@Component("alertIncidents")
public class Incidents {

    private static final Logger LOG = LoggerFactory.getLogger(Incidents.class);

    private final JdbcTemplate jdbc;
    private final Journal journal;
    private final FeedCatalog catalog;
    private final MimProperties props;
    private final AlertProperties alerts;
    private final Secrets secrets;

    public Incidents(JdbcTemplate jdbc, Journal journal, FeedCatalog catalog, MimProperties props, AlertProperties alerts,
                     Secrets secrets) {
        this.jdbc = jdbc;
        this.journal = journal;
        this.catalog = catalog;
        this.props = props;
        this.alerts = alerts;
        this.secrets = secrets;
    }

    /** A finished run (the body) → the alert it causes, or null: a new FAILED/BLOCKED, or OK after one. */
    public Alert fromRun(Exchange ex) {
        FeedRun run = ex.getMessage().getBody(FeedRun.class);
        if (run == null) {
            return null;
        }
        String key = "run:" + run.feedId();
        if (run.status() == RunStatus.FAILED || run.status() == RunStatus.BLOCKED) {
            return open(key, run.feedId(), run.status().name(), run.message(), figures(run), runLink(run));
        }
        if (run.status() == RunStatus.OK) {
            return close(key, run.feedId(), figures(run), runLink(run));
        }
        return null; // RUNNING, SKIPPED (its input's incident is the one to tell)
    }

    /**
     * The periodic checks: a chain that did not start at its time, a publisher whose last OK run is older than its
     * allowed age. Returns the alerts they open or close.
     */
    public List<Alert> checks() {
        List<Alert> out = new ArrayList<>();
        Instant now = Instant.now();
        for (String chain : FeedCatalog.CHAINS) {
            MimProperties.Chain c = props.getChains().get(chain);
            if (c == null || c.getCron() == null || c.getCron().isBlank()) {
                continue;
            }
            Optional<Instant> due = lastDue(c.getCron(), now.minus(alerts.getMissedAfter()));
            String feed = FeedRunner.chainFeedId(chain);
            Optional<FeedRun> last = journal.latestStarted(feed);
            // a chain that never ran is a new installation, not a missed night (health shows it UNKNOWN)
            boolean missed = due.isPresent() && last.isPresent() && last.get().startedAt().isBefore(due.get());
            String key = "missed:" + chain;
            if (missed) {
                add(out, open(key, feed, "MISSED", "the " + chain + " chain was due at " + due.get() + " (cron " + c.getCron()
                        + ") and has not started; it last started at " + last.get().startedAt()
                        + " (was the service down, or the firing missed?)", null, consoleLink()));
            } else if (last.isPresent()) {
                add(out, close(key, feed, null, consoleLink()));
            }
        }
        for (String chain : FeedCatalog.CHAINS) {
            for (String feed : catalog.publishers(chain)) {
                Duration maxAge = props.feed(feed).getMaxInputAge();
                Optional<FeedRun> ok = journal.lastOk(feed);
                String key = "stale:" + feed;
                if (ok.isPresent() && ok.get().startedAt().isBefore(now.minus(maxAge))) {
                    add(out, open(key, feed, "STALE", "its last OK run, at " + ok.get().startedAt() + ", is older than " + maxAge,
                            null, runLink(ok.get())));
                } else if (ok.isPresent()) {
                    add(out, close(key, feed, null, runLink(ok.get())));
                }
            }
        }
        return out;
    }

    /** A channel gave up on an alert: logged, secrets scrubbed (an HTTP failure quotes the URL it called). */
    public void undelivered(Exchange ex) {
        Throwable t = ex.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Alert a = ex.getProperty("mimAlert", Alert.class);
        String channel = ex.getProperty("mimAlertChannel", "a channel", String.class);
        LOG.error("alert undelivered by {} after its retries: {}{}", channel,
                a == null ? "" : a.subject() + ": ", secrets.scrub(t == null ? "failed" : uk.ac.mim.staging.FeedLifecycle.describe(t)));
    }

    private static void add(List<Alert> out, Alert a) {
        if (a != null) {
            out.add(a);
        }
    }

    /** The incidents open now (the console and the morning summary show them). */
    public List<String> open() {
        return jdbc.queryForList("SELECT incident_key FROM mim_alert_incident ORDER BY opened_at", String.class);
    }

    private Alert open(String key, String feed, String status, String reason, String figures, String link) {
        String why = secrets.scrub(Journal.bounded(reason, 1000));
        try {
            jdbc.update("INSERT INTO mim_alert_incident (incident_key, feed_id, status, reason, opened_at) VALUES (?, ?, ?, ?, ?)",
                    key, feed, status, why, java.sql.Timestamp.from(Instant.now()));
        } catch (DuplicateKeyException alreadyOpen) {
            return null;
        }
        LOG.warn("alert: {} {}: {}", feed, status, why);
        return new Alert(Alert.Kind.OPENED, key, feed, status, why, figures, link, Instant.now());
    }

    private Alert close(String key, String feed, String figures, String link) {
        if (jdbc.update("DELETE FROM mim_alert_incident WHERE incident_key = ?", key) == 0) {
            return null;
        }
        LOG.info("alert: {} recovered ({})", feed, key);
        return new Alert(Alert.Kind.RECOVERED, key, feed, "OK", null, figures, link, Instant.now());
    }

    private String figures(FeedRun run) {
        return String.format(Locale.ROOT, "Rows read %d, written %d, rejected %d, waiting %d; %s%s", run.rowsRead(), run.rowsWritten(),
                run.rowsRejected(), run.rowsWaiting(), run.dryRun() ? "dry run; " : "",
                run.durationMillis() >= 0 ? "took " + Duration.ofMillis(run.durationMillis()).toSeconds() + " s" : "");
    }

    private String runLink(FeedRun run) {
        return consoleLink() + "/runs/" + run.runId();
    }

    private String consoleLink() {
        return alerts.consoleLink();
    }

    /** The last time the cron fired at or before {@code notAfter}, within two days; empty if none. */
    static Optional<Instant> lastDue(String cron, Instant notAfter) {
        try {
            CronExpression e = new CronExpression(cron);
            e.setTimeZone(TimeZone.getDefault());
            Date t = e.getNextValidTimeAfter(Date.from(notAfter.minus(Duration.ofDays(2))));
            Date last = null;
            while (t != null && !t.toInstant().isAfter(notAfter)) {
                last = t;
                t = e.getNextValidTimeAfter(t);
            }
            return Optional.ofNullable(last).map(Date::toInstant);
        } catch (ParseException e) {
            LOG.warn("alerts: cannot read the cron {}: {}", cron, e.getMessage());
            return Optional.empty();
        }
    }
}
