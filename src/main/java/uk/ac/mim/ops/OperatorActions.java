package uk.ac.mim.ops;

import org.springframework.jmx.export.annotation.ManagedOperation;
import org.springframework.jmx.export.annotation.ManagedOperationParameter;
import org.springframework.jmx.export.annotation.ManagedResource;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

import uk.ac.mim.staging.FeedRun;
import uk.ac.mim.staging.FeedSwitches;
import uk.ac.mim.staging.Overrides;
import uk.ac.mim.staging.Settings;

/**
 * Operator actions over JMX (MBean {@code uk.ac.mim:type=Operations}), so Hawtio's JMX tab can run them:
 * run or dry-run a feed now, and set a feed's one-shot override. The authenticated user (through Hawtio
 * and Jolokia) is recorded; a local JMX client is recorded as "jmx". Over Jolokia only an operator may call
 * these (JolokiaRestrictor); every feed id and reason is checked first (OperatorInput).
 */
@Component
@ManagedResource(objectName = "uk.ac.mim:type=Operations", description = "Moodle Integration Manager operator actions")
public class OperatorActions {

    private final FeedRunner runner;
    private final Overrides overrides;
    private final FeedSwitches switches;
    private final OperatorInput input;
    private final Settings settings;

    public OperatorActions(FeedRunner runner, Overrides overrides, FeedSwitches switches, OperatorInput input, Settings settings) {
        this.settings = settings;
        this.runner = runner;
        this.overrides = overrides;
        this.switches = switches;
        this.input = input;
    }

    @ManagedOperation(description = "Run a feed now (real run); returns its journal status and message")
    @ManagedOperationParameter(name = "feedId", description = "Feed id, e.g. sits-ims-enrolments")
    public String runFeed(String feedId) {
        return describe(runner.run(input.feed(feedId), null, null, user()));
    }

    @ManagedOperation(description = "Dry-run a feed now: computes and reports, delivers nothing")
    @ManagedOperationParameter(name = "feedId", description = "Feed id, e.g. sits-ims-enrolments")
    public String dryRunFeed(String feedId) {
        return describe(runner.run(input.feed(feedId), true, null, user()));
    }

    @ManagedOperation(description = "Let the feed's next real run pass its shrink guard once (consumed whatever its outcome)")
    @ManagedOperationParameter(name = "feedId", description = "Feed id, e.g. sits-ims-enrolments")
    @ManagedOperationParameter(name = "reason", description = "Why (recorded with your user name)")
    public String setOverride(String feedId, String reason) {
        String who = user();
        String feed = input.guardedFeed(feedId);
        overrides.set(feed, who, input.reason(reason));
        return "override set for " + feed + " by " + who;
    }

    @ManagedOperation(description = "Switch a feed on or off on every node (mim_setting, read at each trigger)")
    @ManagedOperationParameter(name = "feedId", description = "Feed id")
    @ManagedOperationParameter(name = "enabled", description = "true to run, false to skip at every trigger")
    public String setFeedEnabled(String feedId, boolean enabled) {
        String who = user();
        String feed = input.feed(feedId);
        switches.set(feed, enabled, who);
        return feed + (enabled ? " switched on" : " switched off") + " for every node by " + who;
    }

    @ManagedOperation(description = "Set a setting kept as data (threshold-percent[.<feed>], course-threshold-percent,"
            + " course-threshold-min-students, feed.<feed>.enabled); a value that would fail a feed is refused")
    @ManagedOperationParameter(name = "key", description = "e.g. threshold-percent or threshold-percent.sits-personal-tutors")
    @ManagedOperationParameter(name = "value", description = "e.g. 75")
    public String setSetting(String key, String value) {
        String who = user();
        settings.set(key, value, who);
        return key + " = " + value.strip() + " set by " + who;
    }

    static String user() {
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        return a != null && a.isAuthenticated() && a.getName() != null ? a.getName() : "jmx";
    }

    private static String describe(FeedRun r) {
        return r.feedId() + " " + r.status() + (r.dryRun() ? " (dry run)" : "") + ": " + r.message();
    }
}
