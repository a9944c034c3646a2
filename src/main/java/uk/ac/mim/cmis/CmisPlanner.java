package uk.ac.mim.cmis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.stereotype.Component;

import uk.ac.mim.cmis.CmisPeople.Who;
import uk.ac.mim.config.MimProperties;
import uk.ac.mim.sits.SitsProperties;
import uk.ac.mim.staging.ByCourse;
import uk.ac.mim.staging.HeldStudents;
import uk.ac.mim.staging.Lines;
import uk.ac.mim.staging.LongBag;
import uk.ac.mim.staging.ShrinkGuard;
import uk.ac.mim.staging.SqlResources;
import uk.ac.mim.staging.StagingReader;

/**
 * Plans cmis-moodle-groups (docs/contract.md §4.4): the desired groups, groupings and members of every course whose
 * module mapping imports groups, against Moodle's actual groups in the replica snapshot. The feed owns only
 * what carries its idnumber mark; everything else in a course is a stranger it never changes.
 */
@Component
public class CmisPlanner {

    static final int NAME_MAX = 254;
    /** Lines kept per long report list (all are counted). */
    static final int REPORT_LINES = 1000;

    /** Bulk reads, streamed (see StagingReader). */
    private final StagingReader reader;
    private final SqlResources sql;
    private final MimProperties props;
    private final SitsProperties sits;
    private final CmisProperties cmis;

    private final HeldStudents heldStudents;

    public CmisPlanner(StagingReader reader, SqlResources sql, MimProperties props, SitsProperties sits, CmisProperties cmis,
                       HeldStudents heldStudents) {
        this.heldStudents = heldStudents;
        this.reader = reader;
        this.sql = sql;
        this.props = props;
        this.sits = sits;
        this.cmis = cmis;
    }

    /**
     * Moodle accounts of the students a copy rejected this cycle (by idnumber = student code): never removed
     * from a group, whatever CMIS says of them now.
     */
    private Map<Long, String> heldUsers() {
        Map<String, String> held = heldStudents.current();
        Map<Long, String> users = new HashMap<>();
        List<String> codes = new ArrayList<>(held.keySet());
        for (int from = 0; from < codes.size(); from += 1000) { // bounded IN lists: a broken copy can hold thousands
            reader.query("SELECT id, idnumber FROM moodle_user_dump WHERE idnumber IN (:codes)",
                    new MapSqlParameterSource("codes", codes.subList(from, Math.min(codes.size(), from + 1000))),
                    rs -> users.put(rs.getLong(1), HeldStudents.line(rs.getString(2), held.get(rs.getString(2)), "kept in the group")));
        }
        return users;
    }

    record Module(String year, String code) { }

    record Group(long id, long courseId, String idnumber, String name) { }

    /** A CMIS teaching group of a module (its members are read course by course). */
    record CmisGroup(String code, String name) { }

    /**
     * A row of cmis/course-groups.sql: a CMIS group of a module the course imports (kind "group", who its name), or
     * one of its members (kind "student" or "tutor").
     */
    record Wanted(long courseId, Module module, String groupCode, String kind, String who) { }

    /** A (course, module) pair of cmis/desired-modules.sql. */
    record Pair(long courseId, Module module) { }

    /**
     * A row of cmis/moodle-courses.sql: a group with one member (or none: userId null), or an enrolment
     * (group null).
     */
    record MoodleRow(long courseId, Group group, Long userId, boolean added) { }

    public CmisPlan plan() {
        return new Run().plan();
    }

    /**
     * One plan: what it reads once (mappings, people, Moodle's groupings) and what it gathers (calls, report lists),
     * then a method per stage, so each course is planned by a method of its own (a small unit for the JIT to compile
     * too: the whole plan in one method took C2 over a second of CPU on the first night).
     */
    private final class Run {
        final int width = props.getStudentCodeWidth();
        final Lines notEnrolled = new Lines(REPORT_LINES);
        final List<String> clashes = new ArrayList<>();
        final List<String> unmanaged = new ArrayList<>();
        final Lines leftAlone = new Lines(REPORT_LINES);
        final List<String> notes = new ArrayList<>();
        final Map<Long, String> heldUsers = heldUsers();
        final java.util.Comparator<Module> moduleOrder = java.util.Comparator.comparing(Module::year).thenComparing(Module::code);
        final List<Pair> pairs = new ArrayList<>();
        final Map<Long, Map<Module, String>> untouchable = new HashMap<>();
        final Map<Long, String> courseIdnumbers = new HashMap<>();
        final Map<Long, List<Group>> groupingsByCourse = new HashMap<>();
        final Map<Long, LongBag> links = new HashMap<>(); // grouping id -> its groups' ids
        final List<CmisPlan.CourseCalls> courses = new ArrayList<>();
        final LongBag desiredGroups = new LongBag(); // ids of the owned groups that are still desired
        CmisPeople people;

