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
 * {@code /actuator/health} component {@code chains}: one indicator per night chain, from the chain's own journal
 * row ({@code sits-night}, {@code cmis-night}): DOWN when its last run did not end OK (naming the feeds that did
 * not), when it has been running longer than a day, or when it last ran more than a day and a bit ago (the
 * service was down at its time, or the firing was missed); UNKNOWN before its first run.
 */
@Component("chains")
public class ChainHealth implements CompositeHealthContributor {

    private static final Duration DAY_AND_SLACK = Duration.ofHours(25);

    private final Journal journal;
    private final MimProperties props;

    private final HealthCache cache;

    public ChainHealth(Journal journal, MimProperties props) {
        this.cache = new HealthCache(props::getHealthCacheTtl);
        this.journal = journal;
        this.props = props;
    }

    @Override
    public HealthContributor getContributor(String name) {
        return FeedCatalog.CHAINS.contains(name) && props.getChains().containsKey(name) ? (HealthIndicator) () -> cache.get(name, () -> health(name)) : null;
    }

    @Override
    public Iterator<NamedContributor<HealthContributor>> iterator() {
        List<NamedContributor<HealthContributor>> all = FeedCatalog.CHAINS.stream().filter(props.getChains()::containsKey)
                .map(c -> NamedContributor.of(c, (HealthContributor) (HealthIndicator) () -> cache.get(c, () -> health(c)))).toList();
        return all.iterator();
    }

    Health health(String chain) {
        Optional<FeedRun> last = journal.latest(FeedRunner.chainFeedId(chain));
        if (last.isEmpty()) {
            return Health.unknown().withDetail("lastRun", "never").build();
        }
        FeedRun r = last.get();
        Instant now = Instant.now();
        Health.Builder h;
        if (r.status() == RunStatus.RUNNING) {
            h = r.startedAt().isBefore(now.minus(DAY_AND_SLACK)) ? Health.down().withDetail("reason", "running since " + r.startedAt())
                    : Health.up();
        } else if (r.status() != RunStatus.OK) {
            h = Health.down().withDetail("reason", r.message() == null ? r.status().name() : r.message());
        } else if (r.startedAt().isBefore(now.minus(DAY_AND_SLACK))) {
            h = Health.down().withDetail("reason", "last ran at " + r.startedAt() + ": more than " + DAY_AND_SLACK.toHours() + " h ago");
        } else {
            h = Health.up();
        }
        return h.withDetail("lastStatus", r.status()).withDetail("lastRunAt", String.valueOf(r.startedAt()))
                .withDetail("cron", props.getChains().get(chain).getCron()).build();
    }
}
