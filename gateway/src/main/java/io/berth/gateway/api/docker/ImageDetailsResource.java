package io.berth.gateway.api.docker;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.contracts.image.LayerRef;
import io.berth.contracts.types.Digest;
import io.berth.eventsourcing.serde.MessageSerde;
import io.berth.gateway.adapters.imageservice.ImageServiceClient;
import io.berth.gateway.application.ImagesViewWait;
import io.berth.gateway.projection.ImagesQuery;
import io.berth.gateway.projection.ImagesQuery.Image;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code docker image inspect}, {@code docker history} and {@code docker import}: the parts of the image API that
 * need the image's config, which is a blob in image-service (fetched over HTTP, cached by digest).
 */
@Path("/images")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class ImageDetailsResource {
    private final ImagesQuery images;
    private final ImageServiceClient imageService;
    private final ImagesViewWait viewWait;

    public ImageDetailsResource(ImagesQuery images, ImageServiceClient imageService, ImagesViewWait viewWait) {
        this.images = images;
        this.imageService = imageService;
        this.viewWait = viewWait;
    }

    @GET
    @Path("{name:.+}/json")
    public Map<String, Object> inspect(@PathParam("name") String name) {
        Image image = require(name);
        JsonNode config = config(image);
        JsonNode c = config.path("config");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", image.id());
        m.put("RepoTags", image.familiarTags());
        m.put("RepoDigests", image.repoDigests());
        m.put("Parent", "");
        m.put("Comment", lastComment(config));
        m.put("Created", config.path("created").asText(image.created()));
        m.put("DockerVersion", config.path("docker_version").asText(""));
        m.put("Author", config.path("author").asText(""));
        m.put("Config", c.isMissingNode() ? null : c);
        m.put("Architecture", config.path("architecture").asText("amd64"));
        m.put("Os", config.path("os").asText("linux"));
        m.put("Size", image.size());
        m.put("GraphDriver", Map.of("Name", "overlay", "Data", Map.of()));
        List<String> diffIds = new ArrayList<>();
        config.path("rootfs").path("diff_ids").forEach(d -> diffIds.add(d.asText()));
        m.put("RootFS", Map.of("Type", "layers", "Layers", diffIds));
        m.put("Metadata", Map.of("LastTagTime", "0001-01-01T00:00:00Z"));
        return m;
    }

    /** Newest first; each entry that made a layer is paired with that layer, in order. */
    @GET
    @Path("{name:.+}/history")
    public List<Map<String, Object>> history(@PathParam("name") String name) {
        Image image = require(name);
        JsonNode config = config(image);
        List<LayerRef> layers = image.layers();
        List<Map<String, Object>> rows = new ArrayList<>();
        int layer = 0;
        for (JsonNode h : config.path("history")) {
            boolean empty = h.path("empty_layer").asBoolean(false);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("Id", "<missing>");
            row.put("Created", seconds(h.path("created").asText(null)));
            row.put("CreatedBy", h.path("created_by").asText(""));
            row.put("Tags", null);
            row.put("Size", empty || layer >= layers.size() ? 0 : layers.get(layer).uncompressedSize());
            row.put("Comment", h.path("comment").asText(""));
            if (!empty) {
                layer++;
            }
            rows.add(row);
        }
        Collections.reverse(rows);
        if (!rows.isEmpty()) {
            rows.get(0).put("Id", image.id());
            rows.get(0).put("Tags", image.familiarTags().isEmpty() ? null : image.familiarTags());
        }
        return rows;
    }

    /** {@code docker save} of several images. */
    @GET
    @Path("get")
    @Produces("application/x-tar")
    public StreamingOutput saveMany(@QueryParam("names") List<String> names) {
        if (names == null || names.isEmpty()) {
            throw new DockerError(400, "no images named");
        }
        InputStream archive = imageService.save(names); // image-service resolves the names: unknown ones are a 404 here
        return out -> {
            try (archive) {
                archive.transferTo(out);
            }
        };
    }

    /** {@code docker save} of one image. */
    @GET
    @Path("{name:.+}/get")
    @Produces("application/x-tar")
    public StreamingOutput saveOne(@PathParam("name") String name) {
        return saveMany(List.of(name));
    }

    /** {@code docker load}: the archive goes to image-service; the answer is the lines the CLI prints. */
    @POST
    @Path("load")
    public String load(InputStream archive) {
        var loaded = imageService.load(archive);
        awaitView(loaded.sequence());
        return loaded.stream();
    }

    /** {@code docker push}: image-service pushes what the tag points at; its progress is relayed as it comes. */
    @POST
    @Path("{name:.+}/push")
    public StreamingOutput push(@PathParam("name") String name, @QueryParam("tag") String tag,
                                @HeaderParam("X-Registry-Auth") String auth) {
        String reference = tag == null || tag.isBlank() ? name : name + ":" + tag;
        if (ImagesQuery.canonicalOrNull(reference) == null) {
            throw new DockerError(400, "invalid reference format: " + reference);
        }
        return out -> {
            long sequence = imageService.push(reference, auth, out);
            if (sequence > 0) {
                awaitView(sequence); // the repo digest shows in docker images --digests right after
            }
        };
    }

    /** {@code docker pull} ({@code fromImage}) or {@code docker import} ({@code fromSrc=-} with the tarball as the body). */
    @POST
    @Path("create")
    public Response create(@QueryParam("fromSrc") String fromSrc, @QueryParam("fromImage") String fromImage,
                           @QueryParam("repo") String repo, @QueryParam("tag") String tag, @QueryParam("message") String message,
                           @QueryParam("changes") List<String> changes, @HeaderParam("X-Registry-Auth") String auth,
                           InputStream body) throws Exception {
        if (fromSrc == null) {
            return Response.ok(pull(fromImage, tag, auth), MediaType.APPLICATION_JSON).build();
        }
        return Response.ok(importRootfs(fromSrc, repo, tag, message, changes, body), MediaType.APPLICATION_JSON).build();
    }

    private StreamingOutput pull(String fromImage, String tag, String auth) {
        if (fromImage == null || fromImage.isBlank()) {
            throw new DockerError(400, "fromImage or fromSrc is required");
        }
        String reference = tag == null || tag.isBlank() ? fromImage
                : tag.startsWith("sha256:") ? fromImage + "@" + tag : fromImage + ":" + tag;
        try {
            io.berth.contracts.types.ImageReference.parse(reference);
        } catch (IllegalArgumentException e) {
            throw new DockerError(400, e.getMessage());
        }
        return out -> {
            long sequence = imageService.pull(reference, auth, out);
            if (sequence > 0) {
                awaitView(sequence);
            }
        };
    }

    private void awaitView(long sequence) {
        viewWait.await(sequence);
    }

    private String importRootfs(String fromSrc, String repo, String tag, String message, List<String> changes, InputStream body) {
        if (!fromSrc.equals("-")) {
            throw new DockerError(400, "importing from a URL is not supported: send the tarball as the request body (fromSrc=-)");
        }
        String reference = null;
        if (repo != null && !repo.isBlank()) {
            reference = tag == null || tag.isBlank() ? repo : repo + ":" + tag;
            if (ImagesQuery.canonicalOrNull(reference) == null && ImagesQuery.canonicalOrNull(reference + ":latest") == null) {
                throw new DockerError(400, "invalid reference format: " + reference);
            }
        }
        var imported = imageService.importRootfs(body, changes == null ? List.of() : changes, message, reference);
        awaitView(imported.sequence());
        return "{\"status\":\"" + imported.imageId() + "\"}\n";
    }

    /** These handlers block (HTTP to image-service), so the reactive read runs on a Vert.x context and is awaited. */
    private Image require(String name) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> images.resolve(name))
                    .orElseThrow(() -> new DockerError(404, "No such image: " + name));
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new DockerError(500, "could not read the images view: " + t);
        }
    }

    private JsonNode config(Image image) {
        try {
            return MessageSerde.standard().json().readTree(imageService.blob(Digest.parse(image.id())));
        } catch (IOException e) {
            throw new DockerError(500, "the config of image " + image.shortId() + " is not valid JSON: " + e.getMessage());
        }
    }

    private static String lastComment(JsonNode config) {
        JsonNode history = config.path("history");
        return history.isArray() && history.size() > 0 ? history.get(history.size() - 1).path("comment").asText("") : "";
    }

    private static long seconds(String time) {
        return time == null ? 0 : java.time.OffsetDateTime.parse(time).toEpochSecond();
    }

}
