package uk.ac.mim.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.springframework.boot.actuate.health.Health;

/**
 * Health computed from the journal, reused for a few seconds: {@code /actuator/health} is open, and each
 * feed's indicator costs two journal queries, so an anonymous client polling it must not cost the database
 * more than one computation per feed per {@code mim.health-cache-ttl}.
 */
final class HealthCache {

    private record Entry(Instant at, Health health) { }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Supplier<Duration> ttl;

    HealthCache(Supplier<Duration> ttl) {
        this.ttl = ttl;
    }

    Health get(String key, Supplier<Health> compute) {
        Instant now = Instant.now();
        Entry e = entries.get(key);
        if (e != null && e.at().plus(ttl.get()).isAfter(now)) {
            return e.health();
        }
        Health h = compute.get();
        entries.put(key, new Entry(now, h));
        return h;
    }
}
