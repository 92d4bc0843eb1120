package io.berth.image.api;

import io.berth.image.application.ImportRootfs;
import io.berth.image.archive.InvalidArchiveException;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/** Image operations that carry bulk data, for the gateway on loopback; the outcome is also an event on Kafka. */
@Path("/internal/v1/images")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class InternalImagesResource {
    private final ImportRootfs importRootfs;

    public InternalImagesResource(ImportRootfs importRootfs) {
        this.importRootfs = importRootfs;
    }

    @POST
    @Path("import")
    public Response importRootfs(InputStream body, @QueryParam("change") List<String> changes,
                                 @QueryParam("message") String message, @QueryParam("tag") String tag) throws IOException {
        try {
            var result = importRootfs.run(body, changes == null ? List.of() : changes, message, tag);
            return Response.ok(Map.of("imageId", result.imageId().toString(), "sequence", result.sequence())).build();
        } catch (InvalidArchiveException | IllegalArgumentException e) {
            return Response.status(400).entity(Map.of("message", e.getMessage())).build();
        }
    }
}
