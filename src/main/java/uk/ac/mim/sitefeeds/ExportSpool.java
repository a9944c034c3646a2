package uk.ac.mim.sitefeeds;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** One export run's file while it is written: where, how many records, and the open stream. */
final class ExportSpool implements AutoCloseable {

    private final Path file;
    private final OutputStream out;
    private long records;
    private boolean closed;

    ExportSpool(Path file) throws IOException {
        this.file = file;
        this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
    }

    Path file() {
        return file;
    }

    long records() {
        return records;
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
    }

    void counted(long n) {
        records += n;
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            out.close();
        }
    }
}
