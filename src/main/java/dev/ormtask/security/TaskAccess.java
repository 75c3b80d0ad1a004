package dev.ormtask.security;

import dev.ormtask.task.RegisteredTask;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Singleton;

/** Who may start which task, and whose name a run records. */
@Singleton
public class TaskAccess {

    private static final int MAX_NAME = 128;

    private final ApiClients clients;

    TaskAccess(ApiClients clients) {
        this.clients = clients;
    }

    /** Refuses (403) a start of a task that requires a role the caller does not have. */
    public void checkStart(RegisteredTask task, SecurityIdentity caller) {
        task.requiredRole().ifPresent(role -> {
            if (!caller.hasRole(role) && !caller.hasRole(Roles.ADMIN)) {
                throw new ForbiddenException("task '" + task.name() + "' requires the role '" + role + "' to start");
            }
        });
    }

    /**
     * The caller's client name; with authentication off, the {@code X-Requested-By} header (cleaned and bounded)
     * or {@code anonymous}.
     */
    public String requester(SecurityIdentity caller, String requestedByHeader) {
        if (clients.enabled()) {
            return caller.getPrincipal().getName();
        }
        if (requestedByHeader == null || requestedByHeader.isBlank()) {
            return "anonymous";
        }
        String clean = requestedByHeader.strip().replaceAll("\\p{Cntrl}", "");
        return clean.length() <= MAX_NAME ? clean : clean.substring(0, MAX_NAME);
    }
}
