package uk.ac.mim.ops.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * The configured users: the built-in operator ({@code mim.security.user}/{@code MIM_SECURITY_PASSWORD}) and
 * {@code mim.security.users.<name>} with a password hash from configuration or a password from the environment,
 * and roles. Only the embedded demo may generate the built-in operator's password: it writes it to a file created
 * owner-only (never readable by others, not even for a moment) and logs the file's path, never the password.
 */
final class MimUsers {

    private static final Logger LOG = LoggerFactory.getLogger(MimUsers.class);

    private MimUsers() {
    }

    static InMemoryUserDetailsManager of(SecurityProperties props, boolean demo, Path outputDir, boolean directory) throws IOException {
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        List<UserDetails> users = new ArrayList<>();
        String password = props.getPassword();
        if ((password == null || password.isBlank()) && demo) {
            password = generate(outputDir.resolve("admin-password.txt"), props.getUser());
        }
        if (password != null && !password.isBlank()) {
            users.add(User.withUsername(props.getUser()).password(encoder.encode(password)).roles(Roles.springRoles(Roles.OPERATOR)).build());
        }
        for (Map.Entry<String, SecurityProperties.UserSpec> e : props.getUsers().entrySet()) {
            SecurityProperties.UserSpec spec = e.getValue();
            String hash = spec.getPasswordHash();
            if ((hash == null || hash.isBlank()) && (spec.getPassword() == null || spec.getPassword().isBlank())) {
                throw new IllegalStateException("mim.security.users." + e.getKey() + " has neither password-hash nor password"
                        + " (set MIM_SECURITY_USERS_" + e.getKey().toUpperCase().replace('-', '_') + "_PASSWORD)");
            }
            if (hash == null || hash.isBlank()) {
                hash = encoder.encode(spec.getPassword());
            }
            List<String> roles = new ArrayList<>();
            spec.getRoles().forEach(r -> roles.addAll(List.of(Roles.springRoles(r))));
            users.add(User.withUsername(e.getKey()).password(hash).roles(roles.stream().distinct().toArray(String[]::new)).build());
        }
        if (users.isEmpty() && !directory) {
            throw new IllegalStateException("No user can log in: set MIM_SECURITY_PASSWORD in the environment, or configure"
                    + " mim.security.users or mim.security.ldap (only the embedded demo generates a password)");
        }
        return new InMemoryUserDetailsManager(users);
    }

    private static String generate(Path file, String user) throws IOException {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp;
        try {
            tmp = Files.createTempFile(dir, ".admin-password", ".tmp", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            tmp = Files.createTempFile(dir, ".admin-password", ".tmp");
        }
        Files.writeString(tmp, password + System.lineSeparator());
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        LOG.warn("Embedded demo: generated a password for user {}; it is in {}", user, file.toAbsolutePath());
        return password;
    }
}
