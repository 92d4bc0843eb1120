package io.berth.gateway.application;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.contracts.container.ContainerCommand.CreateContainer;
import io.berth.contracts.container.ContainerConfig;
import io.berth.contracts.container.HostSettings;
import io.berth.contracts.image.LayerRef;
import io.berth.contracts.types.ContainerId;
import io.berth.contracts.types.Digest;
import io.berth.contracts.types.ImageReference;
import io.berth.eventsourcing.serde.MessageSerde;
import io.berth.gateway.adapters.imageservice.ImageServiceClient;
import io.berth.gateway.api.docker.DockerError;
import io.berth.gateway.placement.Placement;
import io.berth.gateway.projection.ContainersQuery;
import io.berth.gateway.projection.ImagesQuery;
import io.berth.gateway.projection.ImagesQuery.Image;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * {@code docker create}: checks the name, resolves the image, merges its config, places the container on a host
 * and has that host create it. Blocking (the image config comes from image-service over HTTP).
 */
@ApplicationScoped
public class ContainerCreation {
    /** The host prepares the root filesystem before it answers, which may fetch layers. */
    private static final Duration DEADLINE = Duration.ofSeconds(120);

    private final ContainerCommands commands;
    private final ContainersQuery containers;
    private final ImagesQuery images;
    private final ImageServiceClient imageService;
    private final Placement placement;

    public ContainerCreation(ContainerCommands commands, ContainersQuery containers, ImagesQuery images,
                             ImageServiceClient imageService, Placement placement) {
        this.commands = commands;
        this.containers = containers;
        this.images = images;
        this.imageService = imageService;
        this.placement = placement;
    }

    public record Created(String id, List<String> warnings) {
    }

    /** @param name as in {@code ?name=}, null or empty for a made-up one */
    public Created create(String name, RequestedConfig requested, HostSettings hostSettings) {
        String checkedName = name == null || name.isEmpty() ? null : ContainerNames.validate(name);
        if (requested.image() == null || requested.image().isEmpty()) {
            throw new DockerError(400, "No command specified"); // dockerd's answer when neither image nor command is given
        }
        Image image = ContainerCommands.read(() -> images.resolve(requested.image()))
                .orElseThrow(() -> new DockerError(404, "No such image: " + familiar(requested.image())));
        String finalName = checkedName != null ? freeName(checkedName) : madeUpName();
        ContainerId id = ContainerId.random();
        ContainerConfig config = ConfigMerge.merge(id, requested, imageConfig(image), Digest.parse(image.id()),
                image.layers().stream().map(LayerRef::digest).toList());
        if (config.processArgs().isEmpty()) {
            throw new DockerError(400, "No command specified");
        }
        String host = ContainerCommands.read(placement::place).id();
        commands.send(host, new CreateContainer(id.value(), host, finalName, config, hostSettings), DEADLINE, null);
        return new Created(id.value(), List.of());
    }

    private String freeName(String name) {
        ContainerCommands.read(() -> containers.byName(name)).ifPresent(holder -> {
            throw ContainerNames.conflict(name, holder.id());
        });
        return name;
    }

    private String madeUpName() {
        for (int attempt = 0; attempt < 10; attempt++) {
            String candidate = ContainerNames.random() + (attempt < 3 ? "" : String.valueOf(attempt));
            if (ContainerCommands.read(() -> containers.byName(candidate)).isEmpty()) {
                return candidate;
            }
        }
        return ContainerNames.random() + "_" + ContainerId.random().shortId();
    }

    private JsonNode imageConfig(Image image) {
        try {
            return MessageSerde.standard().json().readTree(imageService.blob(Digest.parse(image.id()))).path("config");
        } catch (IOException e) {
            throw new DockerError(500, "the config of image " + image.shortId() + " is not valid JSON: " + e.getMessage());
        }
    }

    /** dockerd names a missing image in its familiar form with the tag it assumed: {@code busybox} → {@code busybox:latest}. */
    static String familiar(String name) {
        return ImageReference.tryParse(name).flatMap(ImageReference::canonicalTag)
                .map(canonical -> ImageReference.parse(canonical).familiar()).orElse(name);
    }
}
