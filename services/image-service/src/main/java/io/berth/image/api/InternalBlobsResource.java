package io.berth.image.api;

import io.berth.contracts.types.Digest;
import io.berth.image.content.ContentStore;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.Map;

/**
 * Blobs for the other Berth services (the gateway reads image configs here). The public way in and out is the
 * registry API; this one is for loopback callers inside the platform.
 */
@Path("/internal/v1/blobs")
@Blocking
public class InternalBlobsResource {
    private final ContentStore content;

    public InternalBlobsResource(ContentStore content) {
        this.content = content;
    }

    @GET
    @Path("{digest}")
    public Response get(@PathParam("digest") String digest) throws IOException {
        Digest d;
        try {
            d = Digest.parse(digest);
        } catch (IllegalArgumentException e) {
            return Response.status(400).type("application/json").entity(Map.of("message", e.getMessage())).build();
        }
        if (!content.exists(d)) {
            return Response.status(404).type("application/json").entity(Map.of("message", "blob unknown: " + d)).build();
        }
        return Response.ok(content.path(d).toFile(), "application/octet-stream").header("Docker-Content-Digest", d.toString()).build();
    }
}
