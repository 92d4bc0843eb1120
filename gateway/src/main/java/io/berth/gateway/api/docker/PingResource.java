package io.berth.gateway.api.docker;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/**
 * {@code /_ping}: the docker CLI's first request on every run (HEAD, falling back to GET). The headers are what it
 * reads; {@code Builder-Version: 1} keeps the CLI on the classic build endpoint that Berth serves.
 */
@Path("/_ping")
public class PingResource {
    @GET
    public Response get() {
        return ping(Response.ok("OK"));
    }

    @HEAD
    public Response head() {
        return ping(Response.ok());
    }

    private static Response ping(Response.ResponseBuilder r) {
        return r.type("text/plain; charset=utf-8")
                .header("Cache-Control", "no-cache, no-store, must-revalidate")
                .header("Pragma", "no-cache")
                .header("Builder-Version", "1")
                .header("Swarm", "inactive")
                .build();
    }
}
