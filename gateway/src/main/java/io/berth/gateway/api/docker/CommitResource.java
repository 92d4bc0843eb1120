package io.berth.gateway.api.docker;

import io.berth.gateway.application.ContainerFiles;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/**
 * {@code docker commit}: {@code POST /commit?container=&repo=&tag=&comment=&author=&changes=…&pause=} with an empty
 * body (the CLI sends none); 201 {@code {"Id":"sha256:…"}} once {@code docker images} shows the image. {@code pause}
 * is accepted and ignored (see {@link ContainerFiles}).
 */
@Path("/commit")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class CommitResource {
    private final ContainerFiles files;

    public CommitResource(ContainerFiles files) {
        this.files = files;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response commit(@QueryParam("container") String container, @QueryParam("repo") String repo, @QueryParam("tag") String tag,
                           @QueryParam("comment") String comment, @QueryParam("author") String author,
                           @QueryParam("changes") List<String> changes, @QueryParam("pause") String pause) {
        if (container == null || container.isBlank()) {
            throw new DockerError(404, "No such container: ");
        }
        String id = files.commit(container, new ContainerFiles.CommitRequest(repo, tag, comment, author, changes));
        return Response.status(201).entity(Map.of("Id", id)).build();
    }
}
