package uk.ac.mim.staging;

import java.util.Map;

/** Told of every finished run (metrics, alerts). Must not throw. */
@FunctionalInterface
public interface RunObserver {

    void finished(FeedRun run, Map<String, Object> headers);
}
