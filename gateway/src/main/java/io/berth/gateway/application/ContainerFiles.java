package io.berth.gateway.application;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.contracts.container.ContainerConfig;
import io.berth.eventsourcing.serde.MessageSerde;
import io.berth.gateway.adapters.imageservice.ImageServiceClient;
import io.berth.gateway.adapters.runtimeservice.RuntimeServiceClient;
import io.berth.gateway.api.docker.DockerError;
import io.berth.gateway.projection.ContainersQuery.Container;
import io.berth.gateway.projection.HostsQuery;
import io.berth.gateway.projection.ImagesQuery;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * {@code docker diff} and {@code docker commit}: the container's writable layer lives on its host, so both read it
 * from that host's runtime-service over HTTP; commit streams it on to image-service, which stores the new image.
 * Blocking.
 *
 * <p>Commit does not pause the container (Docker does unless {@code --pause=false}): Berth has no pause yet, so a
 * container writing while it is committed may give a layer that mixes before and after.
 */
@ApplicationScoped
public class ContainerFiles {
    private final ContainerLifecycle lifecycle;
    private final HostsQuery hosts;
    private final RuntimeServiceClient runtime;
    private final ImageServiceClient imageService;
    private final ImagesViewWait imagesView;

    public ContainerFiles(ContainerLifecycle lifecycle, HostsQuery hosts, RuntimeServiceClient runtime, ImageServiceClient imageService,
                          ImagesViewWait imagesView) {
        this.lifecycle = lifecycle;
        this.hosts = hosts;
        this.runtime = runtime;
        this.imageService = imageService;
        this.imagesView = imagesView;
    }

    /** Docker's change list, or empty when nothing changed (dockerd then answers {@code null}). */
    public JsonNode changes(String reference) {
        Container c = lifecycle.require(reference);
        return runtime.changes(apiUrl(c), c.id());
    }

    /** What {@code docker commit} asks for besides the container. */
    public record CommitRequest(String repo, String tag, String comment, String author, List<String> changes) {
    }

    /** Stores the container's layer as a new image and returns its id once the images view shows it. */
    public String commit(String reference, CommitRequest request) {
        Container c = lifecycle.require(reference);
        String repo = blankToNull(request.repo());
        String tag = blankToNull(request.tag());
        if (repo != null) {
            String named = tag == null ? repo : repo + ":" + tag;
            if (ImagesQuery.canonicalOrNull(named) == null && ImagesQuery.canonicalOrNull(named + ":latest") == null) {
                throw new DockerError(400, "invalid reference format: " + named);
            }
        } else if (tag != null) {
            throw new DockerError(400, "cannot tag the committed image " + tag + " without a repository");
        }
        ImageServiceClient.Imported imported;
        try (InputStream layer = runtime.layer(apiUrl(c), c.id())) {
            imported = imageService.commit(layer, c.imageId(), repo, tag, request.comment(), request.author(),
                    request.changes() == null ? List.of() : request.changes(), containerConfigJson(c.config()));
        } catch (IOException e) {
            throw new DockerError(502, "reading the layer of container " + c.id() + " failed: " + e.getMessage());
        }
        imagesView.await(imported.sequence());
        return imported.imageId();
    }

    /** The container's config in Docker's shape: what the committed image starts from (image-service's hints). */
    static byte[] containerConfigJson(ContainerConfig config) {
        var json = MessageSerde.standard().json();
        ObjectNode node = json.createObjectNode();
        node.set("Cmd", json.valueToTree(config.cmd()));
        node.set("Entrypoint", config.entrypoint().isEmpty() ? null : json.valueToTree(config.entrypoint()));
        node.set("Env", json.valueToTree(config.env()));
        node.put("WorkingDir", config.workingDir() == null ? "" : config.workingDir());
        node.put("User", config.user() == null ? "" : config.user());
        node.set("Labels", json.valueToTree(config.labels()));
        node.set("ExposedPorts", json.valueToTree(config.exposedPorts()));
        if (config.stopSignal() != null) {
            node.put("StopSignal", config.stopSignal());
        }
        try {
            return json.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String apiUrl(Container c) {
        HostsQuery.Host host = ContainerCommands.read(() -> hosts.one(c.hostId()));
        if (host == null || host.apiUrl() == null) {
            throw new DockerError(500, "host " + c.hostId() + " of container " + c.shortId()
                    + " has not announced its API address (restart its runtime-service)");
        }
        return host.apiUrl();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
