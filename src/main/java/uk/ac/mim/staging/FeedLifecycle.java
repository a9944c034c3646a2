package uk.ac.mim.staging;

import java.util.List;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import uk.ac.mim.config.MimProperties;

/**
 * The start, finish and failure steps every feed route shares (bean {@code feedLifecycle}): each run is
 * journaled, a disabled feed is SKIPPED, and the same feed never runs twice at once in this process.
 * Headers in: {@code mimFeedId}, optional {@code mimDryRun}, {@code mimCycleId}, {@code mimTriggeredBy}.
 * Headers out: {@code mimRunId}, {@code mimStatus}.
 */
@Component("feedLifecycle")
public class FeedLifecycle {

    public static final String FEED_ID = "mimFeedId";
    public static final String RUN_ID = "mimRunId";
    public static final String DRY_RUN = "mimDryRun";
    public static final String CYCLE_ID = "mimCycleId";
    public static final String TRIGGERED_BY = "mimTriggeredBy";
    public static final String STATUS = "mimStatus";
    /** Set by a feed's work step: the {@link RunCounts} to journal. */
    public static final String COUNTS = "mimCounts";
    /** Set by a feed's work step when a guard stopped it. */
    public static final String BLOCKED = "mimBlocked";
    /** Set by a feed's work step when it computed but withheld its output (e.g. its upstream did not deliver). */
    public static final String SKIPPED = "mimSkipped";
    /** The token of the run's cluster-wide lock (RunLocks), released when the run ends however it ends. */
    public static final String RUN_LOCK = "mimRunLock";
    /** Set by a publisher's plan step: what it planned, for the report of a run that fails after planning. */
    public static final String PLAN_SUMMARY = "mimPlanSummary";

    private static final Logger LOG = LoggerFactory.getLogger(FeedLifecycle.class);

    private final Journal journal;
    private final MimProperties props;
    private final FeedSwitches switches;
    private final RunLocks locks;
    private final List<RunObserver> observers;

    private final StagingSchema schema;

    public FeedLifecycle(Journal journal, MimProperties props, FeedSwitches switches, RunLocks locks) {
        this(journal, props, switches, locks, List.of(), null);
    }

    @Autowired
    public FeedLifecycle(Journal journal, MimProperties props, FeedSwitches switches, RunLocks locks, List<RunObserver> observers,
                         StagingSchema schema) {
        this.locks = locks;
        this.journal = journal;
        this.props = props;
        this.switches = switches;
        this.observers = observers;
        this.schema = schema;
    }

    private void tell(Exchange ex, String runId) {
        if (observers.isEmpty() || runId == null) {
            return;
        }
        try {
            journal.run(runId).ifPresent(r -> observers.forEach(o -> o.finished(r, ex.getMessage().getHeaders())));
        } catch (RuntimeException e) {
            LOG.warn("run observers: {}", e.getMessage());
        }
    }

    public void start(Exchange ex) {
        if (schema != null) {
            schema.requireReady(); // no journal without a staging database: the failure is logged
        }
        String feedId = ex.getMessage().getHeader(FEED_ID, String.class);
        Boolean requested = ex.getMessage().getHeader(DRY_RUN, Boolean.class);
        boolean dry = props.isDryRun(feedId) || Boolean.TRUE.equals(requested);
        ex.getMessage().setHeader(DRY_RUN, dry);
        String cycle = ex.getMessage().getHeader(CYCLE_ID, String.class);
        String by = ex.getMessage().getHeader(TRIGGERED_BY, "operator", String.class);
        if (!props.feed(feedId).isEnabled()) {
            skip(ex, journal.skipped(feedId, dry, cycle, by, "feed disabled by mim.feeds." + feedId + ".enabled"));
            return;
        }
        if (!switches.enabled(feedId)) {
            skip(ex, journal.skipped(feedId, dry, cycle, by, "feed switched off for every node (mim_setting "
                    + FeedSwitches.key(feedId) + ")"));
            return;
        }
        RunLocks.Attempt lock = locks.acquire(feedId); // one run of a feed at a time, on every node
        if (!lock.acquired()) {
            skip(ex, journal.skipped(feedId, dry, cycle, by, lock.refusal() + "; this trigger was skipped"));
            return;
        }
        ex.getMessage().setHeader(RUN_LOCK, lock.token());
        String runId;
        try {
            runId = journal.start(feedId, dry, cycle, by);
            locks.attach(lock.token(), runId);
        } catch (RuntimeException e) {
            locks.release(lock.token());
            throw e;
        }
        ex.getMessage().setHeader(RUN_ID, runId);
        ex.getMessage().setHeader(STATUS, RunStatus.RUNNING);
    }

