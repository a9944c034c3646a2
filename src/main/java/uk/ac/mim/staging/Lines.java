package uk.ac.mim.staging;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A report list that counts every line but keeps only the first {@code max}: at the scale of a university,
 * "members not enrolled" runs to hundreds of thousands of lines, which no one reads and the heap should not hold.
 */
public final class Lines {

    private final int max;
    private final List<String> shown = new ArrayList<>();
    private long total;

    public Lines(int max) {
        this.max = max;
    }

    public void add(String line) {
        total++;
        if (shown.size() < max) {
            shown.add(line);
        }
    }

    /** Counts the line, and makes it only if it will be shown: most lines of a large report never are. */
    public void add(Supplier<String> line) {
        total++;
        if (shown.size() < max) {
            shown.add(line.get());
        }
    }

    public long getTotal() {
        return total;
    }

    public List<String> getShown() {
        return shown;
    }

    public boolean isEmpty() {
        return total == 0;
    }
}
