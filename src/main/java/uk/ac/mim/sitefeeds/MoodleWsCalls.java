package uk.ac.mim.sitefeeds;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import uk.ac.mim.moodle.Batches;
import uk.ac.mim.moodle.MoodleClient;
import uk.ac.mim.moodle.MoodleException;
import uk.ac.mim.moodle.MoodleProperties;
import uk.ac.mim.moodle.SiteGuard;
import uk.ac.mim.staging.FeedLifecycle;
import uk.ac.mim.staging.Journal;
import uk.ac.mim.staging.RunCounts;
import uk.ac.mim.staging.RunReports;
import uk.ac.mim.staging.Stages;

/**
 * The stages of a site's web-service feeds (routes/moodle-ws-call-template.yaml) that are not Camel's own: the
 * rows of the query mapped to the items of a named function, the environment guard, the batches (each call
 * through the moodle-ws route; a refused item isolated by halving its batch and journaled as rejected with
 * Moodle's reason), the report. Knows no feed: the route's headers name the function and the mapping.
 */
@Component("moodleWsCalls")
public class MoodleWsCalls {

    public static final String FUNCTION = "mimWsFunction";
    public static final String MAPPING = "mimWsMapping";
    public static final String BATCH_SIZE = "mimWsBatchSize";
    public static final String MAX_REFUSED = "mimWsMaxRefusedPercent";
    /** Planned calls a dry run's report lists (all are counted). */
    static final int PLAN_SHOWN = 20;
    private static final String RESULT = "mimWsResult";
    private static final Logger LOG = LoggerFactory.getLogger(MoodleWsCalls.class);

    record Plan(String function, List<Map<String, String>> items, int batchSize) {
        int calls() {
            return (items.size() + batchSize - 1) / batchSize;
        }
    }

    record Result(long ok, List<String> refused, int calls, String site) { }

    private final MoodleProperties moodle;
    private final ProducerTemplate template;
    private final Journal journal;
    private final RunReports reports;

    public MoodleWsCalls(MoodleProperties moodle, ProducerTemplate template, Journal journal, RunReports reports) {
        this.moodle = moodle;
        this.template = template;
        this.journal = journal;
        this.reports = reports;
    }

