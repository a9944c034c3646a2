package uk.ac.mim.ops.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.DisableJmx;
import org.apache.catalina.Context;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import uk.ac.mim.staging.Overrides;

/**
 * The management surface as an attacker and as each role would use it (docs/security.md): Jolokia's access
 * policy per role, forged requests, anonymous state, input limits, CSP and the demo password file.
 */
@CamelSpringBootTest
@ExtendWith(OutputCaptureExtension.class)
@DisableJmx(false)
// its MBeans (uk.ac.mim:type=Operations, org.apache.camel:context=mim) are unregistered when it closes:
// another test context with JMX on registers the same names
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "mim.run-at-startup=false",
        "mim.security.users.vera.password=viewer-test-password",
        "mim.security.users.vera.roles=viewer",
        "mim.security.users.olga.password-hash={noop}operator-hash-test",
        "mim.security.users.olga.roles=operator",
        "mim.moodle.token=tok-test-not-a-real-token-7f3a",
        // the address lockout has its own test (LoginThrottleTest): here every request comes from 127.0.0.1
        "mim.security.login.max-failures-per-address=100000",
        "mim.datasource.staging.url=jdbc:h2:mem:surface-test;DB_CLOSE_DELAY=-1",
        "spring.jmx.enabled=true",
        "mim.output-dir=target/test-out/surface"})
class ManagementSurfaceTest {

    static final String CONTEXT = "org.apache.camel:context=mim,type=context,name=\\\"mim\\\"";
    static final String ROUTE = "org.apache.camel:context=mim,type=routes,name=\\\"sits-copy-route\\\"";

    @LocalServerPort
    int port;
    @Autowired
    CamelContext camel;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Overrides overrides;
    @Autowired
    ServletWebServerApplicationContext web;
    @Autowired
    LoginThrottle throttle;

    final ObjectMapper json = new ObjectMapper();

    Http http() {
        return new Http(port);
    }

    String operator() throws Exception {
        return Http.basic("mim-admin", Files.readString(Path.of("target/test-out/surface/admin-password.txt")).strip());
    }

    static String viewer() {
        return Http.basic("vera", "viewer-test-password");
    }

    static String hashedOperator() {
        return Http.basic("olga", "operator-hash-test");
    }

    int jolokiaStatus(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json.readTree(r.body()).path("status").asInt();
    }

    static String exec(String mbean, String operation, String arguments) {
        return "{\"type\":\"exec\",\"mbean\":\"" + mbean + "\",\"operation\":\"" + operation + "\",\"arguments\":[" + arguments + "]}";
    }

    @Test
    void noRoleCanEvaluateAnEndpointOrDumpTheJvm() throws Exception {
        for (String who : new String[] {operator(), viewer()}) {
            HttpResponse<String> secret = http().jolokia(exec(CONTEXT, "requestBody(java.lang.String,java.lang.Object)",
                    "\"language:simple:${env:PATH}\",\"x\""), who);
            assertThat(jolokiaStatus(secret)).isEqualTo(403);
            assertThat(jolokiaStatus(http().jolokia(exec(CONTEXT, "sendBody(java.lang.String,java.lang.Object)",
                    "\"file:/tmp?fileName=mim-probe\",\"x\""), who))).isEqualTo(403);
            assertThat(jolokiaStatus(http().jolokia(exec(CONTEXT, "createRouteStaticEndpointJson()", ""), who))).isEqualTo(403);
            assertThat(jolokiaStatus(http().jolokia(exec("com.sun.management:type=HotSpotDiagnostic",
                    "dumpHeap(java.lang.String,boolean)", "\"/tmp/mim-probe.hprof\",true"), who))).isEqualTo(403);
            assertThat(jolokiaStatus(http().jolokia(exec("com.sun.management:type=DiagnosticCommand",
                    "vmSystemProperties()", ""), who))).isEqualTo(403);
            assertThat(jolokiaStatus(http().jolokia("{\"type\":\"write\",\"mbean\":\"" + ROUTE
                    + "\",\"attribute\":\"Tracing\",\"value\":true}", who))).isEqualTo(403);
            assertThat(jolokiaStatus(http().jolokia("{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\","
                    + "\"attribute\":\"SystemProperties\"}", who))).isEqualTo(403);
            // the JSR-160 proxy is not there: a "target" opens no outbound JMX connection
            try (ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
                listener.configureBlocking(false);
                int target = ((InetSocketAddress) listener.getLocalAddress()).getPort();
                http().jolokia("{\"type\":\"read\",\"mbean\":\"java.lang:type=Memory\",\"target\":"
                        + "{\"url\":\"service:jmx:rmi:///jndi/rmi://127.0.0.1:" + target + "/jmxrmi\"}}", who);
                assertThat(listener.accept()).as("a connection to the proxy target").isNull();
            }
        }
        assertThat(Path.of("/tmp/mim-probe")).doesNotExist();
        assertThat(Path.of("/tmp/mim-probe.hprof")).doesNotExist();
    }

