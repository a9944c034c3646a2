package uk.ac.mim.ops.security;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.ldap.DefaultSpringSecurityContextSource;
import org.springframework.security.ldap.authentication.BindAuthenticator;
import org.springframework.security.ldap.authentication.LdapAuthenticationProvider;
import org.springframework.security.ldap.userdetails.DefaultLdapAuthoritiesPopulator;

/**
 * Staff log in with their directory account ({@code mim.security.ldap.*}): a bind as the user, then the
 * directory groups they belong to mapped to a role by {@code group-roles} (group cn → viewer or operator).
 * A member of no mapped group authenticates but may do nothing.
 */
final class LdapLogin {

    private LdapLogin() {
    }

    static boolean configured(SecurityProperties.Ldap ldap) {
        return ldap.getUrl() != null && !ldap.getUrl().isBlank();
    }

    static AuthenticationProvider provider(SecurityProperties.Ldap ldap) {
        DefaultSpringSecurityContextSource source = new DefaultSpringSecurityContextSource(ldap.getUrl());
        source.afterPropertiesSet();
        BindAuthenticator bind = new BindAuthenticator(source);
        bind.setUserDnPatterns(new String[] {ldap.getUserDnPattern()});
        DefaultLdapAuthoritiesPopulator groups = new DefaultLdapAuthoritiesPopulator(source, ldap.getGroupSearchBase());
        groups.setGroupSearchFilter(ldap.getGroupSearchFilter());
        groups.setRolePrefix("");
        groups.setConvertToUpperCase(false);
        groups.setSearchSubtree(true);
        LdapAuthenticationProvider provider = new LdapAuthenticationProvider(bind, groups);
        provider.setAuthoritiesMapper(found -> {
            Set<GrantedAuthority> roles = new LinkedHashSet<>();
            for (GrantedAuthority g : found) {
                ldap.getGroupRoles().forEach((group, role) -> {
                    if (group.toLowerCase(Locale.ROOT).equals(g.getAuthority().toLowerCase(Locale.ROOT))) {
                        for (String r : Roles.springRoles(role)) {
                            roles.add(new SimpleGrantedAuthority("ROLE_" + r));
                        }
                    }
                });
            }
            return roles;
        });
        return provider;
    }
}
