package uk.ac.mim.sits.tutors;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import uk.ac.mim.staging.RowFingerprint;
import uk.ac.mim.staging.RunFiles;

/**
 * The planned rows on disk between plan and publish, so the refresh inserts exactly what the guard
 * approved without the heap holding a university's worth of rows. An owner-only file in the output folder
 * (RunFiles), deleted when the run ends however it ends.
 */
final class TutorSpool implements AutoCloseable {

    private final Path file;
    private DataOutputStream out;
    private long rows;
    /** Of the rows written: compared with the view's, to leave an unchanged view as it is. */
    private final RowFingerprint content = new RowFingerprint();

    TutorSpool(Path outputDir) throws IOException {
        file = RunFiles.spool(outputDir, "personal-tutors-");
        out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
    }

    void write(TutorRow r) throws IOException {
        for (String s : new String[] {r.studentCode(), r.studentUpi(), r.studentUsername(), r.studentFirstname(),
                r.studentSurname(), r.studentProgramme(), r.sitsTutorUpi(), r.tutorUpi(), r.tutorFirstname(),
                r.tutorSurname(), r.role(), r.source()}) {
            if (s == null) {
                out.writeInt(-1);
            } else {
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                out.writeInt(b.length);
                out.write(b);
            }
        }
        writeId(r.studentId());
        writeId(r.tutorId());
        rows++;
        content.add(RowFingerprint.hash(r.values()));
    }

    /** An account id, or none: a held student's row comes from the view as it stands, which may lack one. */
    private void writeId(Long id) throws IOException {
        out.writeBoolean(id != null);
        out.writeLong(id == null ? 0 : id);
    }

    private static Long readId(DataInputStream in) throws IOException {
        boolean present = in.readBoolean();
        long id = in.readLong();
        return present ? id : null;
    }

    /** Ends writing; the rows can then be read, any number of times. */
    void finish() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }

    long rows() {
        return rows;
    }

    /** The content of the rows written (RowFingerprint's text). */
    String content() {
        return content.toString();
    }

    void forEach(Consumer<TutorRow> action) throws IOException {
        finish();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            for (long i = 0; i < rows; i++) {
                String[] s = new String[12];
                for (int f = 0; f < s.length; f++) {
                    int length = in.readInt();
                    s[f] = length < 0 ? null : new String(in.readNBytes(length), StandardCharsets.UTF_8);
                }
                Long studentId = readId(in);
                Long tutorId = readId(in);
                action.accept(new TutorRow(s[0], s[1], s[2], s[3], s[4], s[5], studentId, s[6], s[7], s[8], s[9], tutorId,
                        s[10], s[11]));
            }
        } catch (EOFException e) {
            throw new IOException("The personal-tutor spool " + file + " ends early: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            finish();
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
