package uk.ac.mim.sits.profile;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings of the profile-fields CSV feed ({@code mim.profile-fields.*}). */
@ConfigurationProperties("mim.profile-fields")
public class ProfileFieldsProperties {

    /** Folder local_userprofilefields_import reads. */
    private Path dropDir = Path.of("out/moodle-drop");
    private String fileName = "UCL_SIS_Userprofilefields.csv";
    private int archiveKeep = 10;
    private int chunkSize = 500;
    /** Moodle profile-field shortnames, by the value each column carries (header: profile_field_<shortname>). */
    private Map<String, String> shortnames = new LinkedHashMap<>(Map.of(
            "upi", "upi", "programme-code", "programmecode", "programme-name", "programmename",
            "course-year", "courseyear", "approved-modules", "approvedmodules",
            "pre-approval-modules", "preappmodules", "ugpg", "postundergrad"));

    public Path getDropDir() { return dropDir; }
    public void setDropDir(Path dropDir) { this.dropDir = dropDir; }
    public String getFileName() { return fileName; }
    public void setFileName(String fileName) { this.fileName = fileName; }
    public int getArchiveKeep() { return archiveKeep; }
    public void setArchiveKeep(int archiveKeep) { this.archiveKeep = archiveKeep; }
    public int getChunkSize() { return chunkSize; }
    public void setChunkSize(int chunkSize) { this.chunkSize = chunkSize; }
    public Map<String, String> getShortnames() { return shortnames; }
    public void setShortnames(Map<String, String> shortnames) { this.shortnames = shortnames; }

    public String header() {
        String[] keys = {"upi", "programme-code", "programme-name", "course-year", "approved-modules",
                "pre-approval-modules", "ugpg"};
        StringBuilder b = new StringBuilder("username,firstname,lastname,email,idnumber");
        for (String k : keys) {
            String shortname = shortnames.get(k);
            if (shortname == null || !shortname.matches("[A-Za-z0-9_]+")) {
                throw new IllegalStateException("mim.profile-fields.shortnames." + k + " must be a Moodle profile-field"
                        + " shortname (letters, digits, underscores), not '" + shortname + "'");
            }
            b.append(",profile_field_").append(shortname);
        }
        return b.toString();
    }
}
