package uk.ac.mim.staging;

/** One status for journal, health, CLI and console (docs/contract.md §6). Dry run is a separate flag. */
public enum RunStatus {
    RUNNING, OK, FAILED,
    /** A guard stopped the run. */
    BLOCKED,
    /** Disabled, or its input was stale. */
    SKIPPED
}
