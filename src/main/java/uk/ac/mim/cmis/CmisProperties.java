package uk.ac.mim.cmis;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings of the CMIS timetable-groups feed ({@code mim.cmis.*}). */
@ConfigurationProperties("mim.cmis")
public class CmisProperties {

    /** Delete owned groups the feed no longer manages (RMV, mapping gone, group left CMIS); under the shrink guard. */
    /** Above this share of the run's items refused by Moodle, the run is FAILED (health DOWN), not OK. */
    private int maxRefusedPercent = 10;

    private boolean deleteUnmanagedGroups = false;
    /** Remove members who left their CMIS group: only members this feed added. */
    private boolean removeDepartedMembers = false;
    /**
     * Marks what the feed owns: a group's idnumber is {@code <prefix><year>:<module>:<group>}, a grouping's
     * {@code <prefix><year>:<module>} (at most 100 characters). Never change it on a live site: groups with
     * the old mark become strangers the feed leaves alone.
     */
    private String idnumberPrefix = "cmis:";
    /** Group visibility sent to Moodle 4.2 and later (0 = visible to all). */
    private int groupVisibility = 0;

    public boolean isDeleteUnmanagedGroups() { return deleteUnmanagedGroups; }
    public void setDeleteUnmanagedGroups(boolean v) { this.deleteUnmanagedGroups = v; }
    public boolean isRemoveDepartedMembers() { return removeDepartedMembers; }
    public void setRemoveDepartedMembers(boolean v) { this.removeDepartedMembers = v; }
    public String getIdnumberPrefix() { return idnumberPrefix; }
    public void setIdnumberPrefix(String idnumberPrefix) { this.idnumberPrefix = idnumberPrefix; }
    public int getGroupVisibility() { return groupVisibility; }
    public void setGroupVisibility(int groupVisibility) { this.groupVisibility = groupVisibility; }

    public String groupIdnumber(String year, String module, String group) {
        return idnumberPrefix + year + ":" + module + ":" + group;
    }

    public String groupingIdnumber(String year, String module) {
        return idnumberPrefix + year + ":" + module;
    }

    public boolean owns(String idnumber) {
        return idnumber != null && idnumber.startsWith(idnumberPrefix);
    }

    public int getMaxRefusedPercent() { return maxRefusedPercent; }
    public void setMaxRefusedPercent(int maxRefusedPercent) { this.maxRefusedPercent = maxRefusedPercent; }
}
