package io.berth.image.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** An unexpected failure of an internal endpoint still answers {@code {"message": …}} naming it, and is logged. */
public class InternalErrorMappers {
    private static final Logger LOG = Logger.getLogger(InternalErrorMappers.class);

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.errorf(e, "unexpected failure");
        return Response.status(500).type(MediaType.APPLICATION_JSON_TYPE).entity(Map.of("message", String.valueOf(e))).build();
    }

    @ServerExceptionMapper
    public Response io(IOException e) {
        LOG.errorf(e, "I/O failure");
        return Response.status(500).type(MediaType.APPLICATION_JSON_TYPE).entity(Map.of("message", String.valueOf(e))).build();
    }
}
