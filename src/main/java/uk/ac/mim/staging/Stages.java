package uk.ac.mim.staging;

import org.apache.camel.Exchange;

/**
 * What a publisher's stages (plan, guard, transform, deliver, report: steps of its route in routes/) hand on to
 * the next, as exchange properties. The body carries the stage's main result (the plan); these carry the rest.
 */
public final class Stages {

    /** The guard's {@link ShrinkGuard.Verdict}. */
    public static final String VERDICT = "mimVerdict";
    /** What happened to the output, in words: "delivered …", "dry run: …", "not delivered: …". */
    public static final String OUTCOME = "mimOutcome";
    /** The written file (a {@link java.nio.file.Path}) between transform and deliver. */
    public static final String FILE = "mimFile";
    /** The delivered file's sha256 and size. */
    public static final String CHECKSUM = "mimChecksum";
    public static final String SIZE = "mimSize";

    private Stages() {
    }

    public static ShrinkGuard.Verdict verdict(Exchange ex) {
        return ex.getProperty(VERDICT, ShrinkGuard.Verdict.class);
    }

    /** Records the guard's verdict; the route's choice reads the BLOCKED header. */
    public static void verdict(Exchange ex, ShrinkGuard.Verdict verdict) {
        ex.setProperty(VERDICT, verdict);
        ex.getMessage().setHeader(FeedLifecycle.BLOCKED, verdict.blocked());
    }

    public static String runId(Exchange ex) {
        return ex.getMessage().getHeader(FeedLifecycle.RUN_ID, String.class);
    }

    public static boolean dry(Exchange ex) {
        return ex.getMessage().getHeader(FeedLifecycle.DRY_RUN, false, Boolean.class);
    }

    /** deliver: the file went into the drop folder; its checksum, size and the outcome for the report. */
    public static void delivered(Exchange ex, DropFolder.Delivered d, String note) {
        ex.setProperty(CHECKSUM, d.sha256());
        ex.setProperty(SIZE, d.size());
        ex.setProperty(OUTCOME, "delivered " + d.file() + " (" + d.size() + " bytes, sha256 " + d.sha256() + ")" + note);
    }

    /** deliver: the file was kept aside (a dry run, a withheld file); its checksum and size, and why, for the report. */
    public static void keptAside(Exchange ex, java.nio.file.Path file, String outcome) throws java.io.IOException {
        ex.setProperty(CHECKSUM, DropFolder.sha256(file));
        ex.setProperty(SIZE, java.nio.file.Files.size(file));
        ex.setProperty(OUTCOME, outcome);
    }

    /** The outcome so far, or {@code fallback} when no stage set one (e.g. blocked before delivery). */
    public static String outcome(Exchange ex, String fallback) {
        String o = ex.getProperty(OUTCOME, String.class);
        return o == null ? fallback : o;
    }
}
