package uk.ac.mim.ops;

import java.util.List;

import org.springframework.stereotype.Component;

import uk.ac.mim.ops.security.SafeMessageConverter;
import uk.ac.mim.ops.security.SecurityProperties;

/**
 * Checks what an operator types before anything acts on it, the same for the console and JMX: a feed id must
 * name a feed (an override, a feed with a guard: a publisher), a reason must be short enough to read and is
 * kept on one line.
 */
@Component
public class OperatorInput {

    private final FeedCatalog catalog;
    private final SecurityProperties security;

    public OperatorInput(FeedCatalog catalog, SecurityProperties security) {
        this.catalog = catalog;
        this.security = security;
    }

    /** One known feed id (not a list, not "all"). */
    public String feed(String feedId) {
        String id = feedId == null ? "" : feedId.strip();
        List<String> all = catalog.all();
        if (!all.contains(id)) {
            throw new IllegalArgumentException("Unknown feed '" + bounded(id) + "'");
        }
        return id;
    }

    /** A feed whose shrink guard an override can pass: a publisher. */
    public String guardedFeed(String feedId) {
        String id = feed(feedId);
        if (FeedCatalog.CHAINS.stream().noneMatch(c -> catalog.publishers(c).contains(id))) {
            throw new IllegalArgumentException("Feed '" + id + "' has no shrink guard to override");
        }
        return id;
    }

    /** A reason: required, at most mim.security.max-reason-length characters, control characters as spaces. */
    public String reason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("An override needs a reason");
        }
        int max = security.getMaxReasonLength();
        if (reason.length() > max) {
            throw new IllegalArgumentException("A reason is at most " + max + " characters (this one has " + reason.length() + ")");
        }
        return reason.replaceAll("[\\p{Cntrl}\\u2028\\u2029\\u0085]", " ").strip();
    }

    private static String bounded(String s) {
        String one = SafeMessageConverter.neutralise(s);
        return one.length() > 100 ? one.substring(0, 100) + "…" : one;
    }
}
