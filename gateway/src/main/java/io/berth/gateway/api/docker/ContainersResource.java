package io.berth.gateway.api.docker;

import io.berth.gateway.application.ContainerCommands;
import io.berth.gateway.application.ContainerCreation;
import io.berth.gateway.application.ContainerFiles;
import io.berth.gateway.application.ContainerLifecycle;
import io.berth.gateway.projection.ContainersQuery;
import io.berth.gateway.projection.ContainersQuery.Container;
import io.berth.gateway.projection.ImagesQuery;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The container endpoints of the Docker API except the streams ({@code wait} and {@code attach} are
 * {@link ContainerStreamRoutes}). Blocking: commands wait for the host's answer and the view.
 */
@Path("/containers")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class ContainersResource {
    private final ContainersQuery containers;
    private final ImagesQuery images;
    private final ContainerCreation creation;
    private final ContainerLifecycle lifecycle;
    private final ContainerFiles files;

    public ContainersResource(ContainersQuery containers, ImagesQuery images, ContainerCreation creation, ContainerLifecycle lifecycle,
                              ContainerFiles files) {
        this.files = files;
        this.containers = containers;
        this.images = images;
        this.creation = creation;
        this.lifecycle = lifecycle;
    }

    @POST
    @Path("create")
    @Consumes(MediaType.WILDCARD)
    public Response create(@QueryParam("name") String name, @HeaderParam("Content-Type") String contentType, String body) {
        ContainerCreateRequest request = ContainerCreateRequest.parse(contentType, body);
        ContainerCreation.Created created = creation.create(name, request.config(), request.hostSettings());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("Id", created.id());
        answer.put("Warnings", created.warnings());
        return Response.status(201).entity(answer).build();
    }

    @POST
    @Path("{id}/start")
    public Response start(@PathParam("id") String id) {
        return done(lifecycle.start(id));
    }

    @POST
    @Path("{id}/stop")
    public Response stop(@PathParam("id") String id, @QueryParam("t") Integer timeout, @QueryParam("signal") String signal) {
        return done(lifecycle.stop(id, signal, timeout));
    }

    @POST
    @Path("{id}/kill")
    public Response kill(@PathParam("id") String id, @QueryParam("signal") String signal) {
        lifecycle.kill(id, signal);
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/restart")
    public Response restart(@PathParam("id") String id, @QueryParam("t") Integer timeout) {
        lifecycle.restart(id, timeout);
        return Response.noContent().build();
    }

    /** {@code v} (anonymous volumes) has nothing to remove: Berth has no volumes yet. */
    @DELETE
    @Path("{id}")
    public Response remove(@PathParam("id") String id, @QueryParam("force") String force, @QueryParam("v") String volumes) {
        lifecycle.remove(id, "1".equals(force) || "true".equalsIgnoreCase(force));
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/rename")
    public Response rename(@PathParam("id") String id, @QueryParam("name") String name) {
        lifecycle.rename(id, name);
        return Response.noContent().build();
    }

    /** {@code docker run -t} sizes the terminal; Berth has no TTY sizing yet, so it only checks the container exists. */
    @POST
    @Path("{id}/resize")
    public Response resize(@PathParam("id") String id, @QueryParam("h") Integer height, @QueryParam("w") Integer width) {
        lifecycle.require(id);
        return Response.ok().build();
    }

    /** {@code docker diff}: {@code [{"Kind":0|1|2,"Path":…}]}, and {@code null} (not {@code []}) when nothing changed, as dockerd. */
    @GET
    @Path("{id}/changes")
    public Response changes(@PathParam("id") String id) {
        var changes = files.changes(id);
        Object body = changes.isArray() && changes.isEmpty() ? "null" : changes;
        return Response.ok(body, MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Path("{id}/json")
    public Map<String, Object> inspect(@PathParam("id") String id) {
        return ContainerJson.inspect(lifecycle.require(id));
    }

    /** {@code docker ps}: running containers (all with {@code all=1}), newest first; {@code limit} implies all. */
    @GET
    @Path("json")
    public List<Map<String, Object>> list(@QueryParam("all") String all, @QueryParam("filters") String filters,
                                          @QueryParam("limit") Integer limit, @QueryParam("size") String size) {
        ContainerFilters f = ContainerFilters.parse(filters);
        if (!f.ancestors().isEmpty()) {
            f = f.withAncestors(name -> ContainerCommands.read(() -> images.resolve(name)).map(ImagesQuery.Image::id).orElse(null));
        }
        boolean everything = "1".equals(all) || "true".equalsIgnoreCase(all) || (limit != null && limit > 0);
        Instant now = Instant.now();
        ContainerFilters accepted = f;
        Stream<Container> rows = ContainerCommands.read(containers::all).stream()
                .filter(c -> everything || c.running())
                .filter(accepted::accepts);
        if (limit != null && limit > 0) {
            rows = rows.limit(limit);
        }
        boolean withSize = "1".equals(size) || "true".equalsIgnoreCase(size);
        return rows.map(c -> ContainerJson.summary(c, now, withSize)).toList();
    }

    /** 204 when something changed, 304 (no body) when it was already so, as dockerd answers start and stop. */
    private static Response done(boolean changed) {
        return changed ? Response.noContent().build() : Response.notModified().build();
    }
}
