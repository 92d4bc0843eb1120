package io.berth.image.api;

import io.berth.image.application.CommitImage;
import io.berth.image.application.ContainerConfigHints;
import io.berth.image.application.ImportRootfs;
import io.berth.contracts.types.Digest;
import io.berth.image.application.LoadImages;
import io.berth.image.application.SaveImages;
import io.berth.image.application.JsonProgress;
import io.berth.image.application.PullImage;
import io.berth.image.application.PushImage;
import io.berth.image.registry.client.RegistryCredentials;
import io.berth.image.registry.client.XRegistryAuth;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.core.StreamingOutput;
import io.berth.tar.InvalidArchiveException;
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

/**
 * Image operations that carry bulk data or long progress, for the gateway on loopback; their outcome is also an
 * event on Kafka. Push and pull answer with Docker's JSON progress stream; each ends with one extra line
 * {@code {"berthSequence":N}} (the image store's sequence after it), which the gateway uses to wait for its view
 * and does not pass on.
 */
@Path("/internal/v1/images")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class InternalImagesResource {
    private final ImportRootfs importRootfs;
    private final PushImage push;
    private final PullImage pull;
    private final SaveImages save;
    private final LoadImages load;
    private final CommitImage commit;

    public InternalImagesResource(ImportRootfs importRootfs, PushImage push, PullImage pull, SaveImages save, LoadImages load,
                                  CommitImage commit) {
        this.commit = commit;
        this.importRootfs = importRootfs;
        this.push = push;
        this.pull = pull;
        this.save = save;
        this.load = load;
    }

    /** {@code docker save}: names are resolved before the first byte, so an unknown one is a clean 404. */
    @GET
    @Path("save")
    public Response save(@QueryParam("name") List<String> names) throws IOException {
        try {
            var images = save.resolve(names == null ? List.of() : names);
            StreamingOutput archive = out -> save.write(images, out);
            return Response.ok(archive, "application/x-tar").build();
        } catch (IllegalArgumentException e) {
            return Response.status(404).type(MediaType.APPLICATION_JSON).entity(Map.of("message", e.getMessage())).build();
        }
    }

    /** {@code docker load}: answers with the CLI's stream lines, then the store's sequence for the gateway. */
    @POST
    @Path("load")
    public Response load(InputStream archive) throws IOException {
        try {
            var loaded = load.run(archive);
            StringBuilder body = new StringBuilder();
            var json = io.berth.eventsourcing.serde.MessageSerde.standard().json();
            for (String line : loaded.lines()) {
                body.append(json.createObjectNode().put("stream", line + "\n")).append('\n');
            }
            body.append(json.createObjectNode().put("berthSequence", loaded.sequence())).append('\n');
            return Response.ok(body.toString()).build();
        } catch (InvalidArchiveException | IllegalArgumentException e) {
            return Response.status(400).entity(Map.of("message", e.getMessage())).build();
        }
    }

    @POST
    @Path("push")
    @Produces(MediaType.APPLICATION_JSON)
    public StreamingOutput push(@QueryParam("reference") String reference, @HeaderParam("X-Registry-Auth") String auth) {
        RegistryCredentials credentials = credentials(auth);
        return out -> {
            JsonProgress progress = new JsonProgress(out);
            long sequence = push.run(reference, credentials, progress);
            progress.write(progress.node().put("berthSequence", sequence));
        };
    }

    @POST
    @Path("pull")
    @Produces(MediaType.APPLICATION_JSON)
    public StreamingOutput pull(@QueryParam("reference") String reference, @HeaderParam("X-Registry-Auth") String auth) {
        RegistryCredentials credentials = credentials(auth);
        return out -> {
            JsonProgress progress = new JsonProgress(out);
            long sequence = pull.run(reference, credentials, progress);
            progress.write(progress.node().put("berthSequence", sequence));
        };
    }

    private static RegistryCredentials credentials(String header) {
        return header == null || header.isBlank() ? RegistryCredentials.ANONYMOUS : XRegistryAuth.decode(header).credentials();
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

    /**
     * {@code docker commit}: the body is the container's writable layer as an uncompressed OCI layer tar; the
     * container's own config comes in {@value #CONTAINER_CONFIG_HEADER} (base64 of Docker's {@code Config} JSON: a
     * header, since a long environment can outgrow a request line). Answers like import: the new image id and the
     * image store's sequence. 404 when the parent image is gone, 400 for a bad change, tag or tar.
     */
    @POST
    @Path("commit")
    public Response commit(InputStream body, @QueryParam("parent") String parent, @QueryParam("repo") String repo,
                           @QueryParam("tag") String tag, @QueryParam("comment") String comment, @QueryParam("author") String author,
                           @QueryParam("changes") List<String> changes, @HeaderParam(CONTAINER_CONFIG_HEADER) String containerConfig)
            throws IOException {
        try {
            Digest parentId;
            try {
                parentId = Digest.parse(parent == null ? "" : parent);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("parent must be an image id (sha256:…): " + parent);
            }
            ContainerConfigHints hints = containerConfig == null || containerConfig.isBlank() ? ContainerConfigHints.none()
                    : ContainerConfigHints.parse(java.util.Base64.getDecoder().decode(containerConfig.trim()));
            String reference = repo == null || repo.isBlank() ? null : tag == null || tag.isBlank() ? repo : repo + ":" + tag;
            var result = commit.run(body, new CommitImage.Request(parentId, hints, changes == null ? List.of() : changes,
                    comment, author, reference));
            return Response.ok(Map.of("imageId", result.imageId().toString(), "sequence", result.sequence())).build();
        } catch (CommitImage.NoSuchImageException e) {
            return Response.status(404).entity(Map.of("message", e.getMessage())).build();
        } catch (InvalidArchiveException | IllegalArgumentException e) {
            return Response.status(400).entity(Map.of("message", e.getMessage())).build();
        }
    }

    public static final String CONTAINER_CONFIG_HEADER = "X-Berth-Container-Config";
}
