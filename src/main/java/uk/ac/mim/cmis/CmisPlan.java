package uk.ac.mim.cmis;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import uk.ac.mim.staging.Lines;
import uk.ac.mim.staging.ShrinkGuard;

/**
 * What one run of cmis-moodle-groups does (or, dry, would do), per course: each web-service call with its
 * items, and what it leaves alone and why. Group and grouping references are idnumbers; ids are known for
 * what exists and learnt from Moodle's answers for what the run creates.
 */
public record CmisPlan(List<CourseCalls> courses, Lines notEnrolled, List<String> clashes, List<String> unmanaged,
                       Lines leftAlone, List<String> notes, ShrinkGuard.Retention ownedGroups) {

    /** A group to create; its description is made when asked for (a large first night creates 160,000). */
    @JsonPropertyOrder({"idnumber", "name", "description"})
    public record NewGroup(String idnumber, String name, @JsonIgnore String groupCode, @JsonIgnore String moduleCode,
                           @JsonIgnore String year) {
        @JsonProperty("description")
        public String description() {
            return "CMIS timetable group " + groupCode + " of " + moduleCode + " " + year;
        }
    }

    public record NewGrouping(String idnumber, String name, String description) { }

    public record Rename(long groupId, String idnumber, String from, String to) { }

    public record Member(String groupIdnumber, Long groupId, long userId, String who) { }

    public record Link(String groupingIdnumber, Long groupingId, String groupIdnumber, Long groupId) { }

    public record Delete(long groupId, String idnumber, String name) { }

    public record CourseCalls(long courseId, String courseIdnumber, List<NewGrouping> groupings, List<NewGroup> groups,
                              List<Rename> renames, List<Member> adds, List<Link> links, List<Member> removes,
                              List<Delete> deletes) {
        public CourseCalls(long courseId, String courseIdnumber) {
            this(courseId, courseIdnumber, new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new MemberList(),
                    new ArrayList<>(), new MemberList(), new ArrayList<>());
        }

        /** A member to add, held as a reference to the person (see MemberList). */
        void add(String groupIdnumber, Long groupId, MemberList.Person who) {
            ((MemberList) adds).add(groupIdnumber, groupId, who);
        }

        /** A member to remove, known by their Moodle id. */
        void remove(String groupIdnumber, Long groupId, long userId) {
            ((MemberList) removes).add(groupIdnumber, groupId, userId);
        }

        /** The course is planned: its lists lose their slack. */
        void trim() {
            ((MemberList) adds).trim();
            ((MemberList) removes).trim();
        }

        public int items() {
            return groupings.size() + groups.size() + renames.size() + adds.size() + links.size() + removes.size() + deletes.size();
        }
    }

    public long items() {
        return courses.stream().mapToLong(CourseCalls::items).sum();
    }

    public long count(java.util.function.Function<CourseCalls, List<?>> what) {
        return courses.stream().mapToLong(c -> what.apply(c).size()).sum();
    }

    public String summary() {
        return String.format("%d groupings and %d groups to create, %d groups to rename, %d members to add, %d grouping"
                        + " links, %d members to remove, %d groups to delete in %d courses; %d members not enrolled, %d name"
                        + " clashes, %d unmanaged groups, %d left alone",
                count(CourseCalls::groupings), count(CourseCalls::groups), count(CourseCalls::renames),
                count(CourseCalls::adds), count(CourseCalls::links), count(CourseCalls::removes), count(CourseCalls::deletes),
                courses.stream().filter(c -> c.items() > 0).count(), notEnrolled.getTotal(), clashes.size(), unmanaged.size(),
                leftAlone.getTotal());
    }
}
