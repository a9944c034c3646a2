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

    public List<String> getEligibleEnrolmentStatuses() { return eligibleEnrolmentStatuses; }
    public void setEligibleEnrolmentStatuses(List<String> v) { this.eligibleEnrolmentStatuses = v; }
    public List<String> getEligibleCourseJoinStatuses() { return eligibleCourseJoinStatuses; }
    public void setEligibleCourseJoinStatuses(List<String> v) { this.eligibleCourseJoinStatuses = v; }
}
