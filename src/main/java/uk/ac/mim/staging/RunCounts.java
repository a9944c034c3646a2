package uk.ac.mim.staging;

/**
 * What a run did, for the journal. {@code rejected}: rows or items that are wrong; {@code waiting}: items not sent
 * because they wait for something outside the run (a member not enrolled in the course yet).
 */
public record RunCounts(long read, long written, long rejected, String message, String checksum, Long size, long waiting) {

    public RunCounts(long read, long written, long rejected, String message, String checksum, Long size) {
        this(read, written, rejected, message, checksum, size, 0);
    }

    public RunCounts withWaiting(long waitingItems) {
        return new RunCounts(read, written, rejected, message, checksum, size, waitingItems);
    }

    public static RunCounts of(long read, long written, long rejected, String message) {
        return new RunCounts(read, written, rejected, message, null, null);
    }
}
