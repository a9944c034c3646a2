package uk.ac.mim.ops.console;

import static uk.ac.mim.ops.console.Html.esc;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import uk.ac.mim.config.MimProperties;
import uk.ac.mim.ops.FeedCatalog;
import uk.ac.mim.ops.FeedRunner;
import uk.ac.mim.staging.FeedRun;
import uk.ac.mim.staging.Journal;
import uk.ac.mim.staging.RunStatus;
import uk.ac.mim.staging.ShrinkGuard;

/**
 * The console's first screen: one tile per feed (status, age of the last OK run against its allowance, last
 * duration, the last 30 runs as sparklines), last night as a timeline, and each guarded feed's retained % against
 * its threshold. Read from the journal, the plans' summaries and the guard's recorded checks.
 */
@Component
class Overview {

    static final int NIGHTS = 30;
    /** A publisher's adds and removals, from its plan's summary line. */
    private static final Map<String, Pattern[]> CHANGES = Map.of(
            "sits-ims-enrolments", new Pattern[] {Pattern.compile("(\\d+) enrolments to add"), Pattern.compile("and (\\d+) to remove")},
            "cmis-moodle-groups", new Pattern[] {Pattern.compile("(\\d+) members to add"), Pattern.compile("(\\d+) members to remove")});

    private final Journal journal;
    private final FeedCatalog catalog;
    private final MimProperties props;
    private final ShrinkGuard guard;
    private final JdbcTemplate jdbc;

    Overview(Journal journal, FeedCatalog catalog, MimProperties props, ShrinkGuard guard, JdbcTemplate stagingJdbc) {
        this.journal = journal;
        this.catalog = catalog;
        this.props = props;
        this.guard = guard;
        this.jdbc = stagingJdbc;
    }

    String render() {
        return tiles() + night() + guards();
    }

    String tiles() {
        StringBuilder b = new StringBuilder("<h2>Feeds</h2><div class=\"tiles\" id=\"tiles\">");
        for (String feed : catalog.all()) {
            List<FeedRun> runs = journal.finishedRuns(feed, NIGHTS);
            FeedRun last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
            Optional<FeedRun> ok = journal.lastOk(feed);
            Duration allowed = props.feed(feed).getMaxInputAge();
            Duration age = ok.map(r -> Duration.between(r.startedAt(), Instant.now())).orElse(null);
            String status = last == null ? "NEVER" : last.status().name();
            b.append("<section class=\"tile ").append(esc(status)).append("\" data-feed=\"").append(esc(feed)).append("\"><h3>")
                    .append(esc(feed)).append("</h3><p class=\"status\"><span class=\"mark\" aria-hidden=\"true\">").append(mark(status))
                    .append("</span> ").append(esc(status)).append(last != null && last.dryRun() ? " (dry run)" : "").append("</p>");
            b.append("<p class=\"age\">last OK ").append(age == null ? "never" : esc(Html.human(age)) + " ago").append(" · allowed ")
                    .append(esc(Html.human(allowed))).append(age != null && age.compareTo(allowed) > 0 ? " · <b>stale</b>" : "")
                    .append("</p>").append(Charts.ageBar(age, allowed, 200));
            b.append("<p>last run ").append(last == null || last.durationMillis() < 0 ? "—"
                    : String.format(Locale.ROOT, "%.1f s", last.durationMillis() / 1000.0)).append("</p>");
            b.append(sparklines(feed, runs));
            b.append("</section>");
        }
        return b.append("</div>").toString();
    }

    private String sparklines(String feed, List<FeedRun> runs) {
        if (runs.isEmpty()) {
            return "<p class=\"legend\">no runs yet</p>";
        }
        Pattern[] changes = CHANGES.get(feed);
        if (changes != null) {
            Map<String, String> summaries = summaries(feed);
            List<Charts.Point> adds = new ArrayList<>();
            List<Charts.Point> removes = new ArrayList<>();
            for (FeedRun r : runs) {
                String s = summaries.getOrDefault(r.runId(), "");
                long a = number(changes[0], s);
                long d = number(changes[1], s);
                adds.add(new Charts.Point(a, r.startedAt() + ": " + a + " adds"));
                removes.add(new Charts.Point(d, r.startedAt() + ": " + d + " removals"));
            }
            return Charts.sparkline(feed + ": adds (solid) and removals (dashed), last " + runs.size() + " runs", adds, removes, 200, 36)
                    + "<p class=\"legend\">adds ─ " + (long) adds.get(adds.size() - 1).value() + " · removals ┄ "
                    + (long) removes.get(removes.size() - 1).value() + " (last " + runs.size() + " runs)</p>";
        }
        List<Charts.Point> rows = new ArrayList<>();
        for (FeedRun r : runs) {
            rows.add(new Charts.Point(r.rowsWritten(), r.startedAt() + ": " + r.rowsWritten() + " rows written"));
        }
        return Charts.sparkline(feed + ": rows written, last " + runs.size() + " runs", rows, null, 200, 36)
                + "<p class=\"legend\">rows written ─ " + (long) rows.get(rows.size() - 1).value() + " (last " + runs.size() + " runs)</p>";
    }

