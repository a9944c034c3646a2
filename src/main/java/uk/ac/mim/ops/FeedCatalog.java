package uk.ac.mim.ops;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.springframework.stereotype.Component;

import uk.ac.mim.config.MimProperties;
import uk.ac.mim.staging.FeedRun;
import uk.ac.mim.staging.Journal;
import uk.ac.mim.staging.RunStatus;

/**
 * Which feeds exist and in what order they run. A copy is a route in group {@code sits}, {@code cmis} or
 * {@code moodle} (the {@code schedule} of its template); a publisher is listed under its chain in
 * {@code mim.chains.<chain>.publishers}. Dependency order: SITS copies, CMIS copies, the Moodle snapshot,
 * then the publishers.
 */
@Component
public class FeedCatalog {

    public static final List<String> CHAINS = List.of("sits", "cmis");
    public static final String SNAPSHOT = "moodle";

    private final CamelContext camel;
    private final MimProperties props;
    private final Journal journal;

    public FeedCatalog(CamelContext camel, MimProperties props, Journal journal) {
        this.camel = camel;
        this.props = props;
        this.journal = journal;
    }

    public List<String> copies(String group) {
        List<String> ids = new ArrayList<>();
        for (Route r : camel.getRoutes()) {
            if (group.equals(scheduleOf(r))) {
                ids.add(r.getRouteId());
            }
        }
        return ids;
    }

    /**
     * The chain a copy belongs to: the {@code schedule} parameter of the view-copy template it was made
     * from; {@code publisher} for publishers; null for other routes (the night triggers).
     */
    String scheduleOf(Route r) {
        Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
        RouteDefinition def = model == null ? null : model.getRouteDefinition(r.getRouteId());
        Object schedule = def == null || def.getTemplateParameters() == null ? null
                : def.getTemplateParameters().get("schedule");
        if (schedule != null) {
            return schedule.toString();
        }
        return "publisher".equals(r.getGroup()) ? "publisher" : null;
    }

    public List<String> publishers(String chain) {
        MimProperties.Chain c = props.getChains().get(chain);
        if (c == null) {
            return List.of();
        }
        return c.getPublishers().stream().filter(id -> camel.getRoute(id) != null).toList();
    }

    /** The copies a publisher needs: its chain's copies and the Moodle snapshot; none for a copy. */
    public List<String> inputs(String feedId) {
        for (String chain : CHAINS) {
            if (publishers(chain).contains(feedId)) {
                List<String> in = new ArrayList<>(copies(chain));
                in.addAll(copies(SNAPSHOT));
                return in;
            }
        }
        return List.of();
    }

    /** For a publisher run outside a chain: the first input whose last run failed or is too old, if any. */
    public Optional<String> staleInput(String feedId) {
        return staleInput(feedId, List.of());
    }

    /** As {@link #staleInput(String)}, ignoring inputs that run in the same cycle before it. */
    public Optional<String> staleInput(String feedId, List<String> runningFirst) {
        java.time.Duration maxAge = props.feed(feedId).getMaxInputAge();
        java.time.Instant oldest = java.time.Instant.now().minus(maxAge);
        for (String input : inputs(feedId)) {
            if (runningFirst.contains(input)) {
                continue;
            }
            Optional<FeedRun> last = journal.latest(input);
            if (last.isEmpty()) {
                return Optional.of("input " + input + " has never run");
            }
            if (last.get().status() != RunStatus.OK) {
                return Optional.of("input " + input + " last ended " + last.get().status() + " at " + last.get().finishedAt());
            }
            if (last.get().finishedAt().isBefore(oldest)) {
                return Optional.of("input " + input + " is stale: last copied at " + last.get().finishedAt()
                        + ", older than mim.feeds." + feedId + ".max-input-age (" + maxAge + ")");
            }
        }
        return Optional.empty();
    }

    /** Every feed, in dependency order. */
    public List<String> all() {
        Set<String> ids = new LinkedHashSet<>();
        CHAINS.forEach(c -> ids.addAll(copies(c)));
        ids.addAll(copies(SNAPSHOT));
        for (Route r : camel.getRoutes()) { // copies of a site's own schedule: run only on demand
            String schedule = scheduleOf(r);
            if (schedule != null && !schedule.equals("publisher") && !CHAINS.contains(schedule) && !SNAPSHOT.equals(schedule)) {
                ids.add(r.getRouteId());
            }
        }
        CHAINS.forEach(c -> ids.addAll(publishers(c)));
        for (Route r : camel.getRoutes()) { // a site's publishers (exports) in no chain: run only on demand
            if ("publisher".equals(scheduleOf(r))) {
                ids.add(r.getRouteId());
            }
        }
        return new ArrayList<>(ids);
    }

    /** The named feeds (or "all"), put in dependency order; unknown ids are an error. */
    public List<String> resolve(String spec) {
        List<String> all = all();
        if (spec == null || spec.isBlank() || spec.strip().equalsIgnoreCase("all")) {
            return all;
        }
        Set<String> wanted = new LinkedHashSet<>();
        for (String id : spec.split(",")) {
            String t = id.strip();
            if (!t.isEmpty()) {
                if (!all.contains(t)) {
                    throw new IllegalArgumentException("Unknown feed '" + t + "'. Known feeds: " + String.join(", ", all));
                }
                wanted.add(t);
            }
        }
        return all.stream().filter(wanted::contains).toList();
    }
}
