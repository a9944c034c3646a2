package uk.ac.mim.staging;

import java.util.ArrayList;
import java.util.List;

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