    private void skip(Exchange ex, String runId) {
        ex.getMessage().setHeader(RUN_ID, runId);
        ex.getMessage().setHeader(STATUS, RunStatus.SKIPPED);
        ex.setRouteStop(true);
        tell(ex, runId);
    }

    public void finish(Exchange ex) {
        String feedId = ex.getMessage().getHeader(FEED_ID, String.class);
        RunCounts counts = ex.getMessage().getHeader(COUNTS, RunCounts.class);
        if (counts == null) {
            counts = RunCounts.of(0, 0, 0, "finished");
        }
        String attempts = ex.getProperty(CopyRetries.ATTEMPTS, String.class);
        if (attempts != null) { // a copy that succeeded after a transient failure says so
            counts = new RunCounts(counts.read(), counts.written(), counts.rejected(), counts.message() + " (" + attempts
                    + "; the next attempt succeeded)", counts.checksum(), counts.size(), counts.waiting());
        }
        RunStatus status = Boolean.TRUE.equals(ex.getMessage().getHeader(BLOCKED, Boolean.class)) ? RunStatus.BLOCKED
                : Boolean.TRUE.equals(ex.getMessage().getHeader(SKIPPED, Boolean.class)) ? RunStatus.SKIPPED : RunStatus.OK;
        try {
            journal.finish(ex.getMessage().getHeader(RUN_ID, String.class), status, counts);
        } finally {
            locks.release(ex.getMessage().getHeader(RUN_LOCK, String.class));
        }
        ex.getMessage().setHeader(STATUS, status);
        tell(ex, ex.getMessage().getHeader(RUN_ID, String.class));
    }

    public void fail(Exchange ex) {
        String feedId = ex.getMessage().getHeader(FEED_ID, String.class);
        Throwable cause = ex.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String attempts = ex.getProperty(CopyRetries.ATTEMPTS, String.class);
        String message = describe(cause) + (attempts == null ? "" : " (the last of several attempts: " + attempts + ")");
        if (OutOfMemory.in(cause)) { // never reported as the database or protocol error it surfaced as
            int discarded = OutOfMemory.discarded(cause);
            message = OutOfMemory.describe(feedId, stage(ex)) + (discarded == 0 ? "" : "; " + discarded + " database connection"
                    + (discarded == 1 ? " that was in use was" : "s that were in use were") + " discarded, not returned to the pool")
                    + " (" + describe(cause) + ")";
        }
        LOG.error("{} FAILED: {}", feedId, message);
        String runId = ex.getMessage().getHeader(RUN_ID, String.class);
        try {
            if (runId != null) {
                RunCounts counts = ex.getMessage().getHeader(COUNTS, RunCounts.class);
                journal.finish(runId, RunStatus.FAILED, new RunCounts(counts == null ? 0 : counts.read(),
                        counts == null ? 0 : counts.written(), counts == null ? 0 : counts.rejected(), message, null, null));
            }
        } catch (RuntimeException journalDown) {
            LOG.error("{}: could not journal the failure: {}", feedId, journalDown.getMessage());
        } finally {
            // only the lock this run holds: a trigger that failed before it got one frees nobody else's
            locks.release(ex.getMessage().getHeader(RUN_LOCK, String.class));
        }
        ex.getMessage().setHeader(STATUS, RunStatus.FAILED);
        tell(ex, runId);
    }

    /** The step (its id, a stage in the route: ims-transform, sits-copy-student-copy) that was running when it failed. */
    static String stage(Exchange ex) {
        String inSubRoute = ex.getProperty(STAGE, String.class); // a called route's step (view-copy-rows) says itself
        return inSubRoute != null ? inSubRoute : ex.getExchangeExtension().getHistoryNodeId();
    }

    /** Exchange property: the step of a called route that is running, which the caller's history does not show. */
    public static final String STAGE = "mimStage";

    /**
     * A run that an Error ended (out of memory, a stack overflow), which Camel's error handling does not catch:
     * journaled FAILED like any failure, its lock released. A run that had not started yet is left alone.
     */
    public void failWith(Exchange ex, String feedId, Throwable fatal) {
        ex.setProperty(Exchange.EXCEPTION_CAUGHT, fatal);
        if (ex.getMessage().getHeader(FEED_ID) == null) {
            ex.getMessage().setHeader(FEED_ID, feedId);
        }
        fail(ex);
    }

    /** The exception chain's messages, without stack traces. */
    public static String describe(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null && b.length() < 2000; c = c.getCause() == c ? null : c.getCause()) {
            if (b.length() > 0) {
                b.append(" <- ");
            }
            b.append(c.getClass().getSimpleName()).append(": ").append(c.getMessage());
        }
        return b.length() == 0 ? "failed" : b.toString();
    }
}
