package uk.ac.mim.ops;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import uk.ac.mim.staging.FeedLifecycle;
import uk.ac.mim.staging.FeedRun;
import uk.ac.mim.staging.Journal;
import uk.ac.mim.staging.RunCounts;
import uk.ac.mim.staging.RunStatus;

/**
 * Runs feeds through their routes and reports what the journal recorded. Used by the night's chains,
 * the one-shot mode and operator actions alike, so every way of running a feed is the same code path.
 */
@Component
public class FeedRunner {

    private static final Logger LOG = LoggerFactory.getLogger(FeedRunner.class);

    private final ProducerTemplate producer;
    private final FeedCatalog catalog;
    private final Journal journal;
    private final FeedLifecycle lifecycle;

    public FeedRunner(ProducerTemplate producer, FeedCatalog catalog, Journal journal, FeedLifecycle lifecycle) {
        this.lifecycle = lifecycle;
        this.producer = producer;
        this.catalog = catalog;
        this.journal = journal;
    }

    /** Runs one feed now and returns its journal row. */
    public FeedRun run(String feedId, Boolean dryRun, String cycleId, String triggeredBy) {
        if (cycleId == null) {
            Optional<String> stale = catalog.staleInput(feedId);
            if (stale.isPresent()) {
                String runId = journal.skipped(feedId, Boolean.TRUE.equals(dryRun), null, triggeredBy, stale.get());
                LOG.warn("{} SKIPPED: {}", feedId, stale.get());
                return journal.run(runId).orElseThrow();
            }
        }
        Map<String, Object> headers = new HashMap<>();
        headers.put(FeedLifecycle.CYCLE_ID, cycleId);
        headers.put(FeedLifecycle.TRIGGERED_BY, triggeredBy);
        if (dryRun != null) {
            headers.put(FeedLifecycle.DRY_RUN, dryRun);
        }
        var route = producer.getCamelContext().getRoute(feedId);
        if (route == null) {
            throw new IllegalArgumentException("No feed with id " + feedId);
        }
        var state = producer.getCamelContext().getRouteController().getRouteStatus(feedId);
        if (state == null || !state.isStarted()) {
            String runId = journal.skipped(feedId, Boolean.TRUE.equals(dryRun), cycleId, triggeredBy,
                    "route " + (state == null ? "not started" : state.name().toLowerCase()) + " on this node (JMX/Hawtio)");
            return journal.run(runId).orElseThrow();
        }
        // Every feed route starts from its own direct endpoint; send to whatever it is.
        org.apache.camel.Exchange out = route.getEndpoint().createExchange(org.apache.camel.ExchangePattern.InOut);
        out.getMessage().setHeaders(headers);
        try {
            producer.send(route.getEndpoint(), out);
        } catch (OutOfMemoryError | StackOverflowError fatal) {
            // Camel's error handling takes exceptions, not errors: without this the run would stay RUNNING, its lock held
            lifecycle.failWith(out, feedId, fatal);
        }
        String runId = out.getMessage().getHeader(FeedLifecycle.RUN_ID, String.class);
        if (runId == null) {
            Throwable why = out.getException() != null ? out.getException()
                    : out.getProperty(org.apache.camel.Exchange.EXCEPTION_CAUGHT, Throwable.class);
            throw new IllegalStateException(feedId + " did not start: " + (why == null ? "no run id" : why.getMessage()), why);
        }
        return journal.run(runId).orElseThrow();
    }

    /** Runs the night's chain: its copies, then the Moodle snapshot, then its publishers if their inputs are OK. */
    public List<FeedRun> runChain(String chain, String triggeredBy) {
        return runChain(chain, triggeredBy, null);
    }

