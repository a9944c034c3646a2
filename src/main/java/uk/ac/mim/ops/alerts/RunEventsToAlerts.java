package uk.ac.mim.ops.alerts;

import java.util.Map;

import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

import uk.ac.mim.staging.FeedRun;
import uk.ac.mim.staging.RunObserver;

/**
 * Hands every finished run to the alerts route (routes/alerts.yaml, {@code seda:mim-run-events}) without waiting:
 * a slow or absent mail server never holds a feed up, and the journal row is written before this is called.
 */
@Component
public class RunEventsToAlerts implements RunObserver {

    static final String EVENTS = "seda:mim-run-events";
    private static final Logger LOG = LoggerFactory.getLogger(RunEventsToAlerts.class);

    private final ProducerTemplate producer;
    private final boolean enabled;

    public RunEventsToAlerts(@Lazy ProducerTemplate producer, @Value("${mim.alerts.enabled:false}") boolean enabled) {
        this.producer = producer;
        this.enabled = enabled;
    }

    @Override
    public void finished(FeedRun run, Map<String, Object> headers) {
        if (!enabled) {
            return;
        }
        try {
            producer.sendBody(EVENTS, run); // seda: queued, not processed, on this thread
        } catch (RuntimeException e) {
            LOG.warn("alerts: the run of {} was not queued for alerting: {}", run.feedId(), e.getMessage());
        }
    }
}
