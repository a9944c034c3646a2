package uk.ac.mim.staging;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A copy's source rows, read a few blocks ahead on a thread of their own: the source's next fetch and the decoding
 * of its rows overlap the checks and the staging writes, as the two ends of a {@code COPY} pipe overlap (the
 * benchmark's floor). Without it a copy waits for the source, then the source waits for the copy.
 * <p>
 * Memory: at most {@code blocks + 2} blocks of {@code blockRows} rows besides the driver's fetch. Only the reading
 * thread touches the source iterator (and so its connection) until {@link #close()} has returned: close stops it
 * and waits for it, so nothing reads the connection once the copy has let it go. A failure on the reading thread
 * (a dropped connection, the heap running out) is thrown, the same object, by the copy's own thread.
 */
final class ReadAhead implements Iterator<Object>, AutoCloseable {

    private static final Object END = new Object();
    private static final Object[] NONE = new Object[0];

    private final BlockingQueue<Object> queue;
    private final Thread reader;
    private volatile boolean stopped;
    private Object[] block = NONE;
    private int pos;
    private boolean done;

    private ReadAhead(Iterator<?> rows, int blockRows, int blocks, String name) {
        this.queue = new ArrayBlockingQueue<>(blocks);
        this.reader = new Thread(() -> read(rows, blockRows), "mim-read-ahead-" + name);
        reader.setDaemon(true);
    }

    /** The rows read ahead in blocks, or {@code rows} as they are when {@code blockRows} is 0 (off). */
    static Iterator<?> of(Iterator<?> rows, int blockRows, String name) {
        if (blockRows <= 0) {
            return rows;
        }
        ReadAhead ahead = new ReadAhead(rows, blockRows, 2, name);
        ahead.reader.start();
        return ahead;
    }

    /** Stops and waits for the reading thread of {@code rows} when it is one. */
    static void close(Iterator<?> rows) {
        if (rows instanceof ReadAhead ahead) {
            ahead.close();
        }
    }

    private void read(Iterator<?> rows, int blockRows) {
        try {
            while (!stopped) {
                Object[] b = new Object[blockRows];
                int n = 0;
                while (n < blockRows && !stopped && rows.hasNext()) {
                    b[n++] = rows.next();
                }
                if (n > 0) {
                    queue.put(n == blockRows ? b : Arrays.copyOf(b, n));
                }
                if (n < blockRows) {
                    break;
                }
            }
            queue.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // not by the copy (it never interrupts): the thread is ending
        } catch (Throwable t) { // NOPMD: handed to the copy's thread, which throws it (an OutOfMemoryError too)
            try {
                if (!stopped) {
                    queue.put(t);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean hasNext() {
        if (pos < block.length) {
            return true;
        }
        if (done) {
            return false;
        }
        Object next = take();
        if (next == END) {
            done = true;
            return false;
        }
        if (next instanceof RuntimeException e) {
            done = true;
            throw e;
        }
        if (next instanceof Error e) {
            done = true;
            throw e;
        }
        if (next instanceof Throwable t) {
            done = true;
            throw new IllegalStateException("reading the source failed: " + t.getMessage(), t);
        }
        block = (Object[]) next;
        pos = 0;
        return true;
    }

    private Object take() {
        try {
            while (true) {
                Object next = queue.poll(1, TimeUnit.SECONDS);
                if (next != null) {
                    return next;
                }
                if (!reader.isAlive() && queue.isEmpty()) { // it could not even hand its failure over
                    done = true;
                    throw new IllegalStateException("the source's reading thread ended before the last row");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the source's rows", e);
        }
    }

    @Override
    public Object next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Object row = block[pos];
        block[pos++] = null; // let the row go as soon as it is written
        return row;
    }

    /**
     * Stops the reading thread and waits for it (at most for the fetch it is in: the source's query timeout). It is
     * not interrupted: an interrupt inside a driver's I/O can close the channel under it (H2's files).
     */
    @Override
    public void close() {
        stopped = true;
        boolean interrupted = false;
        while (reader.isAlive()) {
            queue.clear(); // a reader waiting to hand a block over does so, then sees it is stopped
            try {
                reader.join(10);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        queue.clear();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
