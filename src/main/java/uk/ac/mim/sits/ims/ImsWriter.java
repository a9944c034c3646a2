package uk.ac.mim.sits.ims;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import org.apache.camel.ProducerTemplate;

import uk.ac.mim.staging.Texts;

/**
 * Writes the IMS Enterprise file section by section (properties, persons, groups, memberships), each
 * section in chunks that go through the XSLT {@code xslt/ims-enterprise.xsl} (camel-xslt-saxon) and are
 * appended to the file: memory holds one chunk, never the whole file. Text is cleaned first (DOMAIN §6);
 * what was changed, and names with {@code &} or {@code <}, are reported.
 */
public class ImsWriter {

    static final String XSLT = "xslt-saxon:classpath:xslt/ims-enterprise.xsl";
    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private final ProducerTemplate producer;
    private final ImsProperties ims;

    public ImsWriter(ProducerTemplate producer, ImsProperties ims) {
        this.producer = producer;
        this.ims = ims;
    }

    public void write(ImsPlan plan, Instant runTime, Path file, List<String> report) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<enterprise>\n");
            transform(out, chunk("properties", w -> {
                text(w, "datasource", "Moodle Integration Manager");
                text(w, "target", ims.getTarget());
                text(w, "datetime", DATETIME.format(runTime.atZone(ZoneId.systemDefault())));
            }));
            List<ImsPlan.Person> persons = new ArrayList<>(plan.persons().values());
            for (List<ImsPlan.Person> part : chunks(persons)) {
                transform(out, chunk("persons", w -> {
                    text(w, "source", ims.getSource());
                    for (ImsPlan.Person p : part) {
                        w.writeStartElement("p");
                        String who = "person " + p.studentCode();
                        text(w, "id", p.studentCode());
                        text(w, "userid", p.username());
                        text(w, "given", clean(who, "given name", p.given(), report));
                        text(w, "family", clean(who, "family name", p.family(), report));
                        text(w, "email", clean(who, "email", p.email(), report));
                        w.writeEndElement();
                    }
                }));
            }
            List<ImsPlan.CourseChange> changed = plan.courses().stream().filter(c -> !c.isEmpty()).toList();
            for (List<ImsPlan.CourseChange> part : chunks(changed)) {
                transform(out, chunk("groups", w -> {
                    text(w, "source", ims.getSource());
                    for (ImsPlan.CourseChange c : part) {
                        w.writeStartElement("g");
                        String what = "course " + c.idnumber();
                        text(w, "id", c.idnumber());
                        // Moodle's default mapping takes a course's full name from <short>: send the current one.
                        String fullname = clean(what, "full name", c.fullname(), report);
                        text(w, "short", fullname);
                        text(w, "long", fullname);
                        text(w, "category", clean(what, "category", c.category(), report));
                        w.writeEndElement();
                    }
                }));
            }
            // memberships: chunks of up to chunk-size members, across courses (a course may span two chunks)
            List<String[]> members = new ArrayList<>();
            for (ImsPlan.CourseChange c : changed) {
                for (ImsPlan.Add a : c.adds()) {
                    members.add(new String[] {c.idnumber(), a.studentCode(), "1"});
                    flushIfFull(out, members);
                }
                for (String r : c.removes()) {
                    members.add(new String[] {c.idnumber(), r, "0"});
                    flushIfFull(out, members);
                }
            }
            if (!members.isEmpty()) {
                transform(out, memberships(members));
            }
            out.write("</enterprise>\n");
        }
    }

    private void flushIfFull(Writer out, List<String[]> members) throws IOException {
        if (members.size() >= ims.getChunkSize()) {
            transform(out, memberships(members));
            members.clear();
        }
    }

    /** {@code <memberships>} with one {@code <c>} per run of the same course: {@code [course, code, status]}. */
    private String memberships(List<String[]> members) {
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

    private static String clean(String who, String field, String value, List<String> report) {
        Texts.Clean c = Texts.clean(field, value);
        if (c.changed()) {
            report.add(who + ": " + String.join("; ", c.changes()));
        }
        if (c.value() != null && c.value().matches("(?s).*[&<>].*")) {
            report.add(who + ": " + field + " '" + c.value() + "' contains &, < or >; Moodle stores them as entity text");
        }
        return c.value();
    }

    private void transform(Writer out, String chunkXml) throws IOException {
        // each record ends with its own newline (see the stylesheet)
        out.write(producer.requestBody(XSLT, chunkXml, String.class));
    }

    @FunctionalInterface
    private interface Body {
        void write(XMLStreamWriter w) throws XMLStreamException;
    }

    private static String chunk(String root, Body body) {
        try {
            StringWriter s = new StringWriter();
            XMLStreamWriter w = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(s);
            w.writeStartElement(root);
            body.write(w);
            w.writeEndElement();
            w.close();
            return s.toString();
        } catch (XMLStreamException e) {
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
