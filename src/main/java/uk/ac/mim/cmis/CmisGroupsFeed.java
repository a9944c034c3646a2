package uk.ac.mim.cmis;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import uk.ac.mim.moodle.MoodleClient;
import uk.ac.mim.moodle.MoodleProperties;
import uk.ac.mim.staging.FeedLifecycle;
import uk.ac.mim.staging.RunCounts;
import uk.ac.mim.staging.RunReports;
import uk.ac.mim.staging.ShrinkGuard;

/**
 * {@code cmis-moodle-groups} (bean {@code cmisGroups}): timetable groups into Moodle through its REST web
 * services. {@code plan} computes the calls; {@code publish} makes them (real run) or only reports them
 * (dry run: no call at all, not even a read). Deleting groups is guarded by the shrink guard.
 */
@Component("cmisGroups")
public class CmisGroupsFeed {

    public static final String FEED_ID = "cmis-moodle-groups";
    private static final Logger LOG = LoggerFactory.getLogger(CmisGroupsFeed.class);

    record Planned(CmisPlan plan, ShrinkGuard.Verdict verdict) { }

    private final CmisPlanner planner;
    private final ShrinkGuard guard;
    private final RunReports reports;
    private final MoodleProperties moodle;
    private final CmisProperties cmis;
    private final JdbcTemplate jdbc;
    private final ProducerTemplate moodleWs;

    public CmisGroupsFeed(CmisPlanner planner, ShrinkGuard guard, RunReports reports, MoodleProperties moodle,
                          CmisProperties cmis, JdbcTemplate stagingJdbc, ProducerTemplate moodleWs) {
        this.planner = planner;
        this.guard = guard;
        this.reports = reports;
        this.moodle = moodle;
        this.cmis = cmis;
        this.jdbc = stagingJdbc;
        this.moodleWs = moodleWs;
    }

    public void plan(Exchange ex) {
        boolean dry = ex.getMessage().getHeader(FeedLifecycle.DRY_RUN, false, Boolean.class);
        CmisPlan plan = planner.plan();
        ShrinkGuard.Verdict verdict = guard.check(FEED_ID, List.of(plan.ownedGroups()), List.of(), dry);
        ex.getMessage().setBody(new Planned(plan, verdict));
        ex.getMessage().setHeader(FeedLifecycle.PLAN_SUMMARY, plan.summary());
        ex.getMessage().setHeader(FeedLifecycle.BLOCKED, verdict.blocked());
    }

    public void publish(Exchange ex) throws Exception {
        Planned p = ex.getMessage().getBody(Planned.class);
        String runId = ex.getMessage().getHeader(FeedLifecycle.RUN_ID, String.class);
        boolean dry = ex.getMessage().getHeader(FeedLifecycle.DRY_RUN, false, Boolean.class);
        CmisPlan plan = p.plan();
        String outcome;
        CmisExecutor.Result result = null;
        CmisExecutor executor = null;
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("feed", FEED_ID);
        report.put("runId", runId);
        report.put("dryRun", dry);
        report.put("guard", p.verdict());
        report.put("summary", plan.summary());
        try {
            if (p.verdict().blocked()) {
                outcome = "no call made: " + p.verdict().describe();
            } else if (dry) {
                outcome = "dry run: no call made";
            } else if (plan.items() == 0) {
                outcome = "nothing to change: no call made";
            } else {
                MoodleClient client = new MoodleClient(moodle, moodleWs);
                executor = new CmisExecutor(client, moodle, cmis, jdbc, runId);
                result = executor.execute(plan);
                outcome = String.format("%d items done, %d refused (see mim_moodle_failure) in %d calls to %s (Moodle %s)",
                        result.ok(), result.failed(), result.calls(), result.site().url(), result.site().release());
                report.put("calls", result.perFunction());
                report.put("failures", result.failures());
            }
        } catch (RuntimeException failure) {
            // the run fails, but its report says what was planned, what was done before the failure and why
            report.put("status", "FAILED");
            report.put("failure", FeedLifecycle.describe(failure));
            report.put("doneBeforeFailure", executor == null ? Map.of("calls", 0) : executor.progress());
            throw failure;
        } finally {
            report.put("courses", plan.courses().stream().filter(c -> c.items() > 0).toList());
            report.put("notEnrolled", plan.notEnrolled());
            report.put("nameClashes", plan.clashes());
            report.put("unmanagedGroups", plan.unmanaged());
            report.put("leftAlone", plan.leftAlone());
            report.put("notes", plan.notes());
            if (report.containsKey("failure")) {
                reports.save(FEED_ID, runId, plan.summary() + "; FAILED: " + report.get("failure"), report,
                        FEED_ID + "\nFAILED: " + report.get("failure") + "\nPlanned: " + plan.summary() + "\nDone before the failure: "
                                + report.get("doneBeforeFailure") + "\n");
            }
        }
        String message = plan.summary() + "; " + outcome;
        report.put("outcome", outcome);
        StringBuilder text = new StringBuilder(FEED_ID + "\n" + message + "\n\nPer course (items):\n");
        plan.courses().stream().filter(c -> c.items() > 0).forEach(c -> text.append(String.format(
                "  %-30s groupings +%d, groups +%d, renames %d, members +%d/-%d, links %d, deletes %d%n", c.courseIdnumber(),
                c.groupings().size(), c.groups().size(), c.renames().size(), c.adds().size(), c.removes().size(),
                c.links().size(), c.deletes().size())));
        RunReports.section(text, "Not sent: members without an account or not enrolled", plan.notEnrolled());
        RunReports.section(text, "Name clashes", plan.clashes());
        RunReports.section(text, "Groups no longer managed", plan.unmanaged());
        RunReports.section(text, "Left alone", plan.leftAlone());
        RunReports.section(text, "Notes", plan.notes());
        if (result != null) {
            RunReports.section(text, "Refused by Moodle", result.failures());
        }
        reports.save(FEED_ID, runId, message, report, text.toString());
        LOG.info("{}: {}", FEED_ID, message);
        long written = result == null ? 0 : result.ok();
        long refused = result == null ? 0 : result.failed();
        // members not enrolled yet (and group tutors, whom no feed enrols) wait: they are not wrong, so not "rejected"
        ex.getMessage().setHeader(FeedLifecycle.COUNTS, RunCounts.of(plan.items(), written, refused, message)
                .withWaiting(plan.notEnrolled().getTotal()));
        ex.getMessage().setHeader("mimMoodleCalls", result == null ? 0 : result.calls());
        ex.getMessage().setHeader("mimMoodleErrors", result == null ? 0 : result.errors());
        if (refused > 0 && refused * 100 > (long) cmis.getMaxRefusedPercent() * (written + refused)) {
            // many refusals mean something is wrong with the site or the plan, not with a few members: say FAILED
            throw new IllegalStateException("Moodle refused " + refused + " of " + (written + refused) + " items, more than"
                    + " mim.cmis.max-refused-percent (" + cmis.getMaxRefusedPercent() + "%); see mim_moodle_failure");
        }
    }
}
