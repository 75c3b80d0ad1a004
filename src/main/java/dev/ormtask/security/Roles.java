package dev.ormtask.security;

import java.util.LinkedHashSet;
import java.util.Set;

/** The service's roles; each includes the ones below it (admin ⊃ operator ⊃ viewer). */
public final class Roles {

    public static final String VIEWER = "viewer";
    public static final String OPERATOR = "operator";
    public static final String ADMIN = "admin";

    private Roles() {}

    /** The roles a client holds once the built-in hierarchy is applied. */
    static Set<String> expand(Set<String> granted) {
        Set<String> roles = new LinkedHashSet<>(granted);
        if (roles.contains(ADMIN)) {
            roles.add(OPERATOR);
        }
        if (roles.contains(OPERATOR)) {
            roles.add(VIEWER);
        }
        return roles;
    }
}