        CmisPlan plan() {
            read();
            planCourses();
            long[] counts = unmanagedGroups();
            return new CmisPlan(courses, notEnrolled, clashes, unmanaged, leftAlone, notes,
                    new ShrinkGuard.Retention("owned groups", counts[0], counts[0] - counts[1]));
        }

        /** What the plan reads whole: the managed pairs, the modules left alone, people, courses and groupings. */
        private void read() {
            // the managed (course, module) pairs in course order: a list of pairs, not a map of sets (a large
            // university has 50,000 courses); years and module codes repeat, one string each
            Map<String, String> strings = new HashMap<>();
            reader.query(sql.query("cmis/desired-modules.sql"), rs -> pairs.add(new Pair(rs.getLong("vle_courseid"),
                    new Module(strings.computeIfAbsent(rs.getString("ayr_code"), k -> k), strings.computeIfAbsent(rs.getString("mod_code"), k -> k)))));
            strings.clear();
            pairs.sort(java.util.Comparator.comparingLong(Pair::courseId).thenComparing(Pair::module, moduleOrder));
            reader.query(sql.query("cmis/left-alone-modules.sql"), rs -> {
                untouchable.computeIfAbsent(rs.getLong("vle_courseid"), k -> new HashMap<>())
                        .put(new Module(rs.getString("ayr_code"), rs.getString("mod_code")), rs.getString("reason"));
            });
            people = CmisPeople.read(reader, sql, sits.getUpiField(), width);
            reader.query("SELECT id, idnumber FROM moodle_course_dump", rs -> {
                courseIdnumbers.put(rs.getLong(1), rs.getString(2));
            });
            // what Moodle has (its groups, members and enrolments are read course by course, below: a large
            // university has 160,000 groups and millions of members)
            reader.query(sql.query("moodle/state/groupings.sql"), rs -> {
                Group g = new Group(rs.getLong("id"), rs.getLong("courseid"), rs.getString("idnumber"), rs.getString("name"));
                groupingsByCourse.computeIfAbsent(g.courseId(), k -> new ArrayList<>()).add(g);
            });
            reader.query(sql.query("moodle/state/grouping-links.sql"), rs -> {
                links.computeIfAbsent(rs.getLong("groupingid"), k -> new LongBag()).add(rs.getLong("groupid"));
            });
        }

        /** Course by course, Moodle's rows and CMIS's side by side (both queries in course order). */
        private void planCourses() {
            try (ByCourse<MoodleRow> moodle = new ByCourse<>(reader.open(sql.query("cmis/moodle-courses.sql"), (rs, i) -> moodleRow(rs)),
                         MoodleRow::courseId, "cmis/moodle-courses.sql");
                 ByCourse<Wanted> wantedGroups = new ByCourse<>(reader.open(sql.query("cmis/course-groups.sql"),
                         (rs, i) -> wanted(rs)), Wanted::courseId, "cmis/course-groups.sql")) {
                for (int next = 0; next < pairs.size(); ) {
                    long courseId = pairs.get(next).courseId();
                    Set<Module> modules = new java.util.TreeSet<>(moduleOrder);
                    for (; next < pairs.size() && pairs.get(next).courseId() == courseId; next++) {
                        modules.add(pairs.get(next).module());
                    }
                    planCourse(courseId, modules, moodle, wantedGroups);
                }
                // the rest, for the order checks only
                moodle.finish();
                wantedGroups.finish();
            }
        }

