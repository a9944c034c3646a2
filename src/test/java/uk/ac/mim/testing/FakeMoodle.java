package uk.ac.mim.testing;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A WireMock extension that answers like Moodle 4.5's REST server for the group functions, with the bodies
 * of ../shared/moodle-samples/ws-responses.txt: errors with HTTP 200, {@code null} for success, one bad
 * item failing the whole call, names unique per course, idnumbers unique per course, only enrolled users
 * in groups. It keeps Moodle's state, which the test copies into the replica tables between runs, as the
 * replica would catch up with Moodle. Faults (503 maintenance, 429, slow answers) can be queued.
 */
public class FakeMoodle implements ResponseDefinitionTransformerV2 {

    public static final String TOKEN = "test-token-0123456789abcdef";
    /** A copy of ../shared/moodle-samples/ws-responses.txt (real Moodle 4.5.6 answers). */
    public static final String SAMPLES = "/moodle-samples/ws-responses.txt";

    public record Group(long id, long courseid, String name, String idnumber) { }

    public final Map<Long, Group> groups = new TreeMap<>();
    public final Map<Long, Set<Long>> members = new HashMap<>();
    public final Map<Long, Group> groupings = new TreeMap<>();
    public final Set<String> links = new HashSet<>();
    public final Map<Long, Set<Long>> enrolled = new HashMap<>();
    public final List<String> calls = new ArrayList<>();
    public final Deque<String> faults = new ArrayDeque<>();
    public volatile String siteUrl = "https://moodle.example.ac.uk";
    public volatile String alwaysFault;
    private long nextId = 100;
    private final String siteInfo;

    public FakeMoodle() {
        siteInfo = sample("### core_webservice_get_site_info");
    }

