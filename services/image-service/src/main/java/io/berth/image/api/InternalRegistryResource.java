package io.berth.image.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.image.registry.client.RegistryClient;
import io.berth.image.registry.client.RegistryCredentials;
import io.berth.image.registry.client.RegistryException;
import io.berth.image.registry.client.RegistryUnauthorizedException;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** {@code docker login}'s check of credentials against any registry, for the gateway on loopback. */
@Path("/internal/v1/registry")
@Blocking
public class InternalRegistryResource {
    private final RegistryClient registry;
    public InternalRegistryResource(RegistryClient registry) {
        this.registry = registry;
    }

    @POST
    @Path("login")
    @Produces(MediaType.APPLICATION_JSON)
    public Response login(JsonNode body) {
        String server = registryHost(body.path("serveraddress").asText(""));
        var credentials = RegistryCredentials.basic(body.path("username").asText(""), body.path("password").asText(""));
        try {
            registry.login(server, credentials);
            return Response.ok(Map.of("IdentityToken", "", "Status", "Login Succeeded")).build();
        } catch (RegistryUnauthorizedException e) {
            return Response.status(401).entity(Map.of("message", e.getMessage())).build();
        } catch (RegistryException e) {
            return Response.status(502).entity(Map.of("message", e.getMessage())).build();
        }
    }

    /** The CLI sends {@code 127.0.0.1:5000} or {@code https://index.docker.io/v1/}: keep the host[:port]. */
    static String registryHost(String serverAddress) {
        String s = serverAddress.replaceFirst("^[a-z]+://", "");
        int slash = s.indexOf('/');
        s = slash >= 0 ? s.substring(0, slash) : s;
        return s.isEmpty() || s.equals("index.docker.io") ? "docker.io" : s;
    }
}
