package uk.ac.mim.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;
import org.springframework.stereotype.Component;

import uk.ac.mim.config.MimProperties;
import uk.ac.mim.staging.FeedRun;
import uk.ac.mim.staging.Journal;
import uk.ac.mim.staging.RunStatus;

/**
 * {@code /actuator/health} component {@code feeds}: one indicator per feed. DOWN when the last run was
 * BLOCKED (with the guard's reason) or FAILED, or when the last OK run is older than the feed's
 * {@code max-input-age} (a daily schedule plus slack); UNKNOWN before its first run; UP otherwise.
 */
@Component("feeds")
public class FeedHealth implements CompositeHealthContributor {

    private final FeedCatalog catalog;
    private final Journal journal;
    private final MimProperties props;

    private final HealthCache cache;

    public FeedHealth(FeedCatalog catalog, Journal journal, MimProperties props) {
        this.cache = new HealthCache(props::getHealthCacheTtl);
        this.catalog = catalog;
        this.journal = journal;
        this.props = props;
    }

    @Override
    public HealthContributor getContributor(String name) {
        return catalog.all().contains(name) ? (HealthIndicator) () -> cache.get(name, () -> health(name)) : null;
    }

    @Override
    public Iterator<NamedContributor<HealthContributor>> iterator() {
        List<NamedContributor<HealthContributor>> all = catalog.all().stream()
                .map(id -> NamedContributor.of(id, (HealthContributor) (HealthIndicator) () -> cache.get(id, () -> health(id)))).toList();
        return all.iterator();
    }

    Health health(String feedId) {
        Optional<FeedRun> last = journal.latest(feedId);
        if (last.isEmpty()) {
            return Health.unknown().withDetail("lastRun", "never").build();
        }
        FeedRun r = last.get();
        Health.Builder h = switch (r.status()) {
            case BLOCKED, FAILED -> Health.down().withDetail("reason", r.message() == null ? r.status().name() : r.message());
            default -> Health.up();
        };
        h.withDetail("lastStatus", r.status()).withDetail("lastRunAt", String.valueOf(r.startedAt()))
                .withDetail("dryRun", r.dryRun());
        if (r.status() != RunStatus.BLOCKED && r.status() != RunStatus.FAILED) {
            Duration maxAge = props.feed(feedId).getMaxInputAge();
            Optional<FeedRun> ok = r.status() == RunStatus.OK ? last : journal.lastOk(feedId);
            if (ok.isPresent() && ok.get().startedAt().isBefore(Instant.now().minus(maxAge))) {
                h = Health.down().withDetail("reason", "last OK run at " + ok.get().startedAt() + " is older than " + maxAge)
                        .withDetail("lastStatus", r.status());
            }
        }
        return h.build();
    }
}
