package uk.ac.mim.ops.console;

import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.view.RedirectView;

import uk.ac.mim.config.MimProperties;
import uk.ac.mim.ops.FeedCatalog;
import uk.ac.mim.ops.FeedRunner;
import uk.ac.mim.ops.OperatorInput;
import uk.ac.mim.sits.ims.ImsExplainer;
import uk.ac.mim.staging.FeedRun;
import uk.ac.mim.staging.Journal;
import uk.ac.mim.staging.Overrides;
import uk.ac.mim.staging.RunReports;
import uk.ac.mim.staging.RunStatus;

import static uk.ac.mim.ops.console.Html.esc;

/**
 * The operator console at {@code /console}: runs and freshness, a run's plan with search, approving a
 * BLOCKED run (the one-shot override), running or dry-running a feed, and "why is this student in that
 * course". Server-rendered, behind a login form; a viewer sees everything and is offered no action, an
 * operator may act (docs/security.md).
 */
@Controller
public class ConsoleController {

    private final Journal journal;
    private final FeedCatalog catalog;
    private final FeedRunner runner;
    private final Overrides overrides;
    private final RunReports reports;
    private final ImsExplainer explainer;
    private final MimProperties props;
    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final OperatorInput input;
    private final ConsoleStarts starts;
    private final Overview overview;

    public ConsoleController(Journal journal, FeedCatalog catalog, FeedRunner runner, Overrides overrides, RunReports reports,
                             ImsExplainer explainer, MimProperties props, JdbcTemplate stagingJdbc, ObjectMapper json,
                             OperatorInput input, ConsoleStarts starts, Overview overview) {
        this.overview = overview;
        this.input = input;
        this.starts = starts;
        this.journal = journal;
        this.catalog = catalog;
        this.runner = runner;
        this.overrides = overrides;
        this.reports = reports;
        this.explainer = explainer;
        this.props = props;
        this.jdbc = stagingJdbc;
        this.json = json;
    }

    @GetMapping(value = "/console", produces = MediaType.TEXT_HTML_VALUE)
    @ResponseBody
    public String runs(HttpServletRequest request, @RequestParam(required = false) String flash) {
        StringBuilder b = new StringBuilder(overview.render()).append("<h2>Recent runs</h2><table id=\"runs\"><tr><th>Started</th><th>Feed</th><th>Status</th><th>Dry run</th>"
                + "<th>Read</th><th>Written</th><th>Rejected</th><th>Waiting</th><th>ms</th><th>Message</th><th></th></tr>");
        for (FeedRun r : journal.recent(40)) {
            b.append("<tr class=\"").append(r.status()).append("\" data-run=\"").append(esc(r.runId())).append("\"><td>")
                    .append(esc(r.startedAt())).append("</td><td>").append(esc(r.feedId())).append("</td><td class=\"st\">")
                    .append(r.status()).append("</td><td>").append(r.dryRun() ? "yes" : "").append("</td><td>").append(r.rowsRead())
                    .append("</td><td>").append(r.rowsWritten()).append("</td><td>").append(r.rowsRejected()).append("</td><td>")
                    .append(r.rowsWaiting()).append("</td><td>").append(r.durationMillis() < 0 ? "" : r.durationMillis()).append("</td><td class=\"msg\">")
                    .append(esc(abbreviate(r.message(), 400))).append("</td><td><a class=\"plan\" href=\"/console/runs/")
                    .append(esc(r.runId())).append("\">plan</a></td></tr>");
        }
        b.append("</table>");
        b.append("<h2>Freshness</h2><table id=\"freshness\"><tr><th>Feed</th><th>Last run</th>"
                + "<th>Last OK run</th><th>Age</th><th>Allowed</th><th></th><th>Run</th></tr>");
        for (String feed : catalog.all()) {
            FeedRun last = journal.latest(feed).orElse(null);
            FeedRun ok = journal.lastOk(feed).orElse(null);
            Duration max = props.feed(feed).getMaxInputAge();
            Duration age = ok == null ? null : Duration.between(ok.startedAt(), Instant.now());
            boolean fresh = age != null && age.compareTo(max) <= 0;
            b.append("<tr data-feed=\"").append(esc(feed)).append("\"><td>").append(esc(feed)).append("</td><td>")
                    .append(last == null ? "never" : esc(last.status()) + (last.dryRun() ? " (dry)" : "")).append("</td><td>")
                    .append(ok == null ? "never" : esc(ok.startedAt())).append("</td><td>").append(age == null ? "" : esc(Html.human(age)))
                    .append("</td><td>").append(esc(Html.human(max))).append("</td><td class=\"").append(fresh ? "fresh\">fresh" : "stale\">stale")
                    .append("</td><td>").append(runForm(request, feed, false)).append(' ').append(runForm(request, feed, true))
                    .append("</td></tr>");
        }
        return Html.page(request, "Runs", b.append("</table>").toString(), flash);
    }

