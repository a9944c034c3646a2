package uk.ac.mim.ops;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.springframework.stereotype.Component;

import uk.ac.mim.config.MimProperties;

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

    public FeedCatalog(CamelContext camel, MimProperties props) {
        this.camel = camel;
        this.props = props;
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
     * The chain a route belongs to: its group, or for a templated route the template's {@code schedule}
     * parameter (Camel does not resolve template placeholders in a route's group).
     */
    String scheduleOf(Route r) {
        String g = r.getGroup();
        if (g != null && !g.contains("{{")) {
            return g;
        }
        Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
        RouteDefinition def = model == null ? null : model.getRouteDefinition(r.getRouteId());
        Object schedule = def == null || def.getTemplateParameters() == null ? null
                : def.getTemplateParameters().get("schedule");
        return schedule == null ? null : schedule.toString();
    }

    public List<String> publishers(String chain) {
        MimProperties.Chain c = props.getChains().get(chain);
        if (c == null) {
            return List.of();
        }
        return c.getPublishers().stream().filter(id -> camel.getRoute(id) != null).toList();
    }

    /** Every feed, in dependency order. */
    public List<String> all() {
        Set<String> ids = new LinkedHashSet<>();
        CHAINS.forEach(c -> ids.addAll(copies(c)));
        ids.addAll(copies(SNAPSHOT));
        CHAINS.forEach(c -> ids.addAll(publishers(c)));
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
