package io.berth.runtime.api;

import io.berth.runtime.adapters.snapshot.Change;
import io.berth.runtime.application.containers.ContainerFiles;
import io.berth.runtime.application.containers.Containers;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Bulk reads of this host's containers for the gateway (loopback, never Kafka): {@code docker diff} and the
 * writable layer as a tar for {@code docker commit}. Read-only; an unknown container is a 404
 * {@code {"message": …}}.
 */
@Path("/internal/v1/containers/{id}")
@Blocking
public class InternalContainersResource {
    private final Containers containers;

    public InternalContainersResource(Containers containers) {
        this.containers = containers;
    }

    /** Docker's shape: {@code [{"Kind":0|1|2,"Path":"/x"}]} (0 changed, 1 added, 2 deleted), sorted by path. */
    @GET
    @Path("changes")
    @Produces(MediaType.APPLICATION_JSON)
    public Response changes(@PathParam("id") String id) throws IOException {
        Optional<List<Change>> changes = files().changes(id);
        if (changes.isEmpty()) {
            return noSuchContainer(id);
        }
        List<Map<String, Object>> body = changes.get().stream().map(c -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Kind", c.kind().apiKind());
            m.put("Path", c.path());
            return m;
        }).toList();
        return Response.ok(body).build();
    }

    /** The writable layer as an uncompressed OCI layer tar (whiteouts as {@code .wh.} members), streamed. */
    @GET
    @Path("diff")
    @Produces("application/x-tar")
    public Response diff(@PathParam("id") String id) throws IOException {
        ContainerFiles files = files();
        if (!files.exists(id)) {
            return noSuchContainer(id);
        }
        StreamingOutput tar = out -> files.writeLayer(id, out);
        return Response.ok(tar, "application/x-tar").build();
    }

    private ContainerFiles files() {
        return containers.files().orElseThrow(() -> new jakarta.ws.rs.ServiceUnavailableException("containers are not set up yet"));
    }

    private static Response noSuchContainer(String id) {
        return Response.status(404).type(MediaType.APPLICATION_JSON).entity(Map.of("message", "No such container: " + id)).build();
    }
}
