package uk.ac.mim.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;

/** The open health endpoint reuses a feed's health within the TTL: polling it does not query the journal each time. */
class HealthCacheTest {

    @Test
    void aFeedsHealthIsComputedOncePerTtl() {
        AtomicInteger computed = new AtomicInteger();
        HealthCache longLived = new HealthCache(() -> Duration.ofMinutes(1));
        for (int i = 0; i < 100; i++) {
            longLived.get("sits-copy-student", () -> {
                computed.incrementAndGet();
                return Health.up().build();
            });
        }
        assertThat(computed).hasValue(1);

        HealthCache none = new HealthCache(() -> Duration.ZERO);
        none.get("a", () -> Health.up().build());
        assertThat(none.get("a", () -> Health.down().build()).getStatus().getCode()).isEqualTo("DOWN");
    }
}
