package uk.ac.mim.staging;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Every run leaves its report, a FAILED one too: a run that failed before its feed saved one (while planning,
 * delivering, or at Moodle's environment guard) gets a report of what it had planned and why it failed. What
 * was delivered is nothing: a failed run leaves the previous file, view and copy as they were.
 */
@Component
public class FailureReports implements RunObserver {

    private static final Logger LOG = LoggerFactory.getLogger(FailureReports.class);

    private final RunReports reports;

    public FailureReports(RunReports reports) {
        this.reports = reports;
    }

    @Override
    public void finished(FeedRun run, Map<String, Object> headers) {
        if (run.status() != RunStatus.FAILED || reports.planJson(run.runId()) != null) {
            return;
        }
        Object planned = headers.get(FeedLifecycle.PLAN_SUMMARY);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("feed", run.feedId());
        report.put("runId", run.runId());
        report.put("status", RunStatus.FAILED.name());
        report.put("dryRun", run.dryRun());
        report.put("failure", run.message());
        report.put("planned", planned == null ? "nothing: the run failed before its plan was complete" : planned);
        report.put("doneBeforeFailure", "nothing delivered: the previous output is left as it was");
        report.put("rows", Map.of("read", run.rowsRead(), "written", run.rowsWritten(), "rejected", run.rowsRejected()));
        String text = run.feedId() + "\nFAILED: " + run.message() + "\nPlanned: " + report.get("planned")
                + "\nDone before the failure: " + report.get("doneBeforeFailure") + "\n";
        try {
            reports.save(run.feedId(), run.runId(), "FAILED: " + run.message(), report, text);
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: could not save the report of failed run {}: {}", run.feedId(), run.runId(), e.getMessage());
        }
    }
}
