package uk.ac.mim.testing;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Applies an IMS file to the replica snapshot as Moodle's enrol_imsenterprise would (createnewusers on,
 * imsunenrol 1, unenrolaction 0): a person with an unknown idnumber is linked to the account with the same
 * username, or created; status 1 enrols (a suspended enrolment stays suspended); status 0 unenrols.
 */
public final class MoodleImsImport {

    private MoodleImsImport() {
    }

    public record Member(String course, String person, String status) { }

    public static List<Member> members(byte[] xml) throws Exception {
        Document d = parse(xml);
        List<Member> out = new ArrayList<>();
        NodeList ms = d.getElementsByTagName("membership");
        for (int i = 0; i < ms.getLength(); i++) {
            Element m = (Element) ms.item(i);
            String course = text(child(m, "sourcedid"), "id");
            NodeList members = m.getElementsByTagName("member");
            for (int j = 0; j < members.getLength(); j++) {
                Element mem = (Element) members.item(j);
                out.add(new Member(course, text(child(mem, "sourcedid"), "id"),
                        ((Element) mem.getElementsByTagName("role").item(0)).getElementsByTagName("status").item(0).getTextContent()));
            }
        }
        return out;
    }

    public static void apply(JdbcTemplate jdbc, byte[] xml) throws Exception {
        Document d = parse(xml);
        NodeList persons = d.getElementsByTagName("person");
        for (int i = 0; i < persons.getLength(); i++) {
            Element p = (Element) persons.item(i);
            String id = text(child(p, "sourcedid"), "id");
            String username = text(p, "userid");
            if (jdbc.queryForObject("SELECT COUNT(*) FROM moodle_user_dump WHERE idnumber = ?", Integer.class, id) > 0) {
                continue;
            }
            if (jdbc.update("UPDATE moodle_user_dump SET idnumber = ? WHERE username = ? AND (idnumber IS NULL OR idnumber = '')",
                    id, username) == 0) {
                long next = jdbc.queryForObject("SELECT COALESCE(MAX(id), 0) + 1 FROM moodle_user_dump", Long.class);
                jdbc.update("INSERT INTO moodle_user_dump VALUES (?, ?, ?, 'New', 'User', '', 0, 0)", next, username, id);
            }
        }
        for (Member m : members(xml)) {
            Long courseId = jdbc.queryForObject("SELECT id FROM moodle_course_dump WHERE idnumber = ?", Long.class, m.course());
            Long userId = jdbc.queryForObject("SELECT id FROM moodle_user_dump WHERE idnumber = ?", Long.class, m.person());
            long enrolId = jdbc.queryForObject("SELECT id FROM moodle_enrol_dump WHERE courseid = ? AND enrol = 'imsenterprise'",
                    Long.class, courseId);
            if (m.status().equals("1")) {
                if (jdbc.queryForObject("SELECT COUNT(*) FROM moodle_user_enrolments_dump WHERE enrolid = ? AND userid = ?",
                        Integer.class, enrolId, userId) == 0) {
                    long next = jdbc.queryForObject("SELECT COALESCE(MAX(id), 0) + 1 FROM moodle_user_enrolments_dump", Long.class);
                    jdbc.update("INSERT INTO moodle_user_enrolments_dump VALUES (?, ?, ?, 0)", next, enrolId, userId);
                }
            } else {
                jdbc.update("DELETE FROM moodle_user_enrolments_dump WHERE enrolid = ? AND userid = ?", enrolId, userId);
            }
        }
    }

    private static Document parse(byte[] xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    private static Element child(Element e, String name) {
        return (Element) e.getElementsByTagName(name).item(0);
    }

    private static String text(Element e, String name) {
        return e.getElementsByTagName(name).item(0).getTextContent();
    }
}
