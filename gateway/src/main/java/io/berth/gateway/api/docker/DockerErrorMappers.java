package io.berth.gateway.api.docker;

import io.berth.eventsourcing.reply.NoReplyException;
import io.berth.gateway.projection.ContainersViewBarrier;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error leaves the gateway in Docker's shape, {@code {"message": "…"}}, which the docker CLI prints as
 * "Error response from daemon: …". An unknown path or method is Docker's 404 "page not found".
 */
public class DockerErrorMappers {
    private static final Logger LOG = Logger.getLogger(DockerErrorMappers.class);

    @ServerExceptionMapper
    public Response dockerError(DockerError e) {
        return json(e.status(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return json(404, "page not found");
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e) {
        return json(404, "page not found");
    }

    @ServerExceptionMapper
    public Response noReply(NoReplyException e) {
        return json(504, e.getMessage());
    }

    @ServerExceptionMapper
    public Response viewBehind(ContainersViewBarrier.ViewBehindException e) {
        return json(504, e.getMessage());
    }

    @ServerExceptionMapper
    public Response badRequest(IllegalArgumentException e) {
        return json(400, e.getMessage());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        return json(status, e.getMessage());
    }

    /** Anything unexpected is still a Docker-shaped 500 that names the failure; the stack trace goes to the log. */
    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.errorf(e, "unexpected failure");
        return json(500, e.toString());
    }

    static Response json(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(Map.of("message", message == null ? "" : message)).build();
    }
}
