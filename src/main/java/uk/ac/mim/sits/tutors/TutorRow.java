package uk.ac.mim.sits.tutors;

/** One row of {@code sits_v_personaltutorrole} (docs/contract.md §4.3). */
public record TutorRow(String studentCode, String studentUpi, String studentUsername, String studentFirstname,
                       String studentSurname, String studentProgramme, Long studentId, String sitsTutorUpi,
                       String tutorUpi, String tutorFirstname, String tutorSurname, Long tutorId, String role,
                       String source) {

    /** The values in the view's column order (its fingerprint is taken of these, as written and as read back). */
    Object[] values() {
        return new Object[] {studentCode, studentUpi, studentUsername, studentFirstname, studentSurname, studentProgramme,
            studentId, sitsTutorUpi, tutorUpi, tutorFirstname, tutorSurname, tutorId, role, source};
    }

    /** The relationship the consumer keys on: a student and their tutor. */
    public String key() {
        return studentCode + "->" + (tutorUpi == null ? "" : tutorUpi.toLowerCase(java.util.Locale.ROOT));
    }
}