    /**
     * As {@link #runChain(String, String)}, for a scheduled firing: the cycle id names the chain and the
     * firing's scheduled time, so one firing is one cycle whichever node runs it. The chain is the route
     * {@code <chain>-chain} (routes/night-schedule.yaml), whose steps are the methods below.
     */
    public List<FeedRun> runChain(String chain, String triggeredBy, java.util.Date scheduledFireTime) {
        Map<String, Object> headers = new HashMap<>();
        headers.put(FeedLifecycle.TRIGGERED_BY, triggeredBy);
        if (scheduledFireTime != null) {
            headers.put("scheduledFireTime", scheduledFireTime);
        }
        org.apache.camel.Exchange done = producer.send("direct:night-" + chain, ex -> ex.getMessage().setHeaders(headers));
        if (done.getException() != null) {
            throw new IllegalStateException("Night chain " + chain + " did not run: " + done.getException().getMessage(),
                    done.getException());
        }
        return runsOf(done);
    }

    private static final String CHAIN = "mimChain";
    private static final String CHAIN_RUN = "mimChainRun";
    private static final String CHAIN_RUNS = "mimChainRuns";

    /** chain-start: the cycle (named by the firing's scheduled time, if any) and the chain's own journal row. */
    public void chainStart(org.apache.camel.Exchange ex, @org.apache.camel.Header(CHAIN) String chain) {
        java.util.Date fired = ex.getMessage().getHeader("scheduledFireTime", java.util.Date.class);
        String cycle = fired == null ? UUID.randomUUID().toString()
                : chain + "-" + fired.toInstant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        LOG.info("Night chain {} starting (cycle {})", chain, cycle);
        ex.getMessage().setHeader(FeedLifecycle.CYCLE_ID, cycle);
        ex.setProperty(CHAIN_RUN, startChain(chain, cycle, triggeredBy(ex)));
        ex.setProperty(CHAIN_RUNS, new java.util.concurrent.CopyOnWriteArrayList<FeedRun>());
    }

    /** The chain's copies, then the Moodle snapshot's: the chain-copies split. */
    public List<String> chainCopies(@org.apache.camel.Header(CHAIN) String chain) {
        List<String> ids = new ArrayList<>(catalog.copies(chain));
        ids.addAll(catalog.copies(FeedCatalog.SNAPSHOT));
        return ids;
    }

    /** The chain's publishers: the chain-publishers split. */
    public List<String> chainPublishers(@org.apache.camel.Header(CHAIN) String chain) {
        return catalog.publishers(chain);
    }

    /** One feed of the chain (the body: its id); a publisher is journaled SKIPPED if an input did not finish OK. */
    public void chainRun(org.apache.camel.Exchange ex) {
        String id = ex.getMessage().getBody(String.class);
        String cycle = ex.getMessage().getHeader(FeedLifecycle.CYCLE_ID, String.class);
        List<FeedRun> runs = runsOf(ex);
        List<String> publishers = catalog.publishers(chainOf(ex));
        // a publisher's inputs are the cycle's copies (not the publishers before it)
        List<String> failed = !publishers.contains(id) ? List.of() : runs.stream()
                .filter(r -> !publishers.contains(r.feedId()) && r.status() != RunStatus.OK).map(FeedRun::feedId).toList();
        if (failed.isEmpty()) {
            runs.add(runInChain(id, cycle, triggeredBy(ex)));
        } else {
            String runId = journal.skipped(id, false, cycle, triggeredBy(ex),
                    "inputs did not finish OK in this cycle: " + String.join(", ", failed));
            runs.add(journal.run(runId).orElseThrow());
        }
    }

    /** chain-finish: the chain's own journal row, from what its feeds did. */
    public void chainFinish(org.apache.camel.Exchange ex) {
        List<FeedRun> runs = runsOf(ex);
        LOG.info("Night chain {} finished: {}", chainOf(ex), Summary.counts(runs));
        finishChain(ex.getProperty(CHAIN_RUN, String.class), runs);
    }

    @SuppressWarnings("unchecked")
    private static List<FeedRun> runsOf(org.apache.camel.Exchange ex) {
        return ex.getProperty(CHAIN_RUNS, List.class);
    }

    private static String chainOf(org.apache.camel.Exchange ex) {
        return ex.getMessage().getHeader(CHAIN, String.class);
    }

