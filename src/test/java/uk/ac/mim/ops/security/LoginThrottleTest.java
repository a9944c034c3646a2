package uk.ac.mim.ops.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

/** Lockouts per user and per address, doubling to a ceiling, cleared by a success, with bounded memory. */
class LoginThrottleTest {

    Instant now = Instant.parse("2026-12-01T02:00:00Z");
    final Clock clock = new Clock() {
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    };

    LoginThrottle throttle(int perUser, int perAddress, int tracked) {
        SecurityProperties.Login s = new SecurityProperties.Login();
        s.setMaxFailuresPerUser(perUser);
        s.setMaxFailuresPerAddress(perAddress);
        s.setLockout(Duration.ofMinutes(1));
        s.setMaxLockout(Duration.ofMinutes(3));
        s.setTracked(tracked);
        return new LoginThrottle(s, clock);
    }

    @Test
    void aUserIsLockedAfterItsFailuresAndTheWaitDoublesUpToTheCeiling() {
        LoginThrottle t = throttle(3, 1000, 100);
        for (int i = 0; i < 3; i++) {
            assertThat(t.locked("ann", "10.0.0.1")).isEmpty();
            t.failed("ann", "10.0.0.1");
        }
        assertThat(t.locked("ann", "10.0.0.9")).hasValue(Duration.ofMinutes(1));
        assertThat(t.locked("bob", "10.0.0.1")).isEmpty();
        now = now.plus(Duration.ofMinutes(1));
        assertThat(t.locked("ann", "10.0.0.1")).isEmpty();
        for (int round = 2; round <= 4; round++) {
            for (int i = 0; i < 3; i++) {
                t.failed("ann", "10.0.0.1");
            }
            Duration expected = round == 2 ? Duration.ofMinutes(2) : Duration.ofMinutes(3);
            assertThat(t.locked("ann", null)).hasValue(expected);
            now = now.plus(expected);
        }
        t.succeeded("ann", "10.0.0.1");
        t.failed("ann", "10.0.0.1");
        assertThat(t.locked("ann", null)).isEmpty();
    }

    @Test
    void anAddressTryingManyUsersIsLocked() {
        LoginThrottle t = throttle(1000, 5, 100);
        for (int i = 0; i < 5; i++) {
            t.failed("user" + i, "192.0.2.7");
        }
        assertThat(t.locked("someone-else", "192.0.2.7")).isPresent();
        assertThat(t.locked("someone-else", "192.0.2.8")).isEmpty();
    }

    @Test
    void memoryIsBoundedByTheTrackedLimit() throws Exception {
        LoginThrottle t = throttle(1, 1000, 10);
        for (int i = 0; i < 10_000; i++) {
            t.failed("random-" + i, null);
        }
        var field = LoginThrottle.class.getDeclaredField("records");
        field.setAccessible(true);
        assertThat(((java.util.Map<?, ?>) field.get(t)).size()).isLessThanOrEqualTo(10);
        assertThat(t.locked("random-9999", null)).isPresent();
    }
}
