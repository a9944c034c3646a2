package uk.ac.mim.ops.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.stereotype.Component;

import uk.ac.mim.ops.FeedCatalog;
import uk.ac.mim.staging.FeedRun;
import uk.ac.mim.staging.Journal;
import uk.ac.mim.staging.RunStatus;

/**
 * The optional morning summary (bean {@code alertSummary}, routes/alerts.yaml): per feed, the last run of the past
 * day, its status, what it read and wrote, what waits, and the incidents still open.
 */
@Component("alertSummary")
public class MorningSummary {

    private final FeedCatalog catalog;
    private final Journal journal;
    private final Incidents incidents;
    private final AlertProperties alerts;

    public MorningSummary(FeedCatalog catalog, Journal journal, Incidents incidents, AlertProperties alerts) {
        this.catalog = catalog;
        this.journal = journal;
        this.incidents = incidents;
        this.alerts = alerts;
    }

    public Alert summary() {
        Instant since = Instant.now().minus(Duration.ofHours(24));
        List<String> lines = new ArrayList<>();
        int notOk = 0;
        for (String feed : catalog.all()) {
            Optional<FeedRun> last = journal.latest(feed).filter(r -> r.startedAt().isAfter(since));
            if (last.isEmpty()) {
                lines.add(String.format(Locale.ROOT, "%-28s no run in the past 24 h", feed));
                notOk++;
                continue;
            }
            FeedRun r = last.get();
            if (r.status() != RunStatus.OK) {
                notOk++;
            }
            lines.add(String.format(Locale.ROOT, "%-28s %-8s%s read %d, written %d, rejected %d, waiting %d", feed, r.status(),
                    r.dryRun() ? " (dry)" : "", r.rowsRead(), r.rowsWritten(), r.rowsRejected(), r.rowsWaiting()));
        }
        List<String> open = incidents.open();
        if (!open.isEmpty()) {
            lines.add("");
            lines.add("Open incidents: " + String.join(", ", open));
        }
        String status = notOk == 0 && open.isEmpty() ? "every feed OK" : notOk + " feed(s) not OK, " + open.size() + " open incident(s)";
        return new Alert(Alert.Kind.SUMMARY, "summary", "night", status, String.join("\n", lines), null, alerts.consoleLink(),
                Instant.now());
    }
}
