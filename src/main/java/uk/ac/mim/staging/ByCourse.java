package uk.ac.mim.staging;

import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * A staging query ordered by course, read alongside the planner's walk over its courses (ascending ids): each
 * course's rows are taken when the walk reaches it, rows of courses it passes over are dropped. So the planner
 * holds one course's members at a time, not the university's. A query that lost its order would hide rows,
 * so it fails the run instead.
 */
public final class ByCourse<T> implements AutoCloseable {

    private final StagingReader.Cursor<T> rows;
    private final ToLongFunction<T> course;
    private final String query;
    private long last = Long.MIN_VALUE;

    public ByCourse(StagingReader.Cursor<T> rows, ToLongFunction<T> course, String query) {
        this.rows = rows;
        this.course = course;
        this.query = query;
    }

    /** Hands each row of the course to {@code action}; the rows of earlier courses are passed over. */
    public void forCourse(long courseId, Consumer<T> action) {
        while (rows.peek() != null && course.applyAsLong(rows.peek()) <= courseId) {
            T row = rows.take();
            long c = course.applyAsLong(row);
            if (c < last) {
                throw new IllegalStateException(query + " returned course " + c + " after course " + last
                        + ": it must be ordered by course (its feed reads it course by course)");
            }
            last = c;
            if (c == courseId) {
                action.accept(row);
            }
        }
    }

    /** Reads the rest, for the order check only. */
    public void finish() {
        forCourse(Long.MAX_VALUE, row -> { });
    }

    @Override
    public void close() {
        rows.close();
    }
}
