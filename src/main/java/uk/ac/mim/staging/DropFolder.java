package uk.ac.mim.staging;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Delivers a finished file to the folder a Moodle import watches: written elsewhere under a temporary
 * name, moved in atomically, with a modification time at least a second newer than the file it replaces
 * (Moodle re-reads a file only then), and archived with a timestamp, keeping the last N. A failure at any
 * point leaves the previously delivered file untouched.
 */
public final class DropFolder {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private DropFolder() {
    }

    public record Delivered(Path file, long size, String sha256) { }

    /** A temporary file beside the target, which the consumer will never pick up (it reads one name only). */
    public static Path temporary(Path dropDir, String fileName) throws IOException {
        Files.createDirectories(dropDir);
        // a process killed mid-write leaves its temporary file; a feed never runs twice at once on any node (RunLocks),
        // so any of this file's is stale
        try (Stream<Path> old = Files.list(dropDir)) {
            for (Path p : old.filter(p -> p.getFileName().toString().startsWith("." + fileName + ".")
                    && p.getFileName().toString().endsWith(".part")).toList()) {
                Files.deleteIfExists(p);
            }
        }
        return Files.createTempFile(dropDir, "." + fileName + ".", ".part");
    }

    public static Delivered deliver(Path temp, Path dropDir, String fileName, Path archiveDir, int keep) throws IOException {
        Path target = dropDir.resolve(fileName);
        Instant previous = Files.exists(target) ? Files.getLastModifiedTime(target).toInstant() : null;
        Instant now = Instant.now();
        Instant mtime = previous != null && now.isBefore(previous.plusSeconds(1)) ? previous.plusSeconds(1) : now;
        try {
            // a temp file is private to us; the consumer (the web server's user) must be able to read the delivery
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: inherited permissions apply
        }
        Files.setLastModifiedTime(temp, FileTime.from(mtime));
        String sha = sha256(temp);
        long size = Files.size(temp);
        if (archiveDir != null && keep > 0) {
            archive(temp, archiveDir, fileName, keep);
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return new Delivered(target, size, sha);
    }

    private static void archive(Path file, Path archiveDir, String fileName, int keep) throws IOException {
        Files.createDirectories(archiveDir);
        int dot = fileName.lastIndexOf('.');
        String base = dot > 0 ? fileName.substring(0, dot) : fileName;
        String ext = dot > 0 ? fileName.substring(dot) : "";
        Files.copy(file, archiveDir.resolve(base + "-" + STAMP.format(Instant.now()) + ext), StandardCopyOption.REPLACE_EXISTING);
        try (Stream<Path> s = Files.list(archiveDir)) {
            List<Path> mine = s.filter(p -> p.getFileName().toString().startsWith(base + "-")).sorted().toList();
            for (int i = 0; i < mine.size() - keep; i++) {
                Files.deleteIfExists(mine.get(i));
            }
        }
    }

    public static String sha256(Path file) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