    @GetMapping(value = "/console/runs/{runId}", produces = MediaType.TEXT_HTML_VALUE)
    @ResponseBody
    public String plan(HttpServletRequest request, @PathVariable String runId, @RequestParam(required = false) String q,
                       @RequestParam(required = false) String flash) throws Exception {
        FeedRun run = journal.run(runId).orElse(null);
        if (run == null) {
            return Html.page(request, "No such run", "<p>No run " + esc(runId) + ".</p>", null);
        }
        String query = q == null ? "" : q.strip();
        StringBuilder b = new StringBuilder("<p id=\"run-summary\"><b>").append(esc(run.feedId())).append("</b> · <span class=\"st\">")
                .append(run.status()).append("</span>").append(run.dryRun() ? " · dry run" : "").append(" · started ")
                .append(esc(run.startedAt())).append(" · ").append(run.rowsRead()).append(" read, ").append(run.rowsWritten())
                .append(" written, ").append(run.rowsRejected()).append(" rejected, ").append(run.rowsWaiting())
                .append(" waiting</p><p class=\"msg\">").append(esc(run.message())).append("</p>");
        String planJson = reports.planJson(runId);
        JsonNode plan = planJson == null ? null : json.readTree(planJson);
        if (run.status() == RunStatus.BLOCKED) {
            b.append("<h2>Blocked</h2><ul id=\"guard\">");
            if (plan != null) {
                plan.path("guard").path("problems").forEach(p -> b.append("<li>").append(esc(p.asText())).append("</li>"));
            }
            b.append("</ul>");
            boolean latest = isLatest(run);
            var existing = overrides.get(run.feedId());
            if (existing.isPresent()) {
                b.append("<p id=\"override-set\">Override already set: ").append(esc(existing.get().describe())).append("</p>");
            } else if (latest && request.isUserInRole("OPERATOR")) {
                b.append("<form id=\"approve\" method=\"post\" action=\"/console/runs/").append(esc(runId))
                        .append("/override\" data-confirm=\"Let the next real run of ").append(esc(run.feedId()))
                        .append(" make these removals?\">").append(Html.csrf(request))
                        .append("<label>Reason <input name=\"reason\" id=\"reason\" required size=\"50\"></label> ")
                        .append("<button type=\"submit\" id=\"approve-button\">Approve: set the one-shot override</button></form>");
            }
        }
        if (plan != null && plan.path("tooLarge").asBoolean(false)) {
            b.append("<p id=\"plan-too-large\">This plan is ").append(plan.path("bytes").asLong() / (1024 * 1024))
                    .append(" MiB, too large to keep in the database (<code>mim.reports.plan-in-database-max-bytes</code>); it is in <code>")
                    .append(esc(plan.path("file").asText())).append("</code>.</p>");
        }
        b.append("<h2>Changes per course</h2><form method=\"get\"><input name=\"q\" id=\"q\" placeholder=\"course idnumber or student code\" value=\"")
                .append(esc(query)).append("\"> <button type=\"submit\" id=\"search\">Search</button></form>");
        b.append(courses(plan, query));
        b.append(lists(plan));
        b.append("<h2>Rejected rows</h2><table id=\"rejected\"><tr><th>Row</th><th>Reason</th></tr>");
        jdbc.query("SELECT row_ref, reason FROM mim_rejected_row WHERE run_id = ? ORDER BY id", rs -> {
            b.append("<tr><td>").append(esc(rs.getString(1))).append("</td><td>").append(esc(rs.getString(2))).append("</td></tr>");
        }, runId);
        jdbc.query("SELECT ws_function, group_ref, user_id, errorcode, message FROM mim_moodle_failure WHERE run_id = ? ORDER BY id", rs -> {
            b.append("<tr><td>").append(esc(rs.getString(1) + " " + rs.getString(2) + " user " + rs.getObject(3))).append("</td><td>")
                    .append(esc(rs.getString(4) + ": " + rs.getString(5))).append("</td></tr>");
        }, runId);
        return Html.page(request, "Plan of " + run.feedId(), b.append("</table>").toString(), flash);
    }

    /** Only the latest run of a feed, and only a BLOCKED one, can be approved (not any run id of any feed). */
    @PostMapping("/console/runs/{runId}/override")
    public RedirectView approve(@PathVariable String runId, @RequestParam String reason, Principal user) {
        FeedRun run = journal.run(runId).orElseThrow(() -> new IllegalArgumentException("No run " + runId));
        if (run.status() != RunStatus.BLOCKED) {
            throw new IllegalArgumentException("Run " + runId + " is " + run.status() + ": only a BLOCKED run can be approved");
        }
        if (!isLatest(run)) {
            throw new IllegalArgumentException("Run " + runId + " is not the latest run of " + run.feedId());
        }
        overrides.set(input.guardedFeed(run.feedId()), user.getName(), input.reason(reason));
        return new RedirectView("/console/runs/" + runId + "?flash=" + enc("Override set by " + user.getName()
                + ": the next real run of " + run.feedId() + " passes its guard once."));
    }

