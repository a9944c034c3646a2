package uk.ac.mim.staging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** A copy's rows read ahead on a thread of their own: in order, a failure handed over, and stopped on close. */
class ReadAheadTest {

    @Test
    void everyRowArrivesInOrderAcrossBlocks() {
        List<Object> rows = IntStream.range(0, 2503).mapToObj(i -> (Object) new Object[] {i}).toList();
        Iterator<?> ahead = ReadAhead.of(rows.iterator(), 100, "test");
        List<Object> seen = new ArrayList<>();
        ahead.forEachRemaining(seen::add);
        ReadAhead.close(ahead);

        assertThat(ahead).isInstanceOf(ReadAhead.class);
        assertThat(seen).containsExactlyElementsOf(rows);
        assertThat(ahead.hasNext()).isFalse();
    }

    @Test
    void offReadsOnTheCallersThread() {
        Iterator<Object> rows = List.<Object>of(1, 2).iterator();
        assertThat(ReadAhead.of(rows, 0, "test")).isSameAs(rows);
    }

    @Test
    void aFailureOnTheReadingThreadIsThrownAsItWasAfterTheRowsBeforeIt() {
        OutOfMemoryError oom = new OutOfMemoryError("Java heap space");
        Iterator<Object> failing = new Iterator<>() {
            int n;
            @Override public boolean hasNext() { return true; }
            @Override public Object next() {
                if (n == 250) {
                    throw oom;
                }
                return n++;
            }
        };
        Iterator<?> ahead = ReadAhead.of(failing, 100, "test");
        AtomicInteger read = new AtomicInteger();

        assertThatThrownBy(() -> ahead.forEachRemaining(r -> read.incrementAndGet())).isSameAs(oom);
        assertThat(read).hasValue(200); // the whole blocks before the failure
        ReadAhead.close(ahead);
    }

    @Test
    void closeStopsTheReaderAndNothingTouchesTheSourceAfterIt() throws Exception {
        AtomicReference<Thread> reader = new AtomicReference<>();
        AtomicInteger calls = new AtomicInteger();
        Iterator<Object> endless = new Iterator<>() {
            @Override public boolean hasNext() { return true; }
            @Override public Object next() {
                reader.set(Thread.currentThread());
                return calls.incrementAndGet();
            }
        };
        Iterator<?> ahead = ReadAhead.of(endless, 10, "test");
        assertThat(ahead.next()).isEqualTo(1);

        ReadAhead.close(ahead);

        assertThat(reader.get().isAlive()).isFalse();
        int after = calls.get();
        assertThat(after).isLessThanOrEqualTo(10 * 4); // a bounded queue: it never ran far ahead
        reader.get().join();
        assertThat(calls.get()).isEqualTo(after);
    }
}
