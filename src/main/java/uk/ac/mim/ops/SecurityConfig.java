package uk.ac.mim.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

import uk.ac.mim.config.MimProperties;

/**
 * DOMAIN §6, Security: every management endpoint (Hawtio and Jolokia included) but health needs HTTP
 * Basic, without CSRF checks (it is an API); the console at {@code /console} has a login form. The password comes from the environment
 * ({@code MIM_SECURITY_PASSWORD}); only the embedded demo may generate one, which it writes to a file
 * in the output folder and never logs.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
public class SecurityConfig {

    private static final Logger LOG = LoggerFactory.getLogger(SecurityConfig.class);

    @ConfigurationProperties("mim.security")
    public static class Credentials {
        private String user = "mim-admin";
        private String password;

        public String getUser() { return user; }
        public void setUser(String user) { this.user = user; }
        public String getPassword() { return password; }
        public void setPassword(String password) { this.password = password; }
    }

    /** The management API: HTTP Basic, no CSRF (no browser session to ride on), health open. */
    @Bean
    @Order(1)
    SecurityFilterChain managementSecurity(HttpSecurity http) throws Exception {
        // a plain path matcher: Hawtio and Jolokia under /actuator are servlets, not MVC handlers
        http.securityMatcher(PathPatternRequestMatcher.withDefaults().matcher("/actuator/**"))
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .anyRequest().authenticated())
                .httpBasic(Customizer.withDefaults())
                .csrf(c -> c.disable());
        return http.build();
    }

    /** The operator console and everything else: a login form (and Basic for scripts), CSRF-protected forms. */
    @Bean
    @Order(2)
    SecurityFilterChain consoleSecurity(HttpSecurity http) throws Exception {
        // /error is open so that a 401 from the management chain stays a 401 (not a redirect to the login form)
        http.authorizeHttpRequests(a -> a.requestMatchers("/error").permitAll().anyRequest().authenticated())
                .formLogin(f -> f.defaultSuccessUrl("/console", false))
                .httpBasic(Customizer.withDefaults());
        return http.build();
    }

    @Bean
    UserDetailsService mimUsers(Credentials creds, MimProperties props) throws IOException {
        String password = creds.getPassword();
        if (password == null || password.isBlank()) {
            if (!props.getDemo().isSeed()) {
                throw new IllegalStateException("mim.security.password is not set: set MIM_SECURITY_PASSWORD in the"
                        + " environment (only the embedded demo generates a password)");
            }
            password = generate(props.getOutputDir().resolve("admin-password.txt"));
        }
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        return new InMemoryUserDetailsManager(User.withUsername(creds.getUser()).password(encoder.encode(password))
                .roles("ADMIN").build());
    }

    private static String generate(Path file) throws IOException {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, password + System.lineSeparator(), StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system: the file keeps its default permissions
        }
        LOG.warn("Embedded demo: generated an admin password for user mim-admin; it is in {}", file.toAbsolutePath());
        return password;
    }
}
