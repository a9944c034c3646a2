package uk.ac.mim.staging;

/** What a run did, for the journal. */
public record RunCounts(long read, long written, long rejected, String message, String checksum, Long size) {

    public static RunCounts of(long read, long written, long rejected, String message) {
        return new RunCounts(read, written, rejected, message, null, null);
    }
}