    private boolean isLatest(FeedRun run) {
        return journal.latest(run.feedId()).map(l -> l.runId().equals(run.runId())).orElse(false);
    }

    @PostMapping("/console/feeds/{feedId}/run")
    public RedirectView run(@PathVariable String feedId, @RequestParam(defaultValue = "false") boolean dry, Principal user) {
        input.feed(feedId); // unknown ids are refused
        String token = starts.start(feedId, dry, user.getName(), () -> runner.run(feedId, dry ? Boolean.TRUE : null, null, user.getName()));
        return new RedirectView("/console/starts/" + token + "?flash=" + enc((dry ? "Dry run" : "Run") + " of " + feedId
                + " started by " + user.getName()));
    }

    /** What became of a run started here: running, its outcome and plan, or why it did not start. */
    @GetMapping(value = "/console/starts/{token}", produces = MediaType.TEXT_HTML_VALUE)
    @ResponseBody
    public String started(HttpServletRequest request, @PathVariable String token, @RequestParam(required = false) String flash) {
        ConsoleStarts.Start s = starts.get(token);
        if (s == null) {
            return Html.page(request, "No such start", "<p>This start is no longer remembered; see the runs.</p>", flash);
        }
        String what = (s.dry() ? "Dry run" : "Run") + " of " + s.feedId() + " started by " + s.by() + " at " + s.at();
        StringBuilder b = new StringBuilder("<p id=\"start\">").append(esc(what)).append("</p>");
        if (!s.run().isDone()) {
            b.append("<p id=\"outcome\" class=\"RUNNING\">Still running. <a id=\"refresh\" href=\"/console/starts/")
                    .append(esc(token)).append("\">Refresh</a></p>");
        } else {
            try {
                FeedRun r = s.run().get();
                b.append("<p id=\"outcome\" class=\"").append(r.status()).append("\"><span class=\"st\">").append(r.status())
                        .append("</span>: ").append(esc(r.message())).append(" <a id=\"run-plan\" href=\"/console/runs/")
                        .append(esc(r.runId())).append("\">its plan</a></p>");
            } catch (java.util.concurrent.ExecutionException e) {
                b.append("<p id=\"outcome\" class=\"FAILED\">Did not start: ").append(esc(e.getCause() == null ? e.getMessage()
                        : e.getCause().getMessage())).append("</p>");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                b.append("<p id=\"outcome\">Interrupted.</p>");
            }
        }
        return Html.page(request, "Started from the console", b.toString(), flash);
    }

    @GetMapping(value = "/console/explain", produces = MediaType.TEXT_HTML_VALUE)
    @ResponseBody
    public String explain(HttpServletRequest request, @RequestParam(required = false) String student,
                          @RequestParam(required = false) String course) {
        StringBuilder b = new StringBuilder("<form method=\"get\" id=\"explain\"><label>Student code or username <input name=\"student\""
                + " id=\"student\" value=\"").append(esc(student)).append("\"></label> <label>Course idnumber <input name=\"course\""
                + " id=\"course\" value=\"").append(esc(course)).append("\"></label> <button type=\"submit\" id=\"explain-button\">Explain</button></form>");
        if (student != null && !student.isBlank() && course != null && !course.isBlank()) {
            ImsExplainer.Explanation e = explainer.explain(student, course.strip());
            b.append("<table id=\"explanation\"><tr><th>Student</th><td>").append(esc(e.studentCode())).append(e.username() == null ? ""
                    : " (" + esc(e.username()) + ")").append("</td></tr><tr><th>Course</th><td>").append(esc(e.courseIdnumber()))
                    .append(e.courseId() == null ? "" : " (id " + e.courseId() + ")").append(", ").append(esc(e.courseState()))
                    .append("</td></tr><tr><th>Desired there by</th><td id=\"rules\">");
            if (e.rules().isEmpty()) {
                b.append("no mapping rule");
            } else {
                b.append("<ul>");
                e.rules().forEach(r -> b.append("<li>").append(esc(r)).append("</li>"));
                b.append("</ul>");
            }
            b.append("</td></tr><tr><th>Moodle account</th><td>").append(esc(e.moodleAccount())).append("</td></tr><tr><th>Moodle now</th><td id=\"moodle-now\">")
                    .append(esc(e.moodleEnrolment())).append("</td></tr><tr><th>Next run of sits-ims-enrolments</th><td id=\"next-run\">")
                    .append(esc(e.nextRun())).append("</td></tr></table>");
        }
        return Html.page(request, "Explain: why is this student in that course?", b.toString(), null);
    }