        /** One course's groups, their members, who is enrolled, and whom CMIS wants where. */
        private void planCourse(long courseId, Set<Module> modules, ByCourse<MoodleRow> moodle, ByCourse<Wanted> wantedGroups) {
            InMoodle have = InMoodle.read(moodle, courseId);
            Map<Module, List<CmisGroup>> cmisGroups = new HashMap<>();
            Map<String, List<Who>> members = new HashMap<>(); // by group idnumber
            // a module mapped to the course by two of its occurrences comes twice (course-groups.sql): its repeated
            // group rows show it, and its members are made unique once the course is read
            Set<Module> repeated = new HashSet<>();
            wantedGroups.forCourse(courseId, w -> {
                if (!modules.contains(w.module())) {
                    throw new IllegalStateException("cmis/course-groups.sql names " + w.module().code() + " " + w.module().year()
                            + " in course " + courseId + ", which cmis/desired-modules.sql does not: the two must select"
                            + " the same (course, year, module) pairs");
                }
                if ("group".equals(w.kind())) {
                    String name = w.who() == null || w.who().isBlank() ? w.groupCode() : w.who().strip();
                    List<CmisGroup> groups = cmisGroups.computeIfAbsent(w.module(), k -> new ArrayList<>());
                    CmisGroup group = new CmisGroup(w.groupCode(), name);
                    if (groups.contains(group)) {
                        repeated.add(w.module());
                    } else {
                        groups.add(group);
                    }
                    return;
                }
                Who who = people.who("student".equals(w.kind()), w.who());
                if (who != null) { // the shipped query never returns a member without an id; a site's own may
                    members.computeIfAbsent(cmis.groupIdnumber(w.module().year(), w.module().code(), w.groupCode()),
                            k -> new ArrayList<>()).add(who);
                }
            });
            for (Module m : repeated) {
                for (CmisGroup g : cmisGroups.get(m)) {
                    members.computeIfPresent(cmis.groupIdnumber(m.year(), m.code(), g.code()), (k, list) -> {
                        Map<String, Who> once = new LinkedHashMap<>();
                        list.forEach(who -> once.putIfAbsent(who.label(), who));
                        return new ArrayList<>(once.values());
                    });
                }
            }
            cmisGroups.values().forEach(l -> l.sort(java.util.Comparator.comparing(CmisGroup::code)));
            String courseIdnumber = courseIdnumbers.get(courseId) == null || courseIdnumbers.get(courseId).isBlank()
                    ? "course " + courseId : courseIdnumbers.get(courseId);
            if (!courseIdnumbers.containsKey(courseId)) {
                notes.add("course " + courseId + ": mapped for group import but not in Moodle; skipped");
                return;
            }
            CmisPlan.CourseCalls calls = new CmisPlan.CourseCalls(courseId, courseIdnumber);
            Map<String, Group> ownedByIdnumber = new HashMap<>();
            Set<String> strangerNames = new HashSet<>();
            for (Group g : have.groupsById().values()) {
                if (cmis.owns(g.idnumber())) {
                    ownedByIdnumber.put(g.idnumber(), g);
                } else {
                    strangerNames.add(g.name());
                }
            }

            // desired groups of the course, with names made unique where modules or strangers clash
            List<Want> wants = new ArrayList<>();
            Map<String, Set<String>> modulesByName = new HashMap<>();
            for (Module m : modules) {
                for (CmisGroup g : cmisGroups.getOrDefault(m, List.of())) {
                    String idn = cmis.groupIdnumber(m.year(), m.code(), g.code());
                    if (idn.length() > 100) {
                        notes.add(courseIdnumber + ": group idnumber " + idn + " is longer than 100 characters; skipped");
                        continue;
                    }
                    wants.add(new Want(m, g, idn));
                    modulesByName.computeIfAbsent(g.name(), k -> new HashSet<>()).add(m.code());
                }
            }
            Set<String> usedNames = new HashSet<>(strangerNames);
            Set<String> desiredIdnumbers = new HashSet<>();
            for (Want w : wants) {
                desiredIdnumbers.add(w.idnumber());
                String name = w.group().name();
                boolean sharedByModules = modulesByName.get(name).size() > 1;
                if (sharedByModules || strangerNames.contains(name)) {
                    String distinct = name + " (" + w.module().code() + ")";
                    clashes.add(courseIdnumber + ": '" + name + "' " + (sharedByModules ? "is a group name of several mapped modules"
                            : "is taken by a group the feed does not own") + "; the feed's group is named '" + distinct + "'");
                    name = distinct;
                }
                if (name.length() > NAME_MAX) {
                    notes.add(courseIdnumber + ": group name of " + w.idnumber() + " cut to " + NAME_MAX + " characters");
                    name = name.substring(0, NAME_MAX);
                }
                if (!usedNames.add(name) && !(ownedByIdnumber.containsKey(w.idnumber())
                        && ownedByIdnumber.get(w.idnumber()).name().equals(name))) {
                    notes.add(courseIdnumber + ": cannot give " + w.idnumber() + " the unique name '" + name + "'; skipped");
                    continue;
                }
                Group group = ownedByIdnumber.get(w.idnumber());
                if (group == null) {
                    calls.groups().add(new CmisPlan.NewGroup(w.idnumber(), name, w.group().code(), w.module().code(), w.module().year()));
                } else if (!group.name().equals(name)) {
                    calls.renames().add(new CmisPlan.Rename(group.id(), w.idnumber(), group.name(), name));
                }
                planMembers(calls, courseIdnumber, w.idnumber(), group, have, members.getOrDefault(w.idnumber(), List.of()));
            }
            ownedByIdnumber.forEach((idn, g) -> {
                if (desiredIdnumbers.contains(idn)) {
                    desiredGroups.add(g.id());
                }
            });
            planGroupings(calls, courseId, modules, wants, desiredIdnumbers, ownedByIdnumber);
            calls.trim();
            courses.add(calls);
        }

