package uk.ac.mim.staging;

/**
 * Called between the steps of a copy. Production has none; tests use it as a latch to hold a copy at a
 * step and look at what a reader sees, deterministically.
 */
@FunctionalInterface
public interface CopyListener {

    enum Step {
        /** Inside the copy's transaction: live rows deleted, no new row inserted yet, nothing committed. */
        LIVE_DELETED,
        /** Inside the copy's transaction: every source row inserted, refresh statements run, not committed. */
        ROWS_LOADED,
        /** The copy's transaction committed. */
        SWAPPED
    }

    void at(String feedId, Step step);

    CopyListener NONE = (feedId, step) -> { };
}
