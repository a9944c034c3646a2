package uk.ac.mim.ops;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import uk.ac.mim.config.MimProperties;

/**
 * At start-up, one table of every feed: enabled or not, DRY or LIVE, its chain and that chain's cron, so
 * going live is visible in the log, never a surprise (a dry default belongs to the embedded demo only).
 */
@Component
public class FeedTable {

    private static final Logger LOG = LoggerFactory.getLogger(FeedTable.class);

    private final FeedCatalog catalog;
    private final MimProperties props;

    public FeedTable(FeedCatalog catalog, MimProperties props) {
        this.catalog = catalog;
        this.props = props;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void log() {
        LOG.info("Feeds on this node{}:", props.getDemo().isSeed() ? " (embedded demo: mim.demo.dry-feeds run dry)" : "");
        table().lines().forEach(line -> LOG.info("  {}", line)); // a line each: log lines never carry line breaks
    }

    public String table() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"feed", "enabled", "mode", "chain", "cron"});
        for (String feed : catalog.all()) {
            String chain = chainOf(feed);
            MimProperties.Chain c = chain == null ? null : props.getChains().get(chain);
            rows.add(new String[] {feed, props.feed(feed).isEnabled() ? "yes" : "NO", props.isDryRun(feed) ? "dry" : "LIVE",
                    chain == null ? "on demand" : chain, c != null && c.getCron() != null ? c.getCron() : chain == null ? "-" : "with each chain"});
        }
        int[] width = new int[5];
        rows.forEach(r -> {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        });
        StringBuilder b = new StringBuilder();
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                b.append(String.format("%-" + (width[i] + 2) + "s", r[i]));
            }
            b.setLength(b.toString().stripTrailing().length());
            b.append('\n');
        }
        return b.toString();
    }

    /** A chain's copies, the snapshot (both chains) and its publishers belong to it; a site's own copies to none. */
    private String chainOf(String feed) {
        for (String chain : FeedCatalog.CHAINS) {
            if (catalog.copies(chain).contains(feed) || catalog.publishers(chain).contains(feed)) {
                return chain;
            }
        }
        return catalog.copies(FeedCatalog.SNAPSHOT).contains(feed) ? "sits, cmis" : null;
    }
}
