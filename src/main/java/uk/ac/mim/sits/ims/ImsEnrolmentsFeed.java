package uk.ac.mim.sits.ims;

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
import uk.ac.mim.staging.RunFiles;
import uk.ac.mim.staging.RunReports;
import uk.ac.mim.staging.ShrinkGuard;
import uk.ac.mim.staging.Stages;

/**
 * The stages of {@code sits-ims-enrolments} (bean {@code imsEnrolments}), each a step of its route
 * (routes/sits-ims-enrolments.yaml): plan, guard, transform, deliver, report. A blocked plan skips transform and
 * deliver: no file is written.
 */
@Component("imsEnrolments")
public class ImsEnrolmentsFeed {

    private static final Logger LOG = LoggerFactory.getLogger(ImsEnrolmentsFeed.class);

    /** Exchange property: the text the writer cleaned or found worth a look. */
    static final String CLEANED = "mimImsCleaned";

    private final Journal journal;
    private final ImsPlanner planner;
    private final ShrinkGuard guard;
    private final RunReports reports;
    private final ImsProperties ims;
    private final MimProperties props;
    private final ImsWriter writer;

    public ImsEnrolmentsFeed(ImsPlanner planner, ShrinkGuard guard, RunReports reports, ImsProperties ims,
                             MimProperties props, Journal journal, ImsWriter imsWriter) {
        this.journal = journal;
        this.planner = planner;
        this.guard = guard;
        this.reports = reports;
        this.ims = ims;
        this.props = props;
        this.writer = imsWriter;
    }

    /** plan: the delta between what SITS wants and what Moodle has (read from staging). */
    public void plan(Exchange ex) {
        ImsPlan plan = planner.plan(Stages.runId(ex));
        ex.getMessage().setBody(plan);
        ex.getMessage().setHeader(FeedLifecycle.PLAN_SUMMARY, plan.summary());
    }

    /** guard: the shrink guard over each course's enrolments; a BLOCKED plan writes no file. */
    public void guard(Exchange ex) {
        ImsPlan plan = ex.getMessage().getBody(ImsPlan.class);
        Stages.verdict(ex, guard.check(ImsPlanner.FEED_ID, plan.retentions(), plan.courseProblems(), Stages.dry(ex)));
    }

    /**
     * transform: the IMS Enterprise file, chunk by chunk through the stylesheet, into a temporary file beside the
     * drop folder's (a dry run's beside its report). The text it cleaned is kept for the report.
     */
    public void transform(Exchange ex) throws Exception {
        ImsPlan plan = ex.getMessage().getBody(ImsPlan.class);
        boolean dry = Stages.dry(ex);
        Path temp = dry ? Path.of(reports.base(ImsPlanner.FEED_ID, Stages.runId(ex)) + ".xml")
                : DropFolder.temporary(ims.getDropDir(), ims.getFileName());
        if (!dry) {
            RunFiles.deleteWhenDone(ex, temp); // left behind only by a failure: the drop folder keeps the previous file
        }
        List<String> cleaned = new ArrayList<>();
        ex.setProperty(CLEANED, cleaned);
        writer.write(plan, Instant.now(), temp, cleaned);
        ex.setProperty(Stages.FILE, temp);
    }

    /** deliver: the file renamed into the drop folder atomically and archived; a dry run's stays beside its report. */
    public void deliver(Exchange ex) throws Exception {
        Path temp = ex.getProperty(Stages.FILE, Path.class);
        if (Stages.dry(ex)) {
            Stages.keptAside(ex, temp, "dry run: file written to " + temp + ", not delivered");
            return;
        }
        DropFolder.Delivered d = DropFolder.deliver(temp, ims.getDropDir(), ims.getFileName(),
                props.getOutputDir().resolve("archive").resolve("ims"), ims.getArchiveKeep());
        Stages.delivered(ex, d, "");
    }

    /** report: the plan, the guard's figures and what was delivered, for the console and the journal row. */
    @SuppressWarnings("unchecked")
    public void report(Exchange ex) throws Exception {
        ImsPlan plan = ex.getMessage().getBody(ImsPlan.class);
        ShrinkGuard.Verdict verdict = Stages.verdict(ex);
        String runId = Stages.runId(ex);
        boolean dry = Stages.dry(ex);
        List<String> cleaned = ex.getProperty(CLEANED, List.of(), List.class);
        long records = plan.adds() + plan.removes();
        String delivered = Stages.outcome(ex, "no file written: " + verdict.describe());
        String message = plan.summary() + "; " + delivered
                + (verdict.describe().isEmpty() || verdict.blocked() ? "" : "; " + verdict.describe());
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("feed", ImsPlanner.FEED_ID);
        report.put("runId", runId);
        report.put("dryRun", dry);
        report.put("blocked", verdict.blocked());
        report.put("guard", verdict);
        report.put("retentions", plan.retentions());
        report.put("summary", plan.summary());
        report.put("delivery", delivered);
        report.put("reports", plan.reports());
        report.put("textCleaned", cleaned);
        report.put("courses", plan.courses().stream().filter(c -> !c.isEmpty()).toList());
        reports.prepare(ex, ImsPlanner.FEED_ID, runId, message, report, text(plan, verdict, delivered, cleaned));
        LOG.info("{}: {}", ImsPlanner.FEED_ID, message);
        // rejected: every row the run journaled as unusable (students and unaddressable courses), not the courses alone
        ex.getMessage().setHeader(FeedLifecycle.COUNTS, new RunCounts(records, verdict.blocked() || dry ? 0 : records,
                journal.rejectedCount(runId), message, ex.getProperty(Stages.CHECKSUM, String.class),
                ex.getProperty(Stages.SIZE, Long.class)));
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
