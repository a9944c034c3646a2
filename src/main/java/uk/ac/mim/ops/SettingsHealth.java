package uk.ac.mim.ops;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import uk.ac.mim.staging.Settings;
import uk.ac.mim.staging.StagingSchema;

/**
 * The settings kept as data, checked at start-up (each bad row logged with what it must be) and on the health
 * endpoint ({@code settings}, in the monitoring group): DOWN while a row would fail a feed at night.
 */
@Component("settingsHealthIndicator") // the health contributor "settings"
public class SettingsHealth implements HealthIndicator {

    private static final Logger LOG = LoggerFactory.getLogger(SettingsHealth.class);

    private final Settings settings;
    private final StagingSchema schema;

    public SettingsHealth(Settings settings, StagingSchema schema) {
        this.settings = settings;
        this.schema = schema;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void checkAtStartUp() {
        if (!schema.ready()) {
            return; // checked by the health endpoint once staging is reachable
        }
        settings.invalid().forEach(p -> LOG.error("mim_setting: {}; a feed that reads it will fail", p));
    }

    @Override
    public Health health() {
        if (!schema.ready()) {
            return Health.unknown().withDetail("reason", "staging not ready").build();
        }
        List<String> invalid = settings.invalid();
        return invalid.isEmpty() ? Health.up().build() : Health.down().withDetail("invalid", invalid).build();
    }
}
