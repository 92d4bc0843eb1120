package io.berth.gateway.projection;

import com.fasterxml.jackson.core.type.TypeReference;
import io.berth.contracts.image.LayerRef;
import io.berth.contracts.types.ImageReference;
import io.berth.eventsourcing.serde.MessageSerde;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.reactive.mutiny.Mutiny;

/** Reads the images view and resolves the names users type ({@code busybox}, {@code 4cba52622056}, {@code sha256:…}). */
@ApplicationScoped
public class ImagesQuery {
    private final Mutiny.SessionFactory sessions;

    public ImagesQuery(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    /** Every image with its canonical references, newest first. */
    public Uni<List<Image>> all() {
        return sessions.withSession(s -> s.createSelectionQuery("from ImageView", ImageView.class).getResultList()
                .chain(images -> s.createSelectionQuery("from ImageTagView order by taggedAt, reference", ImageTagView.class).getResultList()
                        .chain(tags -> s.createSelectionQuery("from ImageRepoDigestView order by repoDigest", ImageRepoDigestView.class).getResultList()
                                .map(digests -> join(images, tags, digests)))));
    }

    /**
     * Docker's name resolution: a reference that is tagged wins; otherwise a full id ({@code sha256:…}) or a unique
     * prefix of the id's hex. Empty when nothing matches.
     */
    public Uni<Optional<Image>> resolve(String name) {
        return all().map(images -> resolve(images, name));
    }

    static Optional<Image> resolve(List<Image> images, String name) {
        String canonical = canonicalOrNull(name);
        if (canonical != null) {
            for (Image i : images) {
                if (i.references().contains(canonical)) {
                    return Optional.of(i);
                }
            }
        }
        String hex = name.startsWith("sha256:") ? name.substring(7) : name;
        if (!hex.matches("[a-f0-9]{1,64}")) {
            return Optional.empty();
        }
        List<Image> matches = images.stream().filter(i -> i.id().substring(7).startsWith(hex)).toList();
        return matches.size() == 1 ? Optional.of(matches.get(0)) : Optional.empty();
    }

    /** The canonical tagged form of a reference, or null if the text is not a reference. */
    public static String canonicalOrNull(String name) {
        return ImageReference.tryParse(name).flatMap(ImageReference::canonicalTag).orElse(null);
    }

    private static List<Image> join(List<ImageView> images, List<ImageTagView> tags, List<ImageRepoDigestView> digests) {
        Map<String, List<String>> refs = new LinkedHashMap<>();
        for (ImageTagView t : tags) {
            refs.computeIfAbsent(t.imageId, k -> new ArrayList<>()).add(t.reference);
        }
        Map<String, List<String>> repoDigests = new LinkedHashMap<>();
        for (ImageRepoDigestView d : digests) {
            repoDigests.computeIfAbsent(d.imageId, k -> new ArrayList<>()).add(d.repoDigest);
        }
        return images.stream()
                .map(v -> new Image(v.imageId, refs.getOrDefault(v.imageId, List.of()), repoDigests.getOrDefault(v.imageId, List.of()),
                        v.manifestDigest, v.manifestMediaType,
                        v.size, v.created == null ? 0 : v.created.getEpochSecond(), v.created == null ? null : v.created.toString(), layers(v.layers)))
                .sorted(Comparator.comparingLong(Image::createdSeconds).reversed().thenComparing(Image::id))
                .toList();
    }

    private static List<LayerRef> layers(String json) {
        try {
            return MessageSerde.standard().json().readValue(json, new TypeReference<List<LayerRef>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An image as the gateway shows it; {@code references} are canonical, {@code repoDigests} familiar. */
    public record Image(String id, List<String> references, List<String> repoDigests, String manifestDigest, String manifestMediaType, long size,
                        long createdSeconds, String created, List<LayerRef> layers) {
        public String shortId() {
            return id.substring(7, 19);
        }

        public List<String> familiarTags() {
            return references.stream().map(r -> ImageReference.parse(r).familiar()).toList();
        }
    }
}
