package io.berth.gateway.api.berth;

import io.berth.eventsourcing.projection.ProjectionStatus;
import io.berth.eventsourcing.projection.Projections;
import io.berth.gateway.api.docker.DockerError;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/** The gateway's read models: their state and lag, and a rebuild from offset 0 on demand. */
@Path("/api/v1/projections")
@Produces(MediaType.APPLICATION_JSON)
public class ProjectionsResource {
    private final Projections projections;

    public ProjectionsResource(Projections projections) {
        this.projections = projections;
    }

    @GET
    public List<ProjectionStatus> list() {
        return projections.statuses();
    }

    @POST
    @Path("{name}/rebuild")
    public Uni<Map<String, String>> rebuild(@PathParam("name") String name) {
        var runner = projections.find(name).orElseThrow(() -> new DockerError(404, "no such projection: " + name));
        return Uni.createFrom().completionStage(runner.rebuild()).replaceWith(Map.of("projection", name, "state", "rebuilding"));
    }
}
