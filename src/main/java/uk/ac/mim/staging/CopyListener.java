package uk.ac.mim.staging;

/**
 * Called between the steps of a copy. Production has none; tests use it as a latch to hold a copy at a
 * step and look at what a reader sees, deterministically.
 */
@FunctionalInterface
public interface CopyListener {

    enum Step {
        /** All source rows are in the shadow table; the live table is untouched. */
        SHADOW_LOADED,
        /** Inside the swap transaction: live rows deleted, new rows not yet inserted, nothing committed. */
        LIVE_DELETED,
        /** The swap transaction committed. */
        SWAPPED
    }

    void at(String feedId, Step step);

    CopyListener NONE = (feedId, step) -> { };
}