    /** @ExceptionHandler: a refused input is a 400 page that says why (never a 500 or a trace). */
    @ExceptionHandler({IllegalArgumentException.class, MissingServletRequestParameterException.class})
    @ResponseBody
    public ResponseEntity<String> refused(HttpServletRequest request, Exception e) {
        return ResponseEntity.badRequest().contentType(MediaType.TEXT_HTML)
                .body(Html.page(request, "Refused", "<p id=\"refused\">" + esc(e.getMessage()) + "</p>", null));
    }

    private String runForm(HttpServletRequest request, String feed, boolean dry) {
        if (!request.isUserInRole("OPERATOR")) {
            return ""; // a viewer sees no action
        }
        return "<form class=\"inline\" method=\"post\" action=\"/console/feeds/" + esc(feed) + "/run\" data-confirm=\""
                + (dry ? "Dry-run " : "Run ") + esc(feed) + " now?\">" + Html.csrf(request)
                + "<input type=\"hidden\" name=\"dry\" value=\"" + dry + "\"><button type=\"submit\" class=\"" + (dry ? "dry-run" : "run")
                + "\">" + (dry ? "Dry run" : "Run") + "</button></form>";
    }

    /** Each course of the plan with its non-empty lists of changes, filtered by the search. */
    private String courses(JsonNode plan, String q) {
        if (plan == null || !plan.path("courses").isArray() || plan.path("courses").isEmpty()) {
            return "<p id=\"courses\">No changes.</p>";
        }
        String needle = q.toLowerCase(Locale.ROOT);
        StringBuilder b = new StringBuilder("<div id=\"courses\">");
        int shown = 0;
        for (JsonNode c : plan.path("courses")) {
            String idn = c.has("idnumber") ? c.path("idnumber").asText() : c.path("courseIdnumber").asText();
            boolean courseMatch = needle.isEmpty() || idn.toLowerCase(Locale.ROOT).contains(needle);
            StringBuilder items = new StringBuilder();
            for (Iterator<Map.Entry<String, JsonNode>> it = c.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (!f.getValue().isArray() || f.getValue().isEmpty()) {
                    continue;
                }
                StringBuilder li = new StringBuilder();
                int n = 0;
                for (JsonNode item : f.getValue()) {
                    String text = item.isObject() ? String.join(" · ", values(item)) : item.asText();
                    if (courseMatch || text.toLowerCase(Locale.ROOT).contains(needle)) {
                        li.append("<li>").append(esc(text)).append("</li>");
                        n++;
                    }
                }
                if (n > 0) {
                    items.append("<p><b>").append(esc(f.getKey())).append("</b> (").append(n).append(")</p><ul>").append(li).append("</ul>");
                }
            }
            if (items.length() > 0) {
                shown++;
                b.append("<section class=\"course\" data-course=\"").append(esc(idn)).append("\"><h3>").append(esc(idn)).append("</h3>")
                        .append(items).append("</section>");
            }
        }
        return shown == 0 ? "<p id=\"courses\">Nothing matches " + esc(q) + ".</p>" : b.append("</div>").toString();
    }

    private String lists(JsonNode plan) {
        if (plan == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        JsonNode reportsNode = plan.has("reports") ? plan.path("reports") : plan;
        for (String key : List.of("suspended", "unknownAccounts", "accountConflicts", "idnumberMismatches", "unaddressableCourses",
                "frozenCourses", "textCleaned", "notEnrolled", "nameClashes", "unmanagedGroups", "leftAlone", "notes")) {
            JsonNode list = reportsNode.has(key) ? reportsNode.path(key) : plan.path(key);
            long total = list.size();
            if (list.isObject() && list.has("shown")) { // a counted list of which the first lines were kept
                total = list.path("total").asLong();
                list = list.path("shown");
            }
            if (list.isArray() && !list.isEmpty()) {
                b.append("<h3>").append(esc(key)).append(" (").append(total).append(")</h3><ul>");
                int i = 0;
                for (JsonNode l : list) {
                    if (i++ == 200) {
                        b.append("<li>… and ").append(list.size() - 200).append(" more (see the report file)</li>");
                        break;
                    }
                    b.append("<li>").append(esc(l.asText())).append("</li>");
                }
                b.append("</ul>");
            }
        }
        return b.toString();
    }

    private static List<String> values(JsonNode o) {
        List<String> out = new java.util.ArrayList<>();
        o.fields().forEachRemaining(e -> {
            if (!e.getValue().isNull() && !e.getValue().isContainerNode()) {
                out.add(e.getValue().asText());
            }
        });
        return out;
    }

    private static String abbreviate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max) + "…";
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }
}
