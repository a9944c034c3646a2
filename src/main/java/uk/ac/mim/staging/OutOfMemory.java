package uk.ac.mim.staging;

import java.sql.SQLException;

/**
 * Running out of heap, however it surfaces: an OutOfMemoryError anywhere in the chain, or the PostgreSQL driver's
 * own report of it (SQL state 53200, "Ran out of memory retrieving query results"), which it raises in place of
 * the error and which otherwise reads like a database fault. Told as what it is, naming the feed and the stage.
 */
public final class OutOfMemory {

    /** PostgreSQL's out_of_memory; pgjdbc uses it for a result it could not hold. */
    static final String PG_OUT_OF_MEMORY = "53200";

    private OutOfMemory() {
    }

    public static boolean in(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof OutOfMemoryError) {
                return true;
            }
            if (c instanceof SQLException s && PG_OUT_OF_MEMORY.equals(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** "out of memory in <feed> while <stage>; raise -Xmx (this JVM's heap is at most N MiB)". */
    public static String describe(String feedId, String stage) {
        long max = Runtime.getRuntime().maxMemory() / (1024 * 1024);
        return "out of memory in " + feedId + (stage == null ? "" : " while " + stage) + "; raise -Xmx (this JVM's heap is at"
                + " most " + max + " MiB) or see docs/performance.md for what each stage holds";
    }

    /** Recorded on the failure when a connection in use was discarded (Connections), so the journal row can say so. */
    static final class Discarded extends RuntimeException {
        Discarded() {
            super("the connection in use was discarded, not returned to its pool", null, false, false);
        }
    }

    /** How many connections in use the failure discarded (anywhere in its chain). */
    public static int discarded(Throwable t) {
        int n = 0;
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            for (Throwable s : c.getSuppressed()) {
                if (s instanceof Discarded) {
                    n++;
                }
            }
        }
        return n;
    }
}
