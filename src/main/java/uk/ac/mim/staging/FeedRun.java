package uk.ac.mim.staging;

import java.time.Instant;

/** One row of the journal. */
public record FeedRun(String runId, String feedId, String cycleId, String triggeredBy, Instant startedAt,
                      Instant finishedAt, RunStatus status, boolean dryRun, long rowsRead, long rowsWritten,
                      long rowsRejected, String message, String outputChecksum, Long outputSize, long rowsWaiting) {

    public long durationMillis() {
        return finishedAt == null ? -1 : finishedAt.toEpochMilli() - startedAt.toEpochMilli();
    }
}
