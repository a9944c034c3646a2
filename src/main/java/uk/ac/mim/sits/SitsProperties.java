package uk.ac.mim.sits;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Which SITS students every SITS feed publishes ({@code mim.sits.*}). */
@ConfigurationProperties("mim.sits")
public class SitsProperties {

    /** Enrolment statuses of eligible students. */
    private List<String> eligibleEnrolmentStatuses = new ArrayList<>(List.of("E", "P"));
    /** Course-join statuses of eligible students. */
    private List<String> eligibleCourseJoinStatuses = new ArrayList<>(List.of("O"));

    /** Shortname of the Moodle profile field that holds a person's UPI. */
    private String upiField = "upi";
    /** {@code role} column of the personal-tutor view. */
    private String tutorRole = "personal_tutor";

    public String getUpiField() { return upiField; }
    public void setUpiField(String upiField) { this.upiField = upiField; }
    public String getTutorRole() { return tutorRole; }
    public void setTutorRole(String tutorRole) { this.tutorRole = tutorRole; }
    public List<String> getEligibleEnrolmentStatuses() { return eligibleEnrolmentStatuses; }
    public void setEligibleEnrolmentStatuses(List<String> v) { this.eligibleEnrolmentStatuses = v; }
    public List<String> getEligibleCourseJoinStatuses() { return eligibleCourseJoinStatuses; }
    public void setEligibleCourseJoinStatuses(List<String> v) { this.eligibleCourseJoinStatuses = v; }
}