    private static String triggeredBy(org.apache.camel.Exchange ex) {
        return ex.getMessage().getHeader(FeedLifecycle.TRIGGERED_BY, String.class);
    }

    /** The journal id of a chain's own run: its trigger's route id, e.g. {@code sits-night}. */
    public static String chainFeedId(String chain) {
        return chain + "-night";
    }

    /**
     * One feed of a chain, whatever it does: a feed whose route returns without a run (its journal write failed,
     * it threw before starting) is journaled FAILED with the reason and the chain goes on with the next.
     */
    private FeedRun runInChain(String feedId, String cycle, String triggeredBy) {
        try {
            return run(feedId, null, cycle, triggeredBy);
        } catch (RuntimeException e) {
            String why = "did not run: " + e.getMessage();
            LOG.error("{} FAILED in chain cycle {}: {}", feedId, cycle, why);
            try {
                return journal.run(journal.failed(feedId, false, cycle, triggeredBy, why)).orElseThrow();
            } catch (RuntimeException journalDown) {
                // not even the journal: the chain's result still counts it as failed
                return new FeedRun(null, feedId, cycle, triggeredBy, java.time.Instant.now(), java.time.Instant.now(),
                        RunStatus.FAILED, false, 0, 0, 0, why + " (not journaled: " + journalDown.getMessage() + ")", null, null, 0);
            }
        }
    }

    private String startChain(String chain, String cycle, String triggeredBy) {
        try {
            return journal.start(chainFeedId(chain), false, cycle, triggeredBy);
        } catch (RuntimeException e) {
            LOG.error("Night chain {}: could not journal its start: {}", chain, e.getMessage());
            return null;
        }
    }

    /** The chain's own row: OK only if every feed ended OK; otherwise the worst status, with the counts. */
    private void finishChain(String chainRun, List<FeedRun> runs) {
        if (chainRun == null) {
            return;
        }
        RunStatus status = runs.stream().anyMatch(r -> r.status() == RunStatus.FAILED) ? RunStatus.FAILED
                : runs.stream().anyMatch(r -> r.status() == RunStatus.BLOCKED) ? RunStatus.BLOCKED
                : runs.stream().anyMatch(r -> r.status() == RunStatus.SKIPPED) ? RunStatus.SKIPPED : RunStatus.OK;
        List<String> notOk = runs.stream().filter(r -> r.status() != RunStatus.OK).map(r -> r.feedId() + " " + r.status()).toList();
        String message = Summary.counts(runs) + (notOk.isEmpty() ? "" : "; " + String.join(", ", notOk));
        try {
            journal.finish(chainRun, status, RunCounts.of(runs.size(), runs.stream().filter(r -> r.status() == RunStatus.OK).count(),
                    0, message));
        } catch (RuntimeException e) {
            LOG.error("Night chain: could not journal its end ({}): {}", message, e.getMessage());
        }
    }

    /**
     * Runs the named feeds (or "all") once, in dependency order, in one cycle: a publisher whose inputs
     * are among them waits for them and runs only if they finished OK; inputs not named must be fresh.
     */
    public List<FeedRun> runOnce(String spec, Boolean dryRun, String triggeredBy) {
        String cycle = UUID.randomUUID().toString();
        List<String> ids = catalog.resolve(spec);
        List<FeedRun> runs = new ArrayList<>();
        for (String id : ids) {
            List<String> inputs = catalog.inputs(id);
            List<String> failed = runs.stream().filter(r -> inputs.contains(r.feedId()) && r.status() != RunStatus.OK)
                    .map(FeedRun::feedId).toList();
            Optional<String> stale = catalog.staleInput(id, ids);
            if (!failed.isEmpty() || stale.isPresent()) {
                String why = !failed.isEmpty() ? "inputs did not finish OK in this cycle: " + String.join(", ", failed) : stale.get();
                runs.add(journal.run(journal.skipped(id, Boolean.TRUE.equals(dryRun), cycle, triggeredBy, why)).orElseThrow());
                continue;
            }
            runs.add(run(id, dryRun, cycle, triggeredBy));
        }
        return runs;
    }
}