    /** plan: every row of the query (a list of column → value maps) mapped to one item of the function. */
    public void plan(Exchange ex) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = ex.getMessage().getBody(List.class);
        CallMapping mapping = new CallMapping(ex.getMessage().getHeader(MAPPING, String.class));
        List<Map<String, String>> items = new ArrayList<>(rows.size());
        rows.forEach(r -> items.add(mapping.item(r)));
        Plan plan = new Plan(ex.getMessage().getHeader(FUNCTION, String.class), items,
                Math.max(1, ex.getMessage().getHeader(BATCH_SIZE, 50, Integer.class)));
        ex.getMessage().setBody(plan);
        ex.getMessage().setHeader(FeedLifecycle.PLAN_SUMMARY, items.size() + " items of " + plan.function() + " in "
                + plan.calls() + " calls");
    }

    /**
     * deliver: the environment guard (the token's site is mim.moodle.expected-site-url and offers the function),
     * then the batches through moodle-ws; a refused item is journaled with Moodle's reason and the rest go on.
     */
    public void deliver(Exchange ex) {
        Plan plan = ex.getMessage().getBody(Plan.class);
        if (plan.items().isEmpty()) {
            ex.setProperty(Stages.OUTCOME, "nothing to send: no call made");
            return;
        }
        String runId = Stages.runId(ex);
        String feedId = ex.getMessage().getHeader(FeedLifecycle.FEED_ID, String.class);
        MoodleClient client = new MoodleClient(moodle, template);
        SiteGuard.Site site = SiteGuard.check(client, moodle.getExpectedSiteUrl(), Set.of(plan.function()));
        long[] ok = {0};
        List<String> refused = new ArrayList<>();
        Batches.send(client, plan.function(), plan.items(), plan.batchSize(), CallMapping::put, new Batches.Outcome<>() {
            @Override
            public void succeeded(List<Map<String, String>> items, JsonNode answer) {
                ok[0] += items.size();
            }

            @Override
            public void failed(Map<String, String> item, MoodleException error) {
                String ref = String.join(", ", item.values());
                String reason = "Moodle refused " + error.getMessage(); // the message names the function and errorcode
                refused.add(ref + ": " + reason);
                journal.reject(runId, feedId, ref, reason, item.toString());
            }
        });
        ex.setProperty(RESULT, new Result(ok[0], refused, client.calls(), site.url()));
        ex.setProperty(Stages.OUTCOME, String.format("%d items done, %d refused in %d calls to %s (Moodle %s)",
                ok[0], refused.size(), client.calls(), site.url(), site.release()));
    }

    /** report: the plan (a dry run's: the calls it would make), what Moodle refused; FAILED above the refusal limit. */
    public void report(Exchange ex) throws Exception {
        Plan plan = ex.getMessage().getBody(Plan.class);
        String feedId = ex.getMessage().getHeader(FeedLifecycle.FEED_ID, String.class);
        String runId = Stages.runId(ex);
        Result result = ex.getProperty(RESULT, Result.class);
        String outcome = Stages.outcome(ex, "dry run: " + plan.calls() + " calls of " + plan.function() + " planned, none made");
        String message = plan.items().size() + " items of " + plan.function() + "; " + outcome;
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("feed", feedId);
        report.put("runId", runId);
        report.put("dryRun", Stages.dry(ex));
        report.put("function", plan.function());
        report.put("items", plan.items().size());
        report.put("batchSize", plan.batchSize());
        report.put("outcome", outcome);
        List<Map<String, String>> calls = new ArrayList<>();
        for (int c = 0; c < Math.min(PLAN_SHOWN, plan.calls()); c++) {
            Map<String, String> call = new LinkedHashMap<>();
            List<Map<String, String>> batch = plan.items().subList(c * plan.batchSize(), Math.min(plan.items().size(), (c + 1) * plan.batchSize()));
            for (int i = 0; i < batch.size(); i++) {
                CallMapping.put(call, i, batch.get(i));
            }
            calls.add(call);
        }
        report.put("calls", calls); // the first PLAN_SHOWN calls' parameters, as they are (or would be) sent
        if (result != null) {
            report.put("refused", result.refused());
        }
        StringBuilder text = new StringBuilder(feedId + "\n" + message + "\n");
        if (result != null && !result.refused().isEmpty()) {
            text.append("\nRefused by Moodle (").append(result.refused().size()).append("):\n");
            result.refused().forEach(r -> text.append("  ").append(r).append('\n'));
        }
        reports.prepare(ex, feedId, runId, message, report, text.toString());
        LOG.info("{}: {}", feedId, message);
        long ok = result == null ? 0 : result.ok();
        long refused = result == null ? 0 : result.refused().size();
        ex.getMessage().setHeader(FeedLifecycle.COUNTS, RunCounts.of(plan.items().size(), ok, refused, message));
    }

    /** refusals (after the report is stored): FAILED when Moodle refused more than the feed's maxRefusedPercent. */
    public void refusals(Exchange ex) {
        Result result = ex.getProperty(RESULT, Result.class);
        long ok = result == null ? 0 : result.ok();
        long refused = result == null ? 0 : result.refused().size();
        int max = ex.getMessage().getHeader(MAX_REFUSED, 10, Integer.class);
        if (refused > 0 && refused * 100 > (long) max * (ok + refused)) {
            throw new IllegalStateException("Moodle refused " + refused + " of " + (ok + refused) + " items, more than the"
                    + " feed's maxRefusedPercent (" + max + "%); see the rejected rows");
        }
    }
}