        /** A group's members: the CMIS students and tutors of the group who are enrolled in the course. */
        private void planMembers(CmisPlan.CourseCalls calls, String courseIdnumber, String idnumber, Group group, InMoodle have,
                                 List<Who> cmisMembers) {
            LongBag current = group == null ? LongBag.EMPTY : have.membersByGroup().getOrDefault(group.id(), LongBag.EMPTY);
            Long groupId = group == null ? null : group.id(); // one box for all the group's members
            Set<Long> wanted = new HashSet<>();
            for (Who who : cmisMembers) {
                Long user = who.user();
                if (user == null) {
                    notEnrolled.add(() -> courseIdnumber + " / " + idnumber + ": " + who.label() + " has no Moodle account");
                    continue;
                }
                if (!have.inCourse().contains(user)) {
                    notEnrolled.add(() -> courseIdnumber + " / " + idnumber + ": " + who.label() + " (user " + user
                            + ") is not enrolled in the course; not sent");
                    continue;
                }
                if (wanted.add(user) && !current.contains(user)) {
                    calls.add(idnumber, groupId, who);
                }
            }
            if (group == null) {
                return;
            }
            LongBag ours = have.addedByFeed().getOrDefault(group.id(), LongBag.EMPTY);
            current.forEach(user -> {
                if (!wanted.contains(user)) {
                    boolean added = ours.contains(user);
                    String held = heldUsers.get(user);
                    if (held != null) {
                        leftAlone.add(courseIdnumber + " / " + idnumber + ": user " + user + " " + held);
                    } else if (cmis.isRemoveDepartedMembers() && added) {
                        calls.remove(idnumber, groupId, user);
                    } else {
                        leftAlone.add(courseIdnumber + " / " + idnumber + ": user " + user + " is no longer in the"
                                + " CMIS group; kept (" + (added ? "mim.cmis.remove-departed-members is false"
                                : "not added by this feed") + ")");
                    }
                }
            });
        }

        /** One grouping per module, holding its groups (both always in this course). */
        private void planGroupings(CmisPlan.CourseCalls calls, long courseId, Set<Module> modules, List<Want> wants,
                                   Set<String> desiredIdnumbers, Map<String, Group> ownedByIdnumber) {
            Map<String, Group> groupingByIdnumber = new HashMap<>();
            groupingsByCourse.getOrDefault(courseId, List.of()).stream().filter(g -> cmis.owns(g.idnumber()))
                    .forEach(g -> groupingByIdnumber.put(g.idnumber(), g));
            for (Module m : modules) {
                String gidn = cmis.groupingIdnumber(m.year(), m.code());
                Group grouping = groupingByIdnumber.get(gidn);
                if (grouping == null) {
                    calls.groupings().add(new CmisPlan.NewGrouping(gidn, m.code() + " " + m.year() + " timetable groups",
                            "CMIS timetable groups of " + m.code() + " " + m.year()));
                }
                for (Want w : wants) {
                    if (!w.module().equals(m) || !desiredIdnumbers.contains(w.idnumber())) {
                        continue;
                    }
                    Group group = ownedByIdnumber.get(w.idnumber());
                    if (grouping == null || group == null || !links.getOrDefault(grouping.id(), LongBag.EMPTY).contains(group.id())) {
                        calls.links().add(new CmisPlan.Link(gidn, grouping == null ? null : grouping.id(), w.idnumber(),
                                group == null ? null : group.id()));
                    }
                }
            }
        }

