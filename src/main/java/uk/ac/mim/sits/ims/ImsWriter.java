package uk.ac.mim.sits.ims;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import javax.xml.transform.stream.StreamSource;

import net.sf.saxon.s9api.BuildingStreamWriter;
import net.sf.saxon.s9api.Processor;
import net.sf.saxon.s9api.SaxonApiException;
import net.sf.saxon.s9api.XdmNode;
import net.sf.saxon.s9api.Xslt30Transformer;
import net.sf.saxon.s9api.XsltExecutable;

import org.springframework.core.io.DefaultResourceLoader;

import uk.ac.mim.staging.Texts;

/**
 * Writes the IMS Enterprise file section by section (properties, persons, groups, memberships), each
 * section in chunks that go through the XSLT ({@code mim.ims.stylesheet}, shipped as
 * {@code xslt/ims-enterprise.xsl}) and are appended to the file:
 * memory holds one chunk, never the whole file. Text is cleaned first (docs/contract.md §6); what was changed, and
 * names with {@code &} or {@code <}, are reported.
 * <p>
 * Each chunk is built straight into a Saxon tree and transformed by Saxon directly, or (mim.ims.xslt-route) handed
 * to the {@code ims-xslt} route's xslt-saxon endpoint as a {@code Source} of the same Saxon Configuration; the
 * bytes are appended in order (docs/performance.md has the figures of both paths, byte-identical).
 */
public class ImsWriter {

    /** What Moodle stores: user.firstname, lastname and email hold 100 characters, course.fullname 254. */
    static final int MOODLE_USER_TEXT = 100;
    static final int MOODLE_COURSE_FULLNAME = 254;
    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    /** Runs the stylesheet over one chunk and returns the records it wrote, UTF-8. */
    @FunctionalInterface
    public interface ChunkTransform {
        byte[] apply(XdmNode chunk) throws Exception;
    }

    private final ImsProperties ims;
    private final Processor saxon;
    private final ChunkTransform transform;

    /**
     * A writer whose chunks go through {@code transform} (the feed's: the ims-xslt route's xslt-saxon endpoint),
     * built as trees of {@code saxon}, which must share its Configuration with the transform.
     */
    public ImsWriter(ImsProperties ims, Processor saxon, ChunkTransform transform) {
        this.ims = ims;
        this.saxon = saxon;
        this.transform = transform;
    }

    /** A writer that calls Saxon itself (s9api), without Camel: tests, and the benchmark's baseline. */
    public ImsWriter(ImsProperties ims) {
        this(ims, new Processor(false));
    }

    private ImsWriter(ImsProperties ims, Processor saxon) {
        this(ims, saxon, s9api(ims, saxon));
    }

    /** The stylesheet compiled once and applied through s9api. */
    static ChunkTransform s9api(ImsProperties ims, Processor saxon) {
        String location = ims.getStylesheet();
        try {
            URL xsl = new DefaultResourceLoader(ImsWriter.class.getClassLoader()).getResource(location).getURL();
            XsltExecutable stylesheet = saxon.newXsltCompiler().compile(new StreamSource(xsl.toString()));
            return chunk -> {
                // a transformer per chunk: Xslt30Transformer is not thread-safe, the compiled stylesheet is
                Xslt30Transformer t = stylesheet.load30();
                ByteArrayOutputStream result = new ByteArrayOutputStream(64 * 1024);
                t.applyTemplates(chunk, t.newSerializer(result));
                return result.toByteArray();
            };
        } catch (IOException e) {
            throw new IllegalStateException("The IMS stylesheet " + location + " cannot be read: " + e.getMessage(), e);
        } catch (SaxonApiException e) {
            throw new IllegalStateException("The IMS stylesheet " + location + " does not compile: " + e.getMessage(), e);
        }
    }

