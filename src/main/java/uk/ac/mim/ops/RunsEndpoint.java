package uk.ac.mim.ops;

import java.util.List;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

import uk.ac.mim.staging.FeedRun;
import uk.ac.mim.staging.Journal;

/** Read-only {@code /actuator/runs}: the journal's recent runs with counts and messages; {@code /actuator/runs/{runId}}: one. */
@Component
@Endpoint(id = "runs")
public class RunsEndpoint {

    private final Journal journal;

    public RunsEndpoint(Journal journal) {
        this.journal = journal;
    }

    @ReadOperation
    public List<FeedRun> recent(@Nullable Integer limit) {
        return journal.recent(limit == null ? 100 : Math.min(1000, Math.max(1, limit)));
    }

    @ReadOperation
    public FeedRun run(@Selector String runId) {
        return journal.run(runId).orElse(null);
    }
}
