package uk.ac.mim.staging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's private files (spools of names, UPIs and usernames): created owner-only in the service's own output
 * folder ({@code <output-dir>/spool}, never a shared /tmp) and removed when the run's exchange completes,
 * however it ends — a Camel Synchronization, so a failure at any stage (a guard's setting that does not parse,
 * a refresh refused) leaves no personal data behind.
 */
public final class RunFiles {

    private static final Logger LOG = LoggerFactory.getLogger(RunFiles.class);

    private RunFiles() {
    }

    /** A new owner-only file in {@code <outputDir>/spool}. */
    public static Path spool(Path outputDir, String prefix) throws IOException {
        Path dir = outputDir.resolve("spool");
        Files.createDirectories(dir);
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            return Files.createTempFile(dir, prefix, ".spool", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            return Files.createTempFile(dir, prefix, ".spool");
        }
    }

    @FunctionalInterface
    public interface Cleanup {
        void run() throws IOException;
    }

    /** Runs {@code cleanup} when the exchange completes or fails. */
    public static void whenDone(Exchange ex, String what, Cleanup cleanup) {
        ex.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                try {
                    cleanup.run();
                } catch (IOException | RuntimeException e) {
                    LOG.warn("could not remove {}: {}", what, e.getMessage());
                }
            }
        });
    }

    /** Deletes {@code file} when the exchange completes or fails (a delivered file was moved away before). */
    public static void deleteWhenDone(Exchange ex, Path file) {
        whenDone(ex, file.toString(), () -> Files.deleteIfExists(file));
    }
}
