package uk.ac.mim.ops.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Slows repeated login failures: after {@code max-failures-per-user} failures in a row for one user name, or
 * {@code max-failures-per-address} from one address, that user or address waits {@code lockout}, doubled at
 * each further lockout up to {@code max-lockout}. A success clears the record. Memory is bounded: at most
 * {@code tracked} users and addresses are remembered, the least recently seen forgotten first.
 */
public class LoginThrottle {

    private static final class Record {
        int failures;
        int lockouts;
        Instant lockedUntil = Instant.MIN;
    }

    private final SecurityProperties.Login settings;
    private final Clock clock;
    private final Map<String, Record> records;

    public LoginThrottle(SecurityProperties.Login settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        int tracked = settings.getTracked();
        this.records = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Record> eldest) {
                return size() > tracked;
            }
        };
    }

    /** How long this user or address must still wait, if it must. */
    public synchronized Optional<Duration> locked(String user, String address) {
        Instant now = clock.instant();
        Instant until = Instant.MIN;
        for (String key : new String[] {userKey(user), addressKey(address)}) {
            Record r = key == null ? null : records.get(key);
            if (r != null && r.lockedUntil.isAfter(until)) {
                until = r.lockedUntil;
            }
        }
        return until.isAfter(now) ? Optional.of(Duration.between(now, until)) : Optional.empty();
    }

    public synchronized void failed(String user, String address) {
        fail(userKey(user), settings.getMaxFailuresPerUser());
        fail(addressKey(address), settings.getMaxFailuresPerAddress());
    }

    public synchronized void succeeded(String user, String address) {
        if (user != null) {
            records.remove(userKey(user));
        }
        if (address != null) {
            records.remove(addressKey(address));
        }
    }

    @EventListener
    public void onFailure(AbstractAuthenticationFailureEvent e) {
        failed(e.getAuthentication().getName(), address(e.getAuthentication().getDetails()));
    }

    @EventListener
    public void onSuccess(AuthenticationSuccessEvent e) {
        succeeded(e.getAuthentication().getName(), address(e.getAuthentication().getDetails()));
    }

    private void fail(String key, int max) {
        if (key == null || max <= 0) {
            return;
        }
        Record r = records.computeIfAbsent(key, k -> new Record());
        if (++r.failures >= max) {
            Duration wait = settings.getLockout().multipliedBy(1L << Math.min(r.lockouts, 20));
            if (wait.compareTo(settings.getMaxLockout()) > 0) {
                wait = settings.getMaxLockout();
            }
            r.lockedUntil = clock.instant().plus(wait);
            r.lockouts++;
            r.failures = 0;
        }
    }

    private static String address(Object details) {
        return details instanceof WebAuthenticationDetails w ? w.getRemoteAddress() : null;
    }

    private static String userKey(String user) {
        return user == null || user.isEmpty() ? null : "user:" + user;
    }

    private static String addressKey(String address) {
        return address == null ? null : "addr:" + address;
    }
}
