package dev.ormtask.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * {@code Authorization: Bearer <token>} for machine clients, and HTTP Basic with the token as password for people
 * (the user name must be the client's name). Anything else with an Authorization header is refused.
 */
@ApplicationScoped
public class TokenAuthenticationMechanism implements HttpAuthenticationMechanism {

    private static final String PROBLEM = "{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
            + "\"detail\":\"send a valid token: Authorization: Bearer <token>\"}";
    private static final SecurityIdentity OPEN_DOOR = QuarkusSecurityIdentity.builder()
            .setPrincipal(new QuarkusPrincipal("anonymous"))
            .addRoles(Set.of(Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN))
            .build();

    private static final String WWW_AUTHENTICATE = "WWW-Authenticate";

    private final ApiClients clients;

    TokenAuthenticationMechanism(ApiClients clients) {
        this.clients = clients;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        if (!clients.enabled()) {
            return Uni.createFrom().item(OPEN_DOOR);
        }
        String header = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            return Uni.createFrom().nullItem(); // anonymous; the path policy asks for credentials
        }
        Optional<ApiClients.Client> client = Optional.empty();
        if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            client = clients.byToken(header.substring(7).strip());
        } else if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
            client = basic(header.substring(6).strip());
        }
        return client.<Uni<SecurityIdentity>>map(c -> Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                        .setPrincipal(new QuarkusPrincipal(c.name()))
                        .addRoles(c.roles())
                        .build()))
                .orElseGet(() -> Uni.createFrom().failure(new AuthenticationFailedException("invalid credentials")));
    }

    private Optional<ApiClients.Client> basic(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String user = decoded.substring(0, colon);
        return clients.byToken(decoded.substring(colon + 1)).filter(c -> c.name().equals(user));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, WWW_AUTHENTICATE, "Bearer realm=\"ormtask\""));
    }

    /** The 401 of the HTTP layer, as problem+json like every other error. */
    @Override
    public Uni<Boolean> sendChallenge(RoutingContext context) {
        if (!context.response().ended()) {
            context.response()
                    .setStatusCode(401)
                    .putHeader(WWW_AUTHENTICATE, "Bearer realm=\"ormtask\"")
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                    .end(PROBLEM);
        }
        return Uni.createFrom().item(true);
    }
}
