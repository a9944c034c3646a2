package uk.ac.mim.staging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import uk.ac.mim.config.MimProperties;

/** Identifiers from configuration (tables, prefixes) are validated before they reach SQL; values are bound. */
class SqlIdentifiersTest {

    @ParameterizedTest
    @ValueSource(strings = {"x; DROP TABLE mim_feed_run", "a b", "1table", "ucl_dump--", "t\"x", "", "a_name_that_is_far_too_long_for_any_of_the_three_databases_we_support", "dump)"})
    void badTableNamesAreRefusedBeforeAnySql(String name) {
        assertThatThrownBy(() -> new CopySpec("sits-copy-x", "sits", "sits/student.sql", name, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Not a valid SQL identifier");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mdl_; DELETE FROM x", "mdl_ ", "m-dl_", "x'"})
    void aBadMoodlePrefixIsRefused(String prefix) {
        MimProperties props = new MimProperties();
        props.getMoodle().setTablePrefix(prefix);
        assertThatThrownBy(() -> new SqlResources(props).query("moodle/course.sql")).hasMessageContaining("Not a valid table prefix");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ucl_bdo_v_moodle_student_dump", "site_extra_view_dump", "A1"})
    void goodNamesPass(String name) {
        assertThat(SqlIdentifiers.identifier(name)).isEqualTo(name);
    }
}