    private Map<String, String> summaries(String feed) {
        Map<String, String> out = new HashMap<>();
        jdbc.query(con -> {
            var ps = con.prepareStatement("SELECT run_id, summary FROM mim_run_plan WHERE feed_id = ? ORDER BY created_at DESC");
            ps.setString(1, feed);
            ps.setMaxRows(NIGHTS);
            return ps;
        }, rs -> {
            out.put(rs.getString(1), rs.getString(2));
        });
        return out;
    }

    private static long number(Pattern p, String s) {
        Matcher m = p.matcher(s);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /** Not by colour alone: each status has its own mark. */
    static String mark(String status) {
        return switch (status) {
            case "OK" -> "✓";
            case "FAILED" -> "✗";
            case "BLOCKED" -> "■";
            case "SKIPPED" -> "–";
            case "RUNNING" -> "…";
            default -> "?";
        };
    }

    String night() {
        Set<String> cycles = new LinkedHashSet<>();
        for (String chain : FeedCatalog.CHAINS) {
            journal.latestStarted(FeedRunner.chainFeedId(chain)).map(FeedRun::cycleId).ifPresent(cycles::add);
        }
        if (cycles.isEmpty()) {
            cycles.addAll(jdbc.query(con -> {
                var ps = con.prepareStatement("SELECT cycle_id FROM mim_feed_run WHERE cycle_id IS NOT NULL ORDER BY started_at DESC");
                ps.setMaxRows(1);
                return ps;
            }, (rs, i) -> rs.getString(1)));
        }
        List<Charts.Bar> bars = new ArrayList<>();
        for (String cycle : cycles) {
            for (FeedRun r : journal.cycle(cycle)) {
                bars.add(new Charts.Bar(r.feedId(), r.startedAt(), r.finishedAt(), r.status().name()));
            }
        }
        bars.sort((x, y) -> x.start().compareTo(y.start()));
        StringBuilder b = new StringBuilder("<h2>Last night</h2><div class=\"chart\" id=\"night\">");
        if (bars.isEmpty()) {
            return b.append("<p>No night has run yet.</p></div>").toString();
        }
        return b.append(Charts.timeline("Last night: each run from its start to its end", bars, 1100)).append("</div>").toString();
    }

    String guards() {
        StringBuilder b = new StringBuilder("<h2>Guards</h2><div class=\"tiles\" id=\"guards\">");
        List<String> feeds = guard.guardedFeeds();
        if (feeds.isEmpty()) {
            return b.append("<p>No guard has been checked yet.</p></div>").toString();
        }
        for (String feed : feeds) {
            List<ShrinkGuard.Check> checks = guard.history(feed, NIGHTS * 3);
            Map<String, List<Charts.GuardPoint>> byKind = new java.util.LinkedHashMap<>();
            int threshold = 75;
            for (ShrinkGuard.Check c : checks) {
                threshold = c.thresholdPercent();
                List<Charts.GuardPoint> series = byKind.computeIfAbsent(c.kind(), k -> new ArrayList<>());
                series.add(new Charts.GuardPoint(c.percent(), c.blocked(), String.format(Locale.ROOT, "%s %s: %.1f%% retained%s%s",
                        c.at(), c.kind(), c.percent(), c.blocked() ? ", BLOCKED" : "", c.dryRun() ? " (dry run)" : "")));
            }
            byKind.replaceAll((k, v) -> v.size() > NIGHTS ? v.subList(v.size() - NIGHTS, v.size()) : v);
            List<String> kinds = new ArrayList<>(byKind.keySet());
            StringBuilder legend = new StringBuilder();
            long blocked = 0;
            for (int i = 0; i < kinds.size(); i++) {
                List<Charts.GuardPoint> s = byKind.get(kinds.get(i));
                blocked += s.stream().filter(Charts.GuardPoint::blocked).count();
                legend.append(i == 0 ? "" : " · ").append(esc(kinds.get(i))).append(i == 0 ? " ─ " : " ┄ ")
                        .append(String.format(Locale.ROOT, "%.1f%%", s.get(s.size() - 1).percent()));
            }
            b.append("<section class=\"tile\" data-guard=\"").append(esc(feed)).append("\"><h3>").append(esc(feed)).append("</h3>")
                    .append(Charts.guard(feed + ": retained % per check against the " + threshold + "% threshold", kinds,
                            new ArrayList<>(byKind.values()), threshold, 320, 110))
                    .append("<p class=\"legend\">").append(legend).append(" · threshold ").append(threshold).append('%')
                    .append(blocked > 0 ? " · ✕ " + blocked + " blocked" : "").append("</p></section>");
        }
        return b.append("</div>").toString();
    }
}