    @Test
    void aViewerReadsAndSeesTheRouteDiagramButCannotAct() throws Exception {
        assertThat(jolokiaStatus(http().jolokia("{\"type\":\"read\",\"mbean\":\"" + ROUTE + "\",\"attribute\":\"ExchangesTotal\"}",
                viewer()))).isEqualTo(200);
        assertThat(jolokiaStatus(http().jolokia("{\"type\":\"read\",\"mbean\":\"java.lang:type=Memory\"}", viewer()))).isEqualTo(200);
        HttpResponse<String> diagram = http().jolokia(exec(CONTEXT, "dumpRoutesAsXml(boolean)", "true"), viewer());
        assertThat(jolokiaStatus(diagram)).isEqualTo(200);
        assertThat(diagram.body()).contains("sits-ims-enrolments").doesNotContain("tok-test-not-a-real-token-7f3a");
        JsonNode domains = json.readTree(http().jolokia("{\"type\":\"list\"}", viewer()).body()).path("value");
        assertThat(domains.has("org.apache.camel")).isTrue();
        assertThat(domains.has("com.sun.management")).as("diagnostic MBeans hidden").isFalse();
        assertThat(domains.has("jolokia")).isFalse();

        assertThat(jolokiaStatus(http().jolokia(exec(ROUTE, "stop()", ""), viewer()))).isEqualTo(403);
        assertThat(jolokiaStatus(http().jolokia(exec("uk.ac.mim:type=Operations", "setFeedEnabled",
                "\"sits-copy-route\",false"), viewer()))).isEqualTo(403);
        assertThat(jolokiaStatus(http().jolokia(exec("uk.ac.mim:type=Operations", "setOverride",
                "\"sits-ims-enrolments\",\"forged\""), viewer()))).isEqualTo(403);
        assertThat(overrides.get("sits-ims-enrolments")).isEmpty();
        assertThat(camel.getRouteController().getRouteStatus("sits-copy-route")).isEqualTo(ServiceStatus.Started);
        // the management endpoints: reads yes, anything else no
        assertThat(http().get("/actuator/runs", viewer()).statusCode()).isEqualTo(200);
        assertThat(http().send(http().request("/actuator/runs").header("Authorization", viewer())
                .POST(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json")).statusCode()).isEqualTo(403);
    }

    @Test
    void anOperatorStopsAndStartsARouteAndActsThroughTheOperationsMBean() throws Exception {
        assertThat(jolokiaStatus(http().jolokia(exec(ROUTE, "stop()", ""), hashedOperator()))).isEqualTo(200);
        assertThat(camel.getRouteController().getRouteStatus("sits-copy-route")).isEqualTo(ServiceStatus.Stopped);
        assertThat(jolokiaStatus(http().jolokia(exec(ROUTE, "start()", ""), hashedOperator()))).isEqualTo(200);
        assertThat(camel.getRouteController().getRouteStatus("sits-copy-route")).isEqualTo(ServiceStatus.Started);

        HttpResponse<String> unknown = http().jolokia(exec("uk.ac.mim:type=Operations", "setFeedEnabled",
                "\"no-such-feed\",false"), operator());
        assertThat(json.readTree(unknown.body()).path("status").asInt()).isNotEqualTo(200);
        assertThat(unknown.body()).contains("Unknown feed");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM mim_setting WHERE setting_key LIKE '%no-such-feed%'", Integer.class)).isZero();
        HttpResponse<String> notGuarded = http().jolokia(exec("uk.ac.mim:type=Operations", "setOverride",
                "\"sits-copy-route\",\"why not\""), operator());
        assertThat(notGuarded.body()).contains("has no shrink guard");
        HttpResponse<String> set = http().jolokia(exec("uk.ac.mim:type=Operations", "setOverride",
                "\"sits-profile-fields\",\"line one\\r\\nFORGED line\""), operator());
        assertThat(jolokiaStatus(set)).isEqualTo(200);
        assertThat(overrides.consume("sits-profile-fields")).hasValueSatisfying(o -> assertThat(o.reason()).doesNotContain("\n", "\r")
                .isEqualTo("line one  FORGED line"));
    }

    @Test
    void forgedRequestsAreRefused() throws Exception {
        // operations from a plain GET URL: refused
        HttpResponse<String> get = http().get("/actuator/jolokia/exec/uk.ac.mim:type=Operations/setFeedEnabled/sits-copy-route/false",
                operator());
        assertThat(get.statusCode()).isEqualTo(403);
        assertThat(get.body()).contains("POST with a JSON body only");
        // a text/plain POST (sent cross-site without a preflight): refused
        HttpResponse<String> plain = http().send(http().request("/actuator/jolokia").header("Authorization", operator())
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(
                        exec("uk.ac.mim:type=Operations", "setFeedEnabled", "\"sits-copy-route\",false"))));
        assertThat(plain.statusCode()).isEqualTo(415);
        // another origin: refused, and never echoed with credentials allowed
        for (String method : new String[] {"POST", "OPTIONS"}) {
            HttpResponse<String> evil = http().send(http().request("/actuator/jolokia").header("Authorization", operator())
                    .header("Origin", "https://evil.example").header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString("{\"type\":\"version\"}")));
            assertThat(evil.statusCode()).as(method).isEqualTo(403);
            assertThat(evil.headers().firstValue("Access-Control-Allow-Origin")).as(method).isEmpty();
        }
        HttpResponse<String> own = http().send(http().request("/actuator/jolokia").header("Authorization", operator())
                .header("Origin", http().base()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"version\"}")));
        assertThat(jolokiaStatus(own)).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM mim_setting WHERE setting_key = 'feed.sits-copy-route.enabled'",
                Integer.class)).isZero();
    }

    @Test
    void theConsoleSessionDoesNotAuthenticateTheManagementApiAndIsSameSiteStrict() throws Exception {
        String session = login("mim-admin", Files.readString(Path.of("target/test-out/surface/admin-password.txt")).strip());
        assertThat(http().send(http().request("/console").header("Cookie", session)).statusCode()).isEqualTo(200);
        HttpResponse<String> withCookie = http().send(http().request("/actuator/jolokia").header("Cookie", session)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        exec("uk.ac.mim:type=Operations", "setFeedEnabled", "\"sits-copy-route\",false"))));
        assertThat(withCookie.statusCode()).isEqualTo(401);
        assertThat(http().send(http().request("/actuator/runs").header("Cookie", session)).statusCode()).isEqualTo(401);
        // Basic on the management API creates no session
        HttpResponse<String> basic = http().get("/actuator/runs", operator());
        assertThat(basic.statusCode()).isEqualTo(200);
        assertThat(basic.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("JSESSIONID"));
    }

    @Test
    void anonymousRequestsLeaveNoStateOnTheServer() throws Exception {
        int before = activeSessions();
        String big = "x".repeat(6000);
        for (int i = 0; i < 100; i++) {
            for (String path : new String[] {"/actuator/metrics", "/actuator/hawtio/", "/actuator/runs", "/console", "/console/explain",
                    "/login", "/actuator/jolokia/read/java.lang:type=Memory"}) {
                HttpResponse<String> r = http().send(http().request(path).header("X-Large", big));
                assertThat(r.statusCode()).as(path).isIn(200, 302, 401);
                assertThat(r.headers().allValues("Set-Cookie")).as(path).noneMatch(c -> c.startsWith("JSESSIONID"));
            }
            HttpResponse<String> wrong = http().send(http().request("/login").header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("username=nobody" + i + "&password=wrong")));
            assertThat(wrong.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("JSESSIONID"));
        }
        assertThat(activeSessions()).isEqualTo(before);
    }

    @Test
    void aViewerSeesTheConsoleButIsOfferedAndAllowedNoAction() throws Exception {
        HttpResponse<String> page = http().get("/console", viewer());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"freshness\"", "vera (viewer)").doesNotContain("class=\"run\"", "class=\"dry-run\"");
        String session = login("vera", "viewer-test-password");
        HttpResponse<String> form = http().send(http().request("/console").header("Cookie", session));
        HttpResponse<String> run = http().send(http().request("/console/feeds/sits-copy-faculties/run")
                .header("Cookie", session + "; " + csrfCookie(form)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("dry=true&_csrf=" + csrfField(form))));
        assertThat(run.statusCode()).isEqualTo(403);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM mim_feed_run WHERE triggered_by = 'vera'", Integer.class)).isZero();
    }

    @Test
    void anOverrideNeedsTheLatestBlockedRunOfAGuardedFeedAndAShortReason() throws Exception {
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.update("INSERT INTO mim_feed_run (run_id, feed_id, started_at, finished_at, status, dry_run, message)"
                + " VALUES ('ok-run-1', 'sits-copy-faculties', ?, ?, 'OK', 'N', 'copied')", now, now);
        jdbc.update("INSERT INTO mim_feed_run (run_id, feed_id, started_at, finished_at, status, dry_run, message)"
                + " VALUES ('blocked-run-1', 'sits-personal-tutors', ?, ?, 'BLOCKED', 'N', 'tutors 1 of 9 retained')", now, now);
        String session = login("mim-admin", Files.readString(Path.of("target/test-out/surface/admin-password.txt")).strip());
        HttpResponse<String> form = http().send(http().request("/console/runs/blocked-run-1").header("Cookie", session));
        assertThat(form.body()).contains("id=\"approve\"").doesNotContain("onsubmit");

        HttpResponse<String> okRun = approve(session, form, "ok-run-1", "reason=just+because");
        assertThat(okRun.statusCode()).isEqualTo(400);
        assertThat(okRun.body()).contains("only a BLOCKED run can be approved").doesNotContain("at uk.ac.mim");
        HttpResponse<String> tooLong = approve(session, form, "blocked-run-1", "reason=" + "r".repeat(600));
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.body()).contains("at most 500 characters");
        HttpResponse<String> huge = approve(session, form, "blocked-run-1", "reason=" + "r".repeat(1_500_000));
        assertThat(huge.statusCode()).isEqualTo(400);
        assertThat(huge.body()).contains("larger than the limit");
        assertThat(overrides.get("sits-personal-tutors")).isEmpty();

        HttpResponse<String> good = approve(session, form, "blocked-run-1", "reason=tutor+file+reloaded");
        assertThat(good.statusCode()).isEqualTo(302);
        assertThat(overrides.consume("sits-personal-tutors")).hasValueSatisfying(o -> assertThat(o.setBy()).isEqualTo("mim-admin"));
        jdbc.update("DELETE FROM mim_feed_run WHERE run_id IN ('ok-run-1', 'blocked-run-1')");
    }

    @Test
    void pathTricksAreA400WithoutATrace() {
        for (String path : new String[] {"/actuator/jolokia;/version", "/console;x=1", "/actuator/%2e%2e/console"}) {
            HttpResponse<String> r = http().get(path, null);
            assertThat(r.statusCode()).as(path).isEqualTo(400);
            assertThat(r.body()).as(path).doesNotContain("at org.", "Exception");
        }
    }

    @Test
    void theConsoleHasAStrictContentSecurityPolicyAndNoInlineScriptOrStyle() throws Exception {
        for (String path : new String[] {"/login", "/console", "/console/explain"}) {
            HttpResponse<String> r = http().get(path, path.equals("/login") ? null : viewer());
            assertThat(r.headers().firstValue("Content-Security-Policy")).as(path).hasValue(SecurityConfig.CONSOLE_CSP);
            assertThat(r.body()).as(path).doesNotContain("<style", "onsubmit=", "onclick=", "javascript:")
                    .doesNotContainPattern("<script(?![^>]*\\ssrc=)");
        }
        assertThat(http().get("/console/console.js", null).statusCode()).isEqualTo(200);
    }

    @Test
    void repeatedFailedLoginsLockTheUserEvenWithTheRightPassword() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(http().get("/actuator/runs", Http.basic("olga", "wrong-" + i)).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> locked = http().get("/actuator/runs", hashedOperator());
        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(locked.headers().firstValue("Retry-After")).isPresent();
        HttpResponse<String> page = http().get("/login", null);
        HttpResponse<String> form = http().send(http().request("/login").header("Cookie", csrfCookie(page))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=olga&password=operator-hash-test&_csrf=" + csrfField(page))));
        assertThat(form.statusCode()).isEqualTo(429);
        throttle.succeeded("olga", "127.0.0.1"); // as after the lockout: the user logs in again
        assertThat(http().get("/actuator/runs", hashedOperator()).statusCode()).isEqualTo(200);
    }

    @Test
    void theGeneratedPasswordFileIsOwnerOnly() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of("target/test-out/surface/admin-password.txt"))))
                .isEqualTo("rw-------");
        try (var dir = Files.list(Path.of("target/test-out/surface"))) {
            assertThat(dir.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".admin-password"));
        }
    }

    @Test
    void userInputCannotForgeALogLine(CapturedOutput output) {
        LoggerFactory.getLogger("uk.ac.mim.test").warn("override reason: {}", "rollover\r\n2026-12-01T02:00:00Z  INFO FORGED line\u2028x");
        assertThat(output.getOut()).contains("rollover\\r\\n2026-12-01T02:00:00Z  INFO FORGED line\\u2028x")
                .doesNotContainPattern("(?m)^2026-12-01T02:00:00Z  INFO FORGED");
    }

    private HttpResponse<String> approve(String session, HttpResponse<String> form, String runId, String body) {
        return http().send(http().request("/console/runs/" + runId + "/override")
                .header("Cookie", session + "; " + csrfCookie(form)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body + "&_csrf=" + csrfField(form))));
    }

    /** Logs in through the form (CSRF cookie and field from the login page) and returns the session cookie. */
    private String login(String user, String password) {
        HttpResponse<String> page = http().get("/login", null);
        HttpResponse<String> r = http().send(http().request("/login").header("Cookie", csrfCookie(page))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=" + password + "&_csrf=" + csrfField(page))));
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/console"));
        String cookie = r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID")).findFirst().orElseThrow();
        assertThat(cookie).contains("SameSite=Strict").contains("HttpOnly");
        return cookie.substring(0, cookie.indexOf(';'));
    }

    private static String csrfCookie(HttpResponse<String> r) {
        List<String> cookies = r.headers().allValues("Set-Cookie");
        return cookies.stream().filter(c -> c.startsWith("XSRF-TOKEN=")).map(c -> c.substring(0, c.indexOf(';'))).findFirst().orElse("");
    }

    private static String csrfField(HttpResponse<String> r) {
        Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(r.body());
        assertThat(m.find()).as("a CSRF field in the page").isTrue();
        return java.net.URLEncoder.encode(org.springframework.web.util.HtmlUtils.htmlUnescape(m.group(1)), java.nio.charset.StandardCharsets.UTF_8);
    }

    private int activeSessions() {
        TomcatWebServer server = (TomcatWebServer) web.getWebServer();
        return ((Context) server.getTomcat().getHost().findChildren()[0]).getManager().getActiveSessions();
    }
}
