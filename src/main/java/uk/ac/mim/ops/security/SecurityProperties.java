package uk.ac.mim.ops.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code mim.security.*}: who may use the console and the management endpoints, with which role, and the
 * limits that keep an anonymous or a clumsy client from exhausting the service (docs/security.md).
 * Passwords come from the environment; a user's hash may sit in configuration.
 */
@ConfigurationProperties("mim.security")
public class SecurityProperties {

    /** The built-in operator account (the demo generates its password when none is set). */
    private String user = "mim-admin";
    private String password;
    /** Further users: name → password hash or password (from the environment) and roles (viewer, operator). */
    private Map<String, UserSpec> users = new LinkedHashMap<>();
    /** Origins other than the service's own that may call Jolokia from a browser (e.g. a proxy's public URL). */
    private List<String> allowedOrigins = new ArrayList<>();
    private final Login login = new Login();
    /** Largest request body the console and the management endpoints accept. */
    private long maxRequestBytes = 256 * 1024;
    /** Largest Jolokia request: Hawtio's RBAC check names every MBean at once (about 0.5 MB for the shipped routes). */
    private long maxJolokiaRequestBytes = 16L * 1024 * 1024;
    /** Longest override reason (characters). */
    private int maxReasonLength = 500;
    private final Ldap ldap = new Ldap();

    public static class UserSpec {
        /** A Spring Security encoded hash, e.g. {@code {bcrypt}$2a$10$...}. */
        private String passwordHash;
        /** A clear password, only ever from the environment (MIM_SECURITY_USERS_<NAME>_PASSWORD). */
        private String password;
        private List<String> roles = new ArrayList<>(List.of(Roles.VIEWER));

        public String getPasswordHash() { return passwordHash; }
        public void setPasswordHash(String passwordHash) { this.passwordHash = passwordHash; }
        public String getPassword() { return password; }
        public void setPassword(String password) { this.password = password; }
        public List<String> getRoles() { return roles; }
        public void setRoles(List<String> roles) { this.roles = roles; }
    }

    /** Login throttling: after so many failures in a row a user or an address waits, doubling up to a ceiling. */
    public static class Login {
        private int maxFailuresPerUser = 5;
        private int maxFailuresPerAddress = 20;
        private Duration lockout = Duration.ofMinutes(1);
        private Duration maxLockout = Duration.ofMinutes(15);
        /** Users and addresses remembered at most (the oldest are forgotten first): bounded memory. */
        private int tracked = 10_000;

        public int getMaxFailuresPerUser() { return maxFailuresPerUser; }
        public void setMaxFailuresPerUser(int v) { this.maxFailuresPerUser = v; }
        public int getMaxFailuresPerAddress() { return maxFailuresPerAddress; }
        public void setMaxFailuresPerAddress(int v) { this.maxFailuresPerAddress = v; }
        public Duration getLockout() { return lockout; }
        public void setLockout(Duration lockout) { this.lockout = lockout; }
        public Duration getMaxLockout() { return maxLockout; }
        public void setMaxLockout(Duration maxLockout) { this.maxLockout = maxLockout; }
        public int getTracked() { return tracked; }
        public void setTracked(int tracked) { this.tracked = tracked; }
    }

    /** Staff accounts from the university's directory instead of (or as well as) configured users. */
    public static class Ldap {
        /** e.g. ldaps://ldap.example.ac.uk:636/dc=example,dc=ac,dc=uk; empty = no directory. */
        private String url;
        private String userDnPattern = "uid={0},ou=people";
        private String groupSearchBase = "ou=groups";
        private String groupSearchFilter = "(member={0})";
        /** Directory group (cn) → role. */
        private Map<String, String> groupRoles = new LinkedHashMap<>();

        public String getUrl() { return url; }
        public void setUrl(String url) { this.url = url; }
        public String getUserDnPattern() { return userDnPattern; }
        public void setUserDnPattern(String v) { this.userDnPattern = v; }
        public String getGroupSearchBase() { return groupSearchBase; }
        public void setGroupSearchBase(String v) { this.groupSearchBase = v; }
        public String getGroupSearchFilter() { return groupSearchFilter; }
        public void setGroupSearchFilter(String v) { this.groupSearchFilter = v; }
        public Map<String, String> getGroupRoles() { return groupRoles; }
        public void setGroupRoles(Map<String, String> groupRoles) { this.groupRoles = groupRoles; }
    }

    public String getUser() { return user; }
    public void setUser(String user) { this.user = user; }
    public String getPassword() { return password; }
    public void setPassword(String password) { this.password = password; }
    public Map<String, UserSpec> getUsers() { return users; }
    public void setUsers(Map<String, UserSpec> users) { this.users = users; }
    public List<String> getAllowedOrigins() { return allowedOrigins; }
    public void setAllowedOrigins(List<String> allowedOrigins) { this.allowedOrigins = allowedOrigins; }
    public Login getLogin() { return login; }
    public long getMaxRequestBytes() { return maxRequestBytes; }
    public void setMaxRequestBytes(long maxRequestBytes) { this.maxRequestBytes = maxRequestBytes; }
    public long getMaxJolokiaRequestBytes() { return maxJolokiaRequestBytes; }
    public void setMaxJolokiaRequestBytes(long maxJolokiaRequestBytes) { this.maxJolokiaRequestBytes = maxJolokiaRequestBytes; }
    public int getMaxReasonLength() { return maxReasonLength; }
    public void setMaxReasonLength(int maxReasonLength) { this.maxReasonLength = maxReasonLength; }
    public Ldap getLdap() { return ldap; }
}
