package uk.ac.mim.sits.ims;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import uk.ac.mim.config.MimProperties;
import uk.ac.mim.staging.DropFolder;
import uk.ac.mim.staging.FeedLifecycle;
import uk.ac.mim.staging.Journal;
import uk.ac.mim.staging.RunCounts;
import uk.ac.mim.staging.RunReports;
import uk.ac.mim.staging.ShrinkGuard;

/**
 * The work steps of {@code sits-ims-enrolments} (bean {@code imsEnrolments}): {@code plan} computes the
 * delta and applies the shrink guard; {@code publish} writes the file (to the drop folder on a real run,
 * beside the report on a dry run, nowhere when blocked) and the report.
 */
@Component("imsEnrolments")
public class ImsEnrolmentsFeed {

    private static final Logger LOG = LoggerFactory.getLogger(ImsEnrolmentsFeed.class);

    record Planned(ImsPlan plan, ShrinkGuard.Verdict verdict) { }

    private final Journal journal;
    private final ImsPlanner planner;
    private final ShrinkGuard guard;
    private final RunReports reports;
    private final ImsProperties ims;
    private final MimProperties props;
    private final ImsWriter writer;

    public ImsEnrolmentsFeed(ImsPlanner planner, ShrinkGuard guard, RunReports reports, ImsProperties ims,
                             MimProperties props, Journal journal) {
        this.journal = journal;
        this.planner = planner;
        this.guard = guard;
        this.reports = reports;
        this.ims = ims;
        this.props = props;
        this.writer = new ImsWriter(ims);
    }

    public void plan(Exchange ex) {
        String runId = ex.getMessage().getHeader(FeedLifecycle.RUN_ID, String.class);
        boolean dry = ex.getMessage().getHeader(FeedLifecycle.DRY_RUN, false, Boolean.class);
        ImsPlan plan = planner.plan(runId);
        ShrinkGuard.Verdict verdict = guard.check(ImsPlanner.FEED_ID, plan.retentions(), plan.courseProblems(), dry);
        ex.getMessage().setBody(new Planned(plan, verdict));
        ex.getMessage().setHeader(FeedLifecycle.PLAN_SUMMARY, plan.summary());
        ex.getMessage().setHeader(FeedLifecycle.BLOCKED, verdict.blocked());
    }

    public void publish(Exchange ex) throws Exception {
        Planned p = ex.getMessage().getBody(Planned.class);
        String runId = ex.getMessage().getHeader(FeedLifecycle.RUN_ID, String.class);
        boolean dry = ex.getMessage().getHeader(FeedLifecycle.DRY_RUN, false, Boolean.class);
        ImsPlan plan = p.plan();
        List<String> cleaned = new ArrayList<>();
        long records = plan.adds() + plan.removes();
        String delivered;
        String sha = null;
        Long size = null;
        if (p.verdict().blocked()) {
            delivered = "no file written: " + p.verdict().describe();
        } else {
            Instant runTime = Instant.now();
            Path temp = dry ? Path.of(reports.base(ImsPlanner.FEED_ID, runId) + ".xml")
                    : DropFolder.temporary(ims.getDropDir(), ims.getFileName());
            try {
                writer.write(plan, runTime, temp, cleaned);
                if (dry) {
                    sha = DropFolder.sha256(temp);
                    size = Files.size(temp);
                    delivered = "dry run: file written to " + temp + ", not delivered";
                } else {
                    DropFolder.Delivered d = DropFolder.deliver(temp, ims.getDropDir(), ims.getFileName(),
                            props.getOutputDir().resolve("archive").resolve("ims"), ims.getArchiveKeep());
                    sha = d.sha256();
                    size = d.size();
                    delivered = "delivered " + d.file() + " (" + d.size() + " bytes, sha256 " + d.sha256() + ")";
                }
            } finally {
                if (!dry) {
                    Files.deleteIfExists(temp); // only left behind by a failure: the drop folder keeps the previous file
                }
            }
        }
        String message = plan.summary() + "; " + delivered
                + (p.verdict().describe().isEmpty() || p.verdict().blocked() ? "" : "; " + p.verdict().describe());
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("feed", ImsPlanner.FEED_ID);
        report.put("runId", runId);
        report.put("dryRun", dry);
        report.put("blocked", p.verdict().blocked());
        report.put("guard", p.verdict());
        report.put("retentions", plan.retentions());
        report.put("summary", plan.summary());
        report.put("delivery", delivered);
        report.put("reports", plan.reports());
        report.put("textCleaned", cleaned);
        report.put("courses", plan.courses().stream().filter(c -> !c.isEmpty()).toList());
        reports.save(ImsPlanner.FEED_ID, runId, message, report, text(plan, p.verdict(), delivered, cleaned));
        LOG.info("{}: {}", ImsPlanner.FEED_ID, message);
        // rejected: every row the run journaled as unusable (students and unaddressable courses), not the courses alone
        ex.getMessage().setHeader(FeedLifecycle.COUNTS, new RunCounts(records, p.verdict().blocked() || dry ? 0 : records,
                journal.rejectedCount(runId), message, sha, size));
    }

    private static String text(ImsPlan plan, ShrinkGuard.Verdict verdict, String delivered, List<String> cleaned) {
        StringBuilder b = new StringBuilder();
        b.append("sits-ims-enrolments\n").append(plan.summary()).append('\n').append(delivered).append('\n');
        plan.retentions().forEach(r -> b.append("guard: ").append(r).append('\n'));
        if (!verdict.describe().isEmpty()) {
            b.append(verdict.describe()).append('\n');
        }
        b.append("\nPer course (adds / removals / enrolled now):\n");
        for (ImsPlan.CourseChange c : plan.courses()) {
            if (!c.isEmpty()) {
                b.append(String.format("  %-40s +%-5d -%-5d %d%n", c.idnumber(), c.adds().size(), c.removes().size(), c.enrolledNow()));
            }
        }
        RunReports.section(b, "Held: a copy rejected the student's row, no removal", plan.reports().held());
        RunReports.section(b, "Suspended in Moodle (not reactivated by a file)", plan.reports().suspended());
        RunReports.section(b, "No Moodle account by idnumber or username (sent anyway)", plan.reports().unknownAccounts());
        RunReports.section(b, "Username belongs to an account with another idnumber", plan.reports().accountConflicts());
        RunReports.section(b, "Mapping idnumber differs from Moodle's", plan.reports().idnumberMismatches());
        RunReports.section(b, "Courses not addressable", plan.reports().unaddressableCourses());
        RunReports.section(b, "Frozen courses left alone", plan.reports().frozenCourses());
        RunReports.section(b, "Text cleaned or worth a look", cleaned);
        return b.toString();
    }
}
