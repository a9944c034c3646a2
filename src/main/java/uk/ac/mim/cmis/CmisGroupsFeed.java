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
import uk.ac.mim.staging.Stages;

/**
 * {@code cmis-moodle-groups} (bean {@code cmisGroups}): timetable groups into Moodle through its REST web
 * services. {@code plan} computes the calls; {@code publish} makes them (real run) or only reports them
 * (dry run: no call at all, not even a read). Deleting groups is guarded by the shrink guard.
 */
@Component("cmisGroups")
public class CmisGroupsFeed {

    public static final String FEED_ID = "cmis-moodle-groups";
    private static final Logger LOG = LoggerFactory.getLogger(CmisGroupsFeed.class);

    /** Exchange property: the executor's result. */
    private static final String RESULT = "mimCmisResult";

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

    /** plan: the groups, groupings and members Moodle should have against what it has (read from staging). */
    public void plan(Exchange ex) {
        CmisPlan plan = planner.plan();
        ex.getMessage().setBody(plan);
        ex.getMessage().setHeader(FeedLifecycle.PLAN_SUMMARY, plan.summary());
    }

    /** guard: the share of the groups this feed owns in Moodle that the plan keeps. */
    public void guard(Exchange ex) {
        CmisPlan plan = ex.getMessage().getBody(CmisPlan.class);
        Stages.verdict(ex, guard.check(FEED_ID, List.of(plan.ownedGroups()), List.of(), Stages.dry(ex)));
    }

    /**
     * deliver: the plan's calls, through the moodle-ws route, after the environment guard; refused items are
     * isolated and recorded. A failure leaves a report of what was planned and what was done before it.
     */
    public void deliver(Exchange ex) throws Exception {
        CmisPlan plan = ex.getMessage().getBody(CmisPlan.class);
        if (plan.items() == 0) {
            ex.setProperty(Stages.OUTCOME, "nothing to change: no call made");
            return;
        }
        CmisExecutor executor = null;
        try {
            executor = new CmisExecutor(new MoodleClient(moodle, moodleWs), moodle, cmis, jdbc, Stages.runId(ex));
            CmisExecutor.Result result = executor.execute(plan);
            ex.setProperty(RESULT, result);
            ex.setProperty(Stages.OUTCOME, String.format("%d items done, %d refused (see mim_moodle_failure) in %d calls to %s (Moodle %s)",
                    result.ok(), result.failed(), result.calls(), result.site().url(), result.site().release()));
        } catch (RuntimeException failure) {
            failureReport(ex, plan, executor, failure);
            throw failure;
        }
    }

    /** The run fails, but its report says what was planned, what was done before the failure and why. */
    private void failureReport(Exchange ex, CmisPlan plan, CmisExecutor executor, RuntimeException failure) throws Exception {
        String runId = Stages.runId(ex);
        Map<String, Object> report = base(ex, plan);
        report.put("status", "FAILED");
        report.put("failure", FeedLifecycle.describe(failure));
        report.put("doneBeforeFailure", executor == null ? Map.of("calls", 0) : executor.progress());
        details(report, plan);
        reports.save(FEED_ID, runId, plan.summary() + "; FAILED: " + report.get("failure"), report,
                FEED_ID + "\nFAILED: " + report.get("failure") + "\nPlanned: " + plan.summary() + "\nDone before the failure: "
                        + report.get("doneBeforeFailure") + "\n");
    }