    /** A started WireMock server on a free port whose every request this Moodle answers. */
    public com.github.tomakehurst.wiremock.WireMockServer serve() {
        com.github.tomakehurst.wiremock.WireMockServer server = new com.github.tomakehurst.wiremock.WireMockServer(
                com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig().dynamicPort().extensions(this));
        server.start();
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.any(com.github.tomakehurst.wiremock.client.WireMock.anyUrl()));
        return server;
    }

    @Override
    public String getName() {
        return "fake-moodle";
    }

    public synchronized void reset() {
        groups.clear();
        members.clear();
        groupings.clear();
        links.clear();
        enrolled.clear();
        calls.clear();
        faults.clear();
        alwaysFault = null;
        siteUrl = "https://moodle.example.ac.uk";
    }

    public synchronized List<String> writeCalls() {
        return calls.stream().filter(c -> !c.startsWith("core_group_get") && !c.startsWith("core_webservice")).toList();
    }

    @Override
    public synchronized ResponseDefinition transform(ServeEvent event) {
        String fault = alwaysFault != null ? alwaysFault : faults.poll();
        if (fault != null) {
            switch (fault) {
                case "503":
                    return new ResponseDefinitionBuilder().withStatus(503).withHeader("Content-Type", "text/html")
                            .withBody("<html><title>Moodle Reference under maintenance</title></html>").build();
                case "429":
                    return new ResponseDefinitionBuilder().withStatus(429).withBody("Too Many Requests").build();
                case "html": // a URL that is not Moodle's web service: a login page, answered 200
                    return new ResponseDefinitionBuilder().withStatus(200).withHeader("Content-Type", "text/html")
                            .withBody("<!DOCTYPE html><html><title>Log in to the site</title></html>").build();
                case "slow":
                    return new ResponseDefinitionBuilder().withStatus(200).withFixedDelay(3000).withBody("null").build();
                default:
                    throw new IllegalArgumentException(fault);
            }
        }
        Map<String, String> p = form(event.getRequest().getBodyAsString());
        String fn = p.getOrDefault("wsfunction", "");
        calls.add(fn);
        if (!TOKEN.equals(p.get("wstoken"))) {
            return json(sample("### bad token"));
        }
        return json(switch (fn) {
            case "core_webservice_get_site_info" -> siteInfo.replace("https:\\/\\/moodle.example.ac.uk", siteUrl.replace("/", "\\/"));
            case "core_group_create_groups" -> create(p, "groups", groups);
            case "core_group_create_groupings" -> create(p, "groupings", groupings);
            case "core_group_update_groups" -> update(p);
            case "core_group_delete_groups" -> {
                for (Map<String, String> g : items(p, "groupids")) { // as Moodle: a missing group fails the call
                    if (!groups.containsKey(Long.parseLong(g.get("")))) {
                        yield sample("### core_group_delete_group_members members[0][groupid]=99999 members[0][userid]=3");
                    }
                }
                items(p, "groupids").forEach(g -> groups.remove(Long.parseLong(g.get(""))));
                yield "null";
            }
            case "core_group_get_course_groups" -> list(groups, Long.parseLong(p.get("courseid")));
            case "core_group_get_course_groupings" -> list(groupings, Long.parseLong(p.get("courseid")));
            case "core_group_add_group_members" -> addMembers(p);
            case "core_group_delete_group_members" -> {
                for (Map<String, String> m : items(p, "members")) { // as Moodle: a missing group fails the call
                    if (!groups.containsKey(Long.parseLong(m.get("groupid")))) {
                        yield sample("### core_group_delete_group_members members[0][groupid]=99999 members[0][userid]=3");
                    }
                }
                for (Map<String, String> m : items(p, "members")) {
                    members.getOrDefault(Long.parseLong(m.get("groupid")), new HashSet<>()).remove(Long.parseLong(m.get("userid")));
                }
                yield "null";
            }
            case "core_group_assign_grouping" -> {
                for (Map<String, String> a : items(p, "assignments")) {
                    if (!groups.containsKey(Long.parseLong(a.get("groupid")))) {
                        yield sample("### core_group_assign_grouping assignments[0][groupingid]=1 assignments[0][groupid]=99999");
                    }
                }
                items(p, "assignments").forEach(a -> links.add(a.get("groupingid") + ":" + a.get("groupid")));
                yield "null";
            }
            default -> sample("### core_no_such_function");
        });
    }

    private String create(Map<String, String> p, String kind, Map<Long, Group> into) {
        List<Map<String, String>> items = items(p, kind);
        List<Group> made = new ArrayList<>();
        for (Map<String, String> g : items) {
            if (!g.containsKey("description")) {
                return sample("### core_group_create_groups groups[0][courseid]=2 groups[0][name]=Group-B");
            }
            long course = Long.parseLong(g.get("courseid"));
            String name = g.get("name");
            String idn = g.getOrDefault("idnumber", "");
            boolean nameTaken = into.values().stream().anyMatch(x -> x.courseid() == course && x.name().equals(name))
                    || made.stream().anyMatch(x -> x.courseid() == course && x.name().equals(name));
            if (nameTaken) {
                return sample("### core_group_create_groups groups[0][courseid]=2 groups[0][name]=Group-A groups[0][description]=dup name");
            }
            if (!idn.isEmpty() && (into.values().stream().anyMatch(x -> x.courseid() == course && x.idnumber().equals(idn))
                    || made.stream().anyMatch(x -> x.courseid() == course && x.idnumber().equals(idn)))) {
                return sample("### core_group_create_groups groups[0][courseid]=2 groups[0][name]=Group-B groups[0][description]=dup idnumber groups[0][idnumber]=GA");
            }
            made.add(new Group(nextId++, course, name, idn));
        }
        StringBuilder out = new StringBuilder("[");
        for (Group g : made) {
            into.put(g.id(), g);
            out.append(out.length() > 1 ? "," : "").append("{\"id\":").append(g.id()).append(",\"courseid\":").append(g.courseid())
                    .append(",\"name\":\"").append(g.name().replace("\"", "\\\"")).append("\",\"description\":\"\",\"idnumber\":\"")
                    .append(g.idnumber()).append("\"}");
        }
        return out.append("]").toString();
    }

    private String update(Map<String, String> p) {
        for (Map<String, String> g : items(p, "groups")) {
            Group old = groups.get(Long.parseLong(g.get("id")));
            if (old == null || groups.values().stream().anyMatch(x -> x.courseid() == old.courseid() && x.id() != old.id()
                    && x.name().equals(g.get("name")))) {
                return sample("### core_group_update_groups groups[0][id]=99999 groups[0][name]=Nope");
            }
        }
        for (Map<String, String> g : items(p, "groups")) {
            Group old = groups.get(Long.parseLong(g.get("id")));
            groups.put(old.id(), new Group(old.id(), old.courseid(), g.get("name"), old.idnumber()));
        }
        return "null";
    }

    private String addMembers(Map<String, String> p) {
        List<Map<String, String>> ms = items(p, "members");
        for (Map<String, String> m : ms) {
            Group g = groups.get(Long.parseLong(m.get("groupid")));
            if (g == null) {
                return sample("### core_group_add_group_members members[0][groupid]=99999 members[0][userid]=3");
            }
            if (!enrolled.getOrDefault(g.courseid(), Set.of()).contains(Long.parseLong(m.get("userid")))) {
                return sample("### core_group_add_group_members members[0][groupid]=1 members[0][userid]=4");
            }
        }
        ms.forEach(m -> members.computeIfAbsent(Long.parseLong(m.get("groupid")), k -> new HashSet<>()).add(Long.parseLong(m.get("userid"))));
        return "null";
    }

    private static String list(Map<Long, Group> from, long course) {
        StringBuilder out = new StringBuilder("[");
        for (Group g : from.values()) {
            if (g.courseid() == course) {
                out.append(out.length() > 1 ? "," : "").append("{\"id\":").append(g.id()).append(",\"courseid\":").append(course)
                        .append(",\"name\":\"").append(g.name()).append("\",\"idnumber\":\"").append(g.idnumber()).append("\"}");
            }
        }
        return out.append("]").toString();
    }

    /** Copies Moodle's groups into the replica snapshot tables, as the replica would catch up. */
    public synchronized void replicate(JdbcTemplate jdbc) {
        jdbc.update("DELETE FROM moodle_groups_dump");
        jdbc.update("DELETE FROM moodle_groups_members_dump");
        jdbc.update("DELETE FROM moodle_groupings_dump");
        jdbc.update("DELETE FROM moodle_groupings_groups_dump");
        groups.values().forEach(g -> jdbc.update("INSERT INTO moodle_groups_dump VALUES (?, ?, ?, ?)", g.id(), g.courseid(), g.idnumber(), g.name()));
        members.forEach((g, us) -> us.forEach(u -> jdbc.update("INSERT INTO moodle_groups_members_dump VALUES (?, ?, '')", g, u)));
        groupings.values().forEach(g -> jdbc.update("INSERT INTO moodle_groupings_dump VALUES (?, ?, ?, ?)", g.id(), g.courseid(), g.idnumber(), g.name()));
        links.forEach(l -> jdbc.update("INSERT INTO moodle_groupings_groups_dump VALUES (?, ?)",
                Long.parseLong(l.split(":")[0]), Long.parseLong(l.split(":")[1])));
    }

    /** A group made by hand in Moodle (no idnumber, or someone else's). */
    public synchronized long handMade(long course, String name, String idnumber) {
        Group g = new Group(nextId++, course, name, idnumber);
        groups.put(g.id(), g);
        return g.id();
    }

    private static List<Map<String, String>> items(Map<String, String> p, String kind) {
        Map<Integer, Map<String, String>> out = new TreeMap<>();
        Pattern pat = Pattern.compile(Pattern.quote(kind) + "\\[(\\d+)\\](?:\\[(\\w+)\\])?");
        p.forEach((k, v) -> {
            Matcher m = pat.matcher(k);
            if (m.matches()) {
                out.computeIfAbsent(Integer.parseInt(m.group(1)), x -> new LinkedHashMap<>()).put(m.group(2) == null ? "" : m.group(2), v);
            }
        });
        return new ArrayList<>(out.values());
    }

    private static Map<String, String> form(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static ResponseDefinition json(String body) {
        return new ResponseDefinitionBuilder().withStatus(200).withHeader("Content-Type", "application/json").withBody(body).build();
    }

    /** The response body recorded under a heading of the samples file. */
    static String sample(String heading) {
        try {
            List<String> lines;
            try (var in = FakeMoodle.class.getResourceAsStream(SAMPLES)) {
                lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            }
            for (int i = 0; i < lines.size() - 1; i++) {
                if (lines.get(i).strip().equals(heading)) {
                    return lines.get(i + 1);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + SAMPLES, e);
        }
        throw new IllegalArgumentException("no sample " + heading);
    }
}
