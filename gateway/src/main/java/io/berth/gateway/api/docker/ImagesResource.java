package io.berth.gateway.api.docker;

import io.berth.contracts.image.ImageCommand;
import io.berth.contracts.types.Digest;
import io.berth.contracts.types.ImageReference;
import io.berth.gateway.application.ImageCommands;
import io.berth.gateway.projection.ContainersQuery;
import io.berth.gateway.projection.ContainersQuery.Container;
import io.berth.gateway.projection.ImagesQuery;
import io.berth.gateway.projection.ImagesQuery.Image;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code docker images}, {@code docker tag} and {@code docker rmi}, answered from the images view. */
@Path("/images")
@Produces(MediaType.APPLICATION_JSON)
public class ImagesResource {
    private final ImagesQuery images;
    private final ImageCommands commands;
    private final ContainersQuery containers;

    public ImagesResource(ImagesQuery images, ImageCommands commands, ContainersQuery containers) {
        this.images = images;
        this.commands = commands;
        this.containers = containers;
    }

    @GET
    @Path("json")
    public Uni<List<Map<String, Object>>> list(@QueryParam("filters") String filters, @QueryParam("digests") String digests) {
        ImageFilters f = ImageFilters.parse(filters);
        return images.all().map(all -> all.stream().filter(f::accepts).map(ImagesResource::summary).toList());
    }

    private static Map<String, Object> summary(Image i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Containers", -1);
        m.put("Created", i.createdSeconds());
        m.put("Id", i.id());
        m.put("Labels", null);
        m.put("ParentId", "");
        m.put("RepoDigests", i.repoDigests());
        m.put("RepoTags", i.familiarTags());
        m.put("SharedSize", -1);
        m.put("Size", i.size());
        return m;
    }

    @POST
    @Path("{name:.+}/tag")
    public Uni<Response> tag(@PathParam("name") String name, @QueryParam("repo") String repo, @QueryParam("tag") String tag) {
        if (repo == null || repo.isBlank()) {
            throw new DockerError(400, "repository name must have at least one component");
        }
        String reference = repo + ":" + (tag == null || tag.isBlank() ? ImageReference.DEFAULT_TAG : tag);
        if (ImagesQuery.canonicalOrNull(reference) == null) {
            throw new DockerError(400, "invalid reference format: " + reference);
        }
        return require(name).chain(image -> commands.send(new ImageCommand.TagImage(Digest.parse(image.id()), reference)))
                .replaceWith(Response.status(201).build());
    }

    @DELETE
    @Path("{name:.+}")
    public Uni<List<Map<String, String>>> remove(@PathParam("name") String name, @QueryParam("force") String force) {
        boolean forced = "1".equals(force) || "true".equalsIgnoreCase(force);
        return require(name).chain(before -> containers.all().chain(all -> {
            String canonical = ImagesQuery.canonicalOrNull(name);
            String reference = canonical != null && before.references().contains(canonical) ? canonical : null;
            // image-service judges Docker's conflicts from the containers using the image, named by short id.
            List<Container> using = all.stream().filter(c -> before.id().equals(c.imageId())).toList();
            var command = new ImageCommand.RemoveImage(Digest.parse(before.id()), reference, forced,
                    using.stream().filter(Container::running).map(Container::shortId).toList(),
                    using.stream().filter(c -> !c.running()).map(Container::shortId).toList());
            return commands.send(command).chain(() -> images.all()).map(after -> removed(before, after));
        }));
    }

    /** Docker's answer to rmi: one {@code Untagged} per reference that went away, {@code Deleted} if the image did. */
    private static List<Map<String, String>> removed(Image before, List<Image> after) {
        Image now = after.stream().filter(i -> i.id().equals(before.id())).findFirst().orElse(null);
        List<Map<String, String>> out = new ArrayList<>();
        for (String ref : before.references()) {
            if (now == null || !now.references().contains(ref)) {
                out.add(Map.of("Untagged", ImageReference.parse(ref).familiar()));
            }
        }
        if (now == null) {
            out.add(Map.of("Deleted", before.id()));
        }
        return out;
    }

    private Uni<Image> require(String name) {
        return images.resolve(name).map(found -> found.orElseThrow(() -> new DockerError(404, "No such image: " + name)));
    }
}
