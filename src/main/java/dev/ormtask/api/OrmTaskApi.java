package dev.ormtask.api;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.info.License;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.servers.Server;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** The API as OpenAPI describes it (served at {@code /q/openapi}): title, version, license, server, bearer scheme. */
@OpenAPIDefinition(
        info = @Info(title = "ORM Task Runner", version = "0.1",
                description = "Runs ORM tasks in their own transactions on named datasources; records every run.",
                license = @License(name = "Proprietary", identifier = "LicenseRef-Proprietary")),
        components = @Components(schemas = @Schema(name = "AnyJson", description = "Any JSON value, null included")),
        // Relative: the document describes the service that serves it, wherever that runs.
        servers = @Server(url = "/", description = "This service"),
        security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "A token from ormtask.security.tokens, or the generated admin token")
public class OrmTaskApi extends Application {}