        /** Owned groups the feed no longer manages: a second pass over Moodle's groups. Returns {baseline, deleted}. */
        private long[] unmanagedGroups() {
            long[] counts = {0, 0}; // baseline, deleted
            Map<Long, CmisPlan.CourseCalls> byCourse = new LinkedHashMap<>();
            courses.forEach(c -> byCourse.put(c.courseId(), c));
            reader.query(sql.query("moodle/state/groups.sql"), rs -> {
                Group g = group(rs, 0);
                long courseId = g.courseId();
                if (!cmis.owns(g.idnumber())) {
                    return;
                }
                String reason = untouchedReason(g, untouchable.getOrDefault(courseId, Map.of()));
                if (reason != null) {
                    leftAlone.add(() -> courseIdnumbers.get(courseId) + " / " + g.idnumber() + ": " + reason + "; no call");
                    return;
                }
                counts[0]++;
                if (desiredGroups.contains(g.id())) {
                    return;
                }
                if (cmis.isDeleteUnmanagedGroups()) {
                    counts[1]++;
                    byCourse.computeIfAbsent(courseId, k -> {
                        CmisPlan.CourseCalls c = new CmisPlan.CourseCalls(k, courseIdnumbers.get(k));
                        courses.add(c);
                        return c;
                    }).deletes().add(new CmisPlan.Delete(g.id(), g.idnumber(), g.name()));
                    unmanaged.add(courseIdnumbers.get(courseId) + " / " + g.idnumber() + " '" + g.name() + "': no longer managed; deleted");
                } else {
                    unmanaged.add(courseIdnumbers.get(courseId) + " / " + g.idnumber() + " '" + g.name()
                            + "': no longer managed; left in place (mim.cmis.delete-unmanaged-groups is false)");
                }
            });
            return counts;
        }
    }

    /** A desired group of a course: its module, CMIS group and idnumber. */
    private record Want(Module module, CmisGroup group, String idnumber) { }

    /** One course as Moodle has it: its groups (in the query's order), their members, those the feed added, who is enrolled. */
    private record InMoodle(Map<Long, Group> groupsById, Map<Long, LongBag> membersByGroup, Map<Long, LongBag> addedByFeed,
                            LongBag inCourse) {
        static InMoodle read(ByCourse<MoodleRow> moodle, long courseId) {
            InMoodle in = new InMoodle(new LinkedHashMap<>(), new HashMap<>(), new HashMap<>(), new LongBag());
            moodle.forCourse(courseId, r -> {
                if (r.group() == null) {
                    in.inCourse().add(r.userId());
                    return;
                }
                in.groupsById().putIfAbsent(r.group().id(), r.group());
                if (r.userId() != null) {
                    in.membersByGroup().computeIfAbsent(r.group().id(), k -> new LongBag()).add(r.userId());
                    if (r.added()) {
                        in.addedByFeed().computeIfAbsent(r.group().id(), k -> new LongBag()).add(r.userId());
                    }
                }
            });
            return in;
        }
    }

    private static Group group(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Group(rs.getLong("id"), rs.getLong("courseid"), rs.getString("idnumber"), rs.getString("name"));
    }

    private static MoodleRow moodleRow(java.sql.ResultSet rs) throws java.sql.SQLException {
        long course = rs.getLong("courseid");
        long user = rs.getLong("userid");
        Long userId = rs.wasNull() ? null : user;
        if ("E".equals(rs.getString("kind"))) {
            return new MoodleRow(course, null, userId, false);
        }
        return new MoodleRow(course, new Group(rs.getLong("groupid"), course, rs.getString("idnumber"), rs.getString("name")), userId,
                rs.getInt("added") == 1);
    }

    /** A row of cmis/course-groups.sql; a member without an id (a site's own query may give one) is dropped later. */
    private static Wanted wanted(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Wanted(rs.getLong("vle_courseid"), new Module(rs.getString("ayr_code"), rs.getString("mod_code")),
                rs.getString("group_code"), rs.getString("kind"), rs.getString("who"));
    }

    /** Why an owned group must get no call at all (its module's mapping is NA, or its course is frozen), or null. */
    private String untouchedReason(Group g, Map<Module, String> untouchable) {
        String rest = g.idnumber().substring(cmis.getIdnumberPrefix().length());
        String[] parts = rest.split(":", 3);
        if (parts.length >= 2) {
            String reason = untouchable.get(new Module(parts[0], parts[1]));
            if (reason != null) {
                return reason;
            }
        }
        return untouchable.values().stream().filter(r -> r.startsWith("course frozen")).findFirst().orElse(null);
    }
}
