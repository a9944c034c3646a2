package uk.ac.mim.ops.security;

import javax.management.ObjectName;

import jakarta.servlet.http.HttpServletRequest;

import org.jolokia.server.core.service.api.Restrictor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jolokia.server.core.util.HttpMethod;
import org.jolokia.server.core.util.RequestType;
import org.springframework.security.core.Authentication;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Jolokia's access policy, per role of the authenticated caller ({@link JolokiaPolicy}); picked up by the
 * Jolokia actuator servlet as a Spring bean. Without it Jolokia logs "No access restrictor found" and lets
 * anyone with a password evaluate any Camel endpoint, dump the heap, or open JMX connections elsewhere.
 */
public class JolokiaRestrictor implements Restrictor {

    private static final Logger LOG = LoggerFactory.getLogger(JolokiaRestrictor.class);

    private final SecurityProperties props;

    public JolokiaRestrictor(SecurityProperties props) {
        this.props = props;
    }

    @Override
    public boolean isHttpMethodAllowed(HttpMethod method) {
        return method == HttpMethod.POST; // a GET URL could be followed from a link in a logged-in browser
    }

    @Override
    public boolean isTypeAllowed(RequestType type) {
        return switch (type) {
            case READ, LIST, SEARCH, VERSION, EXEC -> true;
            default -> false; // WRITE, CONFIG, NOTIFICATION
        };
    }

    @Override
    public boolean isAttributeReadAllowed(ObjectName name, String attribute) {
        return JolokiaPolicy.canRead(name, attribute, Roles.isViewer(Roles.current()));
    }

    @Override
    public boolean isAttributeWriteAllowed(ObjectName name, String attribute) {
        return audit(JolokiaPolicy.canWrite(name, attribute), "write", name, attribute);
    }

    @Override
    public boolean isOperationAllowed(ObjectName name, String operation) {
        Authentication a = Roles.current();
        return audit(JolokiaPolicy.canExecute(name, operation, Roles.isViewer(a), Roles.isOperator(a)), "exec", name, operation);
    }

    /** Every refused action is logged with who tried it: a security review wants to see the attempts. */
    private static boolean audit(boolean allowed, String what, ObjectName name, String member) {
        if (!allowed) {
            Authentication a = Roles.current();
            LOG.warn("Jolokia denied {} {} {} to {}", what, name, member, a == null ? "anonymous" : a.getName());
        }
        return allowed;
    }

    @Override
    public boolean isRemoteAccessAllowed(String... hostOrAddress) {
        return true; // who may connect is the network's and the login's business
    }

    @Override
    public boolean isOriginAllowed(String origin, boolean strictCheck) {
        return Origins.allowed(origin, currentRequest(), props.getAllowedOrigins());
    }

    @Override
    public boolean isObjectNameHidden(ObjectName name) {
        return JolokiaPolicy.hidden(name);
    }

    private static HttpServletRequest currentRequest() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes s ? s.getRequest() : null;
    }
}
