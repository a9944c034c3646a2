package uk.ac.mim.sits.profile;

import org.apache.camel.dataformat.bindy.annotation.CsvRecord;
import org.apache.camel.dataformat.bindy.annotation.DataField;

/**
 * One line of the profile-fields CSV for local_userprofilefields_import (docs/contract.md §4.2). Every field is
 * quoted and quotes inside values are doubled (RFC 4180, never backslash-escaped). The header line is
 * written by the feed, because the profile-field shortnames are configuration.
 */
@CsvRecord(separator = ",", quote = "\"", quoting = true, quotingEscaped = false, crlf = "WINDOWS",
        generateHeaderColumns = false)
public class ProfileFieldsRow {

    @DataField(pos = 1)
    private String username;
    @DataField(pos = 2)
    private String firstname;
    @DataField(pos = 3)
    private String lastname;
    @DataField(pos = 4)
    private String email;
    @DataField(pos = 5)
    private String idnumber;
    @DataField(pos = 6)
    private String upi;
    @DataField(pos = 7)
    private String programmeCode;
    @DataField(pos = 8)
    private String programmeName;
    @DataField(pos = 9)
    private String courseYear;
    @DataField(pos = 10)
    private String approvedModules;
    @DataField(pos = 11)
    private String preApprovalModules;
    @DataField(pos = 12)
    private String ugpg;

    public ProfileFieldsRow() {
    }

    @SuppressWarnings("checkstyle:ParameterNumber")
    public ProfileFieldsRow(String username, String firstname, String lastname, String email, String idnumber, String upi,
                            String programmeCode, String programmeName, String courseYear, String approvedModules,
                            String preApprovalModules, String ugpg) {
        this.username = username;
        this.firstname = firstname;
        this.lastname = lastname;
        this.email = email;
        this.idnumber = idnumber;
        this.upi = upi;
        this.programmeCode = programmeCode;
        this.programmeName = programmeName;
        this.courseYear = courseYear;
        this.approvedModules = approvedModules;
        this.preApprovalModules = preApprovalModules;
        this.ugpg = ugpg;
    }

    public String getUsername() { return username; }
    public String getFirstname() { return firstname; }
    public String getLastname() { return lastname; }
    public String getEmail() { return email; }
    public String getIdnumber() { return idnumber; }
    public String getUpi() { return upi; }
    public String getProgrammeCode() { return programmeCode; }
    public String getProgrammeName() { return programmeName; }
    public String getCourseYear() { return courseYear; }
    public String getApprovedModules() { return approvedModules; }
    public String getPreApprovalModules() { return preApprovalModules; }
    public String getUgpg() { return ugpg; }
}