    /** report: the plan per course, what Moodle refused, who waits for an enrolment (marshalled and stored by the route). */
    public void report(Exchange ex) throws Exception {
        CmisPlan plan = ex.getMessage().getBody(CmisPlan.class);
        ShrinkGuard.Verdict verdict = Stages.verdict(ex);
        String runId = Stages.runId(ex);
        CmisExecutor.Result result = ex.getProperty(RESULT, CmisExecutor.Result.class);
        String outcome = Stages.outcome(ex, verdict.blocked() ? "no call made: " + verdict.describe() : "dry run: no call made");
        Map<String, Object> report = base(ex, plan);
        if (result != null) {
            report.put("calls", result.perFunction());
            report.put("failures", result.failures());
        }
        details(report, plan);
        String message = plan.summary() + "; " + outcome;
        report.put("outcome", outcome);
        StringBuilder text = new StringBuilder(FEED_ID + "\n" + message + "\n\nPer course (items):\n");
        // the first courses only: a first night at a large university changes 50,000 (all are in the JSON)
        long changed = plan.courses().stream().filter(c -> c.items() > 0).count();
        plan.courses().stream().filter(c -> c.items() > 0).limit(CmisPlanner.REPORT_LINES).forEach(c -> text.append(String.format(
                "  %-30s groupings +%d, groups +%d, renames %d, members +%d/-%d, links %d, deletes %d%n", c.courseIdnumber(),
                c.groupings().size(), c.groups().size(), c.renames().size(), c.adds().size(), c.removes().size(),
                c.links().size(), c.deletes().size())));
        if (changed > CmisPlanner.REPORT_LINES) {
            text.append("  … and ").append(changed - CmisPlanner.REPORT_LINES).append(" more courses (all are in the JSON report)\n");
        }
        RunReports.section(text, "Not sent: members without an account or not enrolled", plan.notEnrolled());
        RunReports.section(text, "Name clashes", plan.clashes());
        RunReports.section(text, "Groups no longer managed", plan.unmanaged());
        RunReports.section(text, "Left alone", plan.leftAlone());
        RunReports.section(text, "Notes", plan.notes());
        if (result != null) {
            RunReports.section(text, "Refused by Moodle", result.failures());
        }
        reports.prepare(ex, FEED_ID, runId, message, report, text.toString());
        LOG.info("{}: {}", FEED_ID, message);
        long written = result == null ? 0 : result.ok();
        long refused = result == null ? 0 : result.failed();
        // members not enrolled yet (and group tutors, whom no feed enrols) wait: they are not wrong, so not "rejected"
        ex.getMessage().setHeader(FeedLifecycle.COUNTS, RunCounts.of(plan.items(), written, refused, message)
                .withWaiting(plan.notEnrolled().getTotal()));
        ex.getMessage().setHeader("mimMoodleCalls", result == null ? 0 : result.calls());
        ex.getMessage().setHeader("mimMoodleErrors", result == null ? 0 : result.errors());
    }

    /**
     * refusals (after the report is stored): FAILED when Moodle refused more than mim.cmis.max-refused-percent of the
     * items; many refusals mean something is wrong with the site or the plan, not with a few members.
     */
    public void refusals(Exchange ex) {
        CmisExecutor.Result result = ex.getProperty(RESULT, CmisExecutor.Result.class);
        long written = result == null ? 0 : result.ok();
        long refused = result == null ? 0 : result.failed();
        if (refused > 0 && refused * 100 > (long) cmis.getMaxRefusedPercent() * (written + refused)) {
            throw new IllegalStateException("Moodle refused " + refused + " of " + (written + refused) + " items, more than"
                    + " mim.cmis.max-refused-percent (" + cmis.getMaxRefusedPercent() + "%); see mim_moodle_failure");
        }
    }

    private Map<String, Object> base(Exchange ex, CmisPlan plan) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("feed", FEED_ID);
        report.put("runId", Stages.runId(ex));
        report.put("dryRun", Stages.dry(ex));
        report.put("guard", Stages.verdict(ex));
        report.put("summary", plan.summary());
        return report;
    }

    private static void details(Map<String, Object> report, CmisPlan plan) {
        report.put("courses", plan.courses().stream().filter(c -> c.items() > 0).toList());
        report.put("notEnrolled", plan.notEnrolled());
        report.put("nameClashes", plan.clashes());
        report.put("unmanagedGroups", plan.unmanaged());
        report.put("leftAlone", plan.leftAlone());
        report.put("notes", plan.notes());
    }
}
