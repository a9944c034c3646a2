package uk.ac.mim.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;

/** Management endpoints need HTTP Basic; health is open; the demo's generated password is in a file, not the log. */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "mim.run-at-startup=false",
        "mim.datasource.staging.url=jdbc:h2:mem:security-test;DB_CLOSE_DELAY=-1",
        "mim.output-dir=target/test-out/security"})
class ManagementSecurityTest {

    @Autowired
    TestRestTemplate http;

    @Test
    void healthIsOpenAndEverythingElseNeedsCredentials() throws Exception {
        assertThat(http.getForEntity("/actuator/health", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        for (String path : new String[] {"/actuator/metrics", "/actuator/hawtio/", "/actuator/jolokia/read/java.lang:type=Memory"}) {
            assertThat(http.getForEntity(path, String.class).getStatusCode()).as(path).isEqualTo(HttpStatus.UNAUTHORIZED);
            assertThat(http.getForEntity(path, String.class).getBody()).as(path).doesNotContain("<html");
        }
        String password = Files.readString(Path.of("target/test-out/security/admin-password.txt")).strip();
        var authed = http.withBasicAuth("mim-admin", password);
        assertThat(authed.getForEntity("/actuator/metrics", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(authed.getForEntity("/actuator/hawtio/", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(http.withBasicAuth("mim-admin", "wrong").getForEntity("/actuator/metrics", String.class)
                .getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }
}
