package uk.ac.mim.ops;

import java.time.Duration;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import uk.ac.mim.staging.FeedRun;
import uk.ac.mim.staging.RunObserver;

/**
 * Micrometer metrics per feed, at {@code /actuator/prometheus}: {@code mim_feed_runs_total{feed,status,dry_run}},
 * {@code mim_feed_rows_total{feed,kind}}, {@code mim_feed_duration_seconds{feed}},
 * {@code mim_moodle_calls_total{feed}} and {@code mim_moodle_errors_total{feed}}.
 */
@Component
public class FeedMetrics implements RunObserver {

    private final MeterRegistry registry;

    public FeedMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void finished(FeedRun run, Map<String, Object> headers) {
        String feed = run.feedId();
        registry.counter("mim.feed.runs", "feed", feed, "status", run.status().name(), "dry_run", String.valueOf(run.dryRun())).increment();
        registry.counter("mim.feed.rows", "feed", feed, "kind", "read").increment(run.rowsRead());
        registry.counter("mim.feed.rows", "feed", feed, "kind", "written").increment(run.rowsWritten());
        registry.counter("mim.feed.rows", "feed", feed, "kind", "rejected").increment(run.rowsRejected());
        registry.counter("mim.feed.rows", "feed", feed, "kind", "waiting").increment(run.rowsWaiting());
        if (run.durationMillis() >= 0) {
            registry.timer("mim.feed.duration", "feed", feed).record(Duration.ofMillis(run.durationMillis()));
        }
        if (headers.get("mimMoodleCalls") instanceof Number calls) {
            registry.counter("mim.moodle.calls", "feed", feed).increment(calls.doubleValue());
        }
        if (headers.get("mimMoodleErrors") instanceof Number errors) {
            registry.counter("mim.moodle.errors", "feed", feed).increment(errors.doubleValue());
        }
    }
}