    public synchronized void write(ImsPlan plan, Instant runTime, Path file, List<String> report) throws IOException {
        try (OutputStream fileOut = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
             ChunkPipeline out = new ChunkPipeline(transform, fileOut, ims.getWriterThreads())) {
            out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<enterprise>\n");
            String datetime = DATETIME.format(runTime.atZone(ZoneId.systemDefault()));
            out.transform(() -> chunk("properties", w -> {
                text(w, "datasource", "Moodle Integration Manager");
                text(w, "target", ims.getTarget());
                text(w, "datetime", datetime);
            }));
            // text is cleaned (and reported) here, in order; the chunks are built and transformed on the pool
            // persons are read as they are written (ImsPlan.Persons): chunks are handed on as they fill
            List<String[]> people = new ArrayList<>();
            try {
                plan.persons().forEach(p -> {
                    String who = "person " + p.studentCode();
                    // Moodle's user.firstname, lastname and email hold 100 characters
                    String given = fit(who, "given name", p.given(), report);
                    String family = fit(who, "family name", p.family(), report);
                    if (!sendPerson(p, who, given, family, report)) {
                        return;
                    }
                    people.add(new String[] {p.studentCode(), p.username(), given, family, fit(who, "email", p.email(), report)});
                    if (people.size() == ims.getChunkSize()) {
                        persons(out, new ArrayList<>(people));
                        people.clear();
                    }
                });
                if (!people.isEmpty()) {
                    persons(out, people);
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            List<ImsPlan.CourseChange> changed = plan.courses().stream().filter(c -> !c.isEmpty()).toList();
            for (List<ImsPlan.CourseChange> part : chunks(changed)) {
                List<String[]> rows = new ArrayList<>(part.size());
                for (ImsPlan.CourseChange c : part) {
                    String what = "course " + c.idnumber();
                    rows.add(new String[] {c.idnumber(), Texts.fit(what, "full name", clean(what, "full name", c.fullname(), report),
                            MOODLE_COURSE_FULLNAME, report),
                            clean(what, "category", c.category(), report)});
                }
                out.transform(() -> chunk("groups", w -> {
                    text(w, "source", ims.getSource());
                    for (String[] r : rows) {
                        w.writeStartElement("g");
                        text(w, "id", r[0]);
                        // Moodle's default mapping takes a course's full name from <short>: send the current one.
                        text(w, "short", r[1]);
                        text(w, "long", r[1]);
                        text(w, "category", r[2]);
                        w.writeEndElement();
                    }
                }));
            }
            // memberships: chunks of up to chunk-size members, across courses (a course may span two chunks)
            List<String[]> members = new ArrayList<>();
            for (ImsPlan.CourseChange c : changed) {
                for (ImsPlan.Add a : c.adds()) {
                    members.add(new String[] {c.idnumber(), a.studentCode(), "1"});
                    members = flushIfFull(out, members);
                }
                for (String r : c.removes()) {
                    members.add(new String[] {c.idnumber(), r, "0"});
                    members = flushIfFull(out, members);
                }
            }
            if (!members.isEmpty()) {
                List<String[]> last = members;
                out.transform(() -> memberships(last));
            }
            out.write("</enterprise>\n");
        }
    }

    /** Hands a chunk of persons to the pipeline; unchecked, as it runs inside the persons' callback. */
    /**
     * Whether a person goes into the file. An empty name is reported; a {@code <person>} that would make the
     * import create an account without a name, or (mim.ims.send-persons-without-account false) any account, is
     * held back and reported. Their memberships still go out: Moodle applies them once the account exists.
     */
    private boolean sendPerson(ImsPlan.Person p, String who, String given, String family, List<String> report) {
        boolean nameless = given == null || given.isEmpty() || family == null || family.isEmpty();
        if (nameless) {
            report.add(who + ": empty " + (given == null || given.isEmpty() ? "given name" : "family name"));
        }
        if (p.hasAccount()) {
            return true;
        }
        if (nameless) {
            report.add(who + ": no <person> sent: Moodle has no account for them and would create one without a name");
            return false;
        }
        if (!ims.isSendPersonsWithoutAccount()) {
            report.add(who + ": no <person> sent: Moodle has no account for them yet (mim.ims.send-persons-without-account"
                    + " is false)");
            return false;
        }
        return true;
    }

    private void persons(ChunkPipeline out, List<String[]> rows) {
        try {
            out.transform(() -> chunk("persons", w -> {
                text(w, "source", ims.getSource());
                text(w, "auth", ims.getAuthenticationType());
                for (String[] r : rows) {
                    w.writeStartElement("p");
                    text(w, "id", r[0]);
                    text(w, "userid", r[1]);
                    text(w, "given", r[2]);
                    text(w, "family", r[3]);
                    text(w, "email", r[4]);
                    w.writeEndElement();
                }
            }));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Hands a full chunk to the pipeline and returns a new list for the next one. */
    private List<String[]> flushIfFull(ChunkPipeline out, List<String[]> members) throws IOException {
        if (members.size() < ims.getChunkSize()) {
            return members;
        }
        out.transform(() -> memberships(members));
        return new ArrayList<>();
    }

    /** {@code <memberships>} with one {@code <c>} per run of the same course: {@code [course, code, status]}. */
    private XdmNode memberships(List<String[]> members) {
        return chunk("memberships", w -> {
            text(w, "source", ims.getSource());
            String course = null;
            for (String[] m : members) {
                if (!m[0].equals(course)) {
                    if (course != null) {
                        w.writeEndElement();
                    }
                    course = m[0];
                    w.writeStartElement("c");
                    text(w, "course", course); // an element, not an attribute: attribute values lose tabs and newlines
                }
                w.writeStartElement("m");
                text(w, "id", m[1]);
                text(w, "status", m[2]);
                w.writeEndElement();
            }
            w.writeEndElement();
        });
    }

    /** The list in consecutive slices of {@code mim.ims.chunk-size}: one XSLT call each. */
    private <T> List<List<T>> chunks(List<T> all) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += ims.getChunkSize()) {
            out.add(all.subList(i, Math.min(all.size(), i + ims.getChunkSize())));
        }
        return out;
    }

    private static boolean hasMarkup(String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '&' || ch == '<' || ch == '>') {
                return true;
            }
        }
        return false;
    }

    private static String fit(String who, String field, String value, List<String> report) {
        return Texts.fit(who, field, clean(who, field, value, report), MOODLE_USER_TEXT, report);
    }

    private static String clean(String who, String field, String value, List<String> report) {
        Texts.Clean c = Texts.clean(field, value);
        if (c.changed()) {
            report.add(who + ": " + String.join("; ", c.changes()));
        }
        if (c.value() != null && hasMarkup(c.value())) {
            report.add(who + ": " + field + " '" + c.value() + "' contains &, < or >; Moodle stores them as entity text");
        }
        return c.value();
    }

    @FunctionalInterface
    private interface Body {
        void write(XMLStreamWriter w) throws XMLStreamException;
    }

    /** The chunk built directly as a Saxon tree: no text to serialise and parse again. */
    private XdmNode chunk(String root, Body body) {
        try {
            BuildingStreamWriter w = saxon.newDocumentBuilder().newBuildingStreamWriter();
            w.writeStartDocument();
            w.writeStartElement(root);
            body.write(w);
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
            return w.getDocumentNode();
        } catch (XMLStreamException | SaxonApiException e) {
            throw new IllegalStateException("Cannot build an XSLT input chunk: " + e.getMessage(), e);
        }
    }

    private static void text(XMLStreamWriter w, String name, String value) throws XMLStreamException {
        w.writeStartElement(name);
        if (value != null) {
            w.writeCharacters(value);
        }
        w.writeEndElement();
    }
}
