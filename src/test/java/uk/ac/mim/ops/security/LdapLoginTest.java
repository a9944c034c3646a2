package uk.ac.mim.ops.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * Staff log in with their directory account: a bind as the user, directory groups mapped to roles, a member of
 * no mapped group gets no role. Against a real LDAP server (UnboundID's in-memory directory) on loopback.
 */
class LdapLoginTest {

    static InMemoryDirectoryServer ldap;

    @BeforeAll
    static void directory() throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig("dc=example,dc=ac,dc=uk");
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", java.net.InetAddress.getLoopbackAddress(), 0, null));
        ldap = new InMemoryDirectoryServer(config);
        ldap.add("dn: dc=example,dc=ac,dc=uk", "objectClass: domain", "dc: example");
        ldap.add("dn: ou=people,dc=example,dc=ac,dc=uk", "objectClass: organizationalUnit", "ou: people");
        ldap.add("dn: ou=groups,dc=example,dc=ac,dc=uk", "objectClass: organizationalUnit", "ou: groups");
        for (String uid : new String[] {"ops1", "look1", "other1"}) {
            ldap.add("dn: uid=" + uid + ",ou=people,dc=example,dc=ac,dc=uk", "objectClass: inetOrgPerson", "uid: " + uid,
                    "cn: " + uid, "sn: " + uid, "userPassword: pw-" + uid);
        }
        ldap.add("dn: cn=vle-integration,ou=groups,dc=example,dc=ac,dc=uk", "objectClass: groupOfNames", "cn: vle-integration",
                "member: uid=ops1,ou=people,dc=example,dc=ac,dc=uk");
        ldap.add("dn: cn=service-desk,ou=groups,dc=example,dc=ac,dc=uk", "objectClass: groupOfNames", "cn: service-desk",
                "member: uid=look1,ou=people,dc=example,dc=ac,dc=uk");
        ldap.add("dn: cn=library,ou=groups,dc=example,dc=ac,dc=uk", "objectClass: groupOfNames", "cn: library",
                "member: uid=other1,ou=people,dc=example,dc=ac,dc=uk");
        ldap.startListening();
    }

    @AfterAll
    static void stop() {
        ldap.shutDown(true);
    }

    AuthenticationProvider provider() {
        SecurityProperties.Ldap s = new SecurityProperties.Ldap();
        s.setUrl("ldap://127.0.0.1:" + ldap.getListenPort() + "/dc=example,dc=ac,dc=uk");
        s.getGroupRoles().put("vle-integration", "operator");
        s.getGroupRoles().put("service-desk", "viewer");
        return LdapLogin.provider(s);
    }

    static java.util.List<String> roles(Authentication a) {
        return a.getAuthorities().stream().map(GrantedAuthority::getAuthority).sorted().toList();
    }

    @Test
    void directoryGroupsBecomeRoles() {
        assertThat(roles(provider().authenticate(new UsernamePasswordAuthenticationToken("ops1", "pw-ops1"))))
                .containsExactly("ROLE_OPERATOR", "ROLE_VIEWER");
        assertThat(roles(provider().authenticate(new UsernamePasswordAuthenticationToken("look1", "pw-look1"))))
                .containsExactly("ROLE_VIEWER");
        assertThat(roles(provider().authenticate(new UsernamePasswordAuthenticationToken("other1", "pw-other1")))).isEmpty();
    }

    @Test
    void aWrongPasswordIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> provider().authenticate(
                new UsernamePasswordAuthenticationToken("ops1", "wrong"))).isInstanceOf(BadCredentialsException.class);
    }
}
