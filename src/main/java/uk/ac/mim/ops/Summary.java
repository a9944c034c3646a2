package uk.ac.mim.ops;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import uk.ac.mim.staging.FeedRun;
import uk.ac.mim.staging.RunStatus;

/** The table printed after a one-shot run: feed, status, rows, duration. */
public final class Summary {

    private Summary() {
    }

    public static String table(List<FeedRun> runs) {
        StringBuilder b = new StringBuilder();
        String fmt = "%-34s %-8s %-4s %10s %10s %9s %9s%n";
        b.append(String.format(Locale.ROOT, fmt, "FEED", "STATUS", "DRY", "READ", "WRITTEN", "REJECTED", "MS"));
        for (FeedRun r : runs) {
            b.append(String.format(Locale.ROOT, fmt, r.feedId(), r.status(), r.dryRun() ? "yes" : "no", r.rowsRead(),
                    r.rowsWritten(), r.rowsRejected(), r.durationMillis()));
        }
        for (FeedRun r : runs) {
            if (r.status() != RunStatus.OK && r.message() != null) {
                b.append(r.feedId()).append(": ").append(r.message()).append(System.lineSeparator());
            }
        }
        b.append(counts(runs)).append(System.lineSeparator());
        return b.toString();
    }

    public static String counts(List<FeedRun> runs) {
        Map<RunStatus, Integer> n = new EnumMap<>(RunStatus.class);
        runs.forEach(r -> n.merge(r.status(), 1, Integer::sum));
        return runs.size() + " feeds: " + n;
    }

    public static boolean allOk(List<FeedRun> runs) {
        return runs.stream().allMatch(r -> r.status() == RunStatus.OK);
    }
}
