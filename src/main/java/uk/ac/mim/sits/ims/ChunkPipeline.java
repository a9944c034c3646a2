package uk.ac.mim.sits.ims;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import net.sf.saxon.s9api.XdmNode;

/**
 * Runs the stylesheet over the file's chunks on {@code threads} threads and appends the results to the
 * file in the order the chunks were submitted. The transform is most of the cost of writing the file
 * (each output node goes through Saxon's serialiser pipeline), and chunks are independent; with one
 * thread it runs inline. At most {@code 2 × threads} results are held at a time, so memory stays per
 * chunk, not per file.
 */
final class ChunkPipeline implements AutoCloseable {

    private final ImsWriter.ChunkTransform transform;
    private final OutputStream out;
    private final ExecutorService pool;
    private final int window;
    private final Deque<Future<byte[]>> pending = new ArrayDeque<>();

    ChunkPipeline(ImsWriter.ChunkTransform transform, OutputStream out, int threads) {
        this.transform = transform;
        this.out = out;
        this.pool = threads > 1 ? Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "ims-xslt");
            t.setDaemon(true);
            return t;
        }) : null;
        this.window = 2 * Math.max(1, threads);
    }

    /**
     * Builds and transforms the chunk (now, or on the pool) and appends its records after every earlier
     * chunk's. The builder must not touch anything the caller goes on changing.
     */
    void transform(Supplier<XdmNode> builder) throws IOException {
        if (pool == null) {
            try {
                out.write(apply(builder.get()));
            } catch (IOException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException("The IMS stylesheet failed on a chunk: " + e.getMessage(), e);
            }
            return;
        }
        pending.add(pool.submit(() -> apply(builder.get())));
        while (pending.size() >= window) {
            out.write(next());
        }
    }

    /** Text outside the chunks (the document's start and end), in order with them. */
    void write(String text) throws IOException {
        drain();
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    private void drain() throws IOException {
        while (!pending.isEmpty()) {
            out.write(next());
        }
    }

    private byte[] next() throws IOException {
        try {
            return pending.removeFirst().get();
        } catch (ExecutionException e) {
            throw new IOException("The IMS stylesheet failed on a chunk: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while writing the IMS file", e);
        }
    }

    /** The chunk's records as UTF-8 bytes: encoding happens on the pool too. */
    private byte[] apply(XdmNode chunk) throws Exception {
        return transform.apply(chunk);
    }

    @Override
    public void close() throws IOException {
        try {
            drain();
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }
}
