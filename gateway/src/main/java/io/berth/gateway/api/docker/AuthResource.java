package io.berth.gateway.api.docker;

import io.berth.gateway.adapters.imageservice.ImageServiceClient;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code docker login}: the daemon, not the CLI, checks the credentials against the registry's {@code /v2/}; the CLI
 * stores them itself afterwards. Berth's image-service does the check (it owns registry access and its policy).
 */
@Path("/auth")
@Blocking
public class AuthResource {
    private final ImageServiceClient imageService;

    public AuthResource(ImageServiceClient imageService) {
        this.imageService = imageService;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public byte[] login(byte[] body) {
        return imageService.login(body);
    }
}
