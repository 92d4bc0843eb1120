package io.berth.gateway.projection;

import io.berth.contracts.envelope.AggregateType;
import io.berth.contracts.envelope.Envelope;
import io.berth.contracts.envelope.MessageType;
import io.berth.contracts.image.ImageEvent;
import io.berth.contracts.image.LayerRef;
import io.berth.contracts.types.Digest;
import io.berth.eventsourcing.projection.Projection;
import io.berth.eventsourcing.testing.ProjectionSuite;
import io.berth.testing.infra.BerthInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/** The images view under the projection suite. The suite's aggregate id stands for a store; image ids derive from it. */
@QuarkusTest
@QuarkusTestResource(value = BerthInfraResource.class, initArgs = @ResourceArg(name = "database", value = "berth_gateway"))
class ImagesProjectionTest extends ProjectionSuite {
    private static final Instant T0 = Instant.parse("2026-11-29T08:00:00Z");

    @Inject
    ImagesProjection projection;

    @Override
    protected Projection projection() {
        return projection;
    }

    @Override
    protected List<Envelope<?>> history(String store) {
        Digest a = digest(store + "a");
        Digest b = digest(store + "b");
        String ref = "docker.io/library/" + store + ":1";
        return List.of(
                event(store, 1, stored(a)),
                event(store, 2, new ImageEvent.ImageTagged(a, ref)),
                event(store, 3, stored(b)),
                event(store, 4, new ImageEvent.ImageUntagged(a, ref)),
                event(store, 5, new ImageEvent.ImageTagged(b, ref)),
                event(store, 6, new ImageEvent.ImageDeleted(a)),
                event(store, 7, new ImageEvent.ImageRepoDigestRecorded(b, "127.0.0.1:5000/" + store + "@" + digest(store + "d1"))),
                event(store, 8, new ImageEvent.ImageRepoDigestRecorded(b, "127.0.0.1:5000/" + store + "@" + digest(store + "d2"))));
    }

    @Override
    protected Envelope<?> staleEvent(String store) {
        return event(store, 3, new ImageEvent.ImageTagged(digest(store + "a"), "docker.io/library/stale:1"));
    }

    @Override
    protected Uni<Object> read(Mutiny.Session session, String store) {
        String a = digest(store + "a").toString();
        String b = digest(store + "b").toString();
        return session.createSelectionQuery("from ImageView where imageId in (:a, :b) order by imageId", ImageView.class)
                .setParameter("a", a).setParameter("b", b).getResultList()
                .chain(images -> session.createSelectionQuery("from ImageTagView where imageId in (:a, :b) order by reference", ImageTagView.class)
                        .setParameter("a", a).setParameter("b", b).getResultList()
                        .chain(tags -> session.createSelectionQuery("from ImageRepoDigestView where imageId in (:a, :b) order by repoDigest", ImageRepoDigestView.class)
                                .setParameter("a", a).setParameter("b", b).getResultList()
                                .map(digests -> {
                                    if (images.isEmpty() && tags.isEmpty()) {
                                        return null;
                                    }
                                    return List.of(images.stream().map(i -> List.of(i.imageId, i.size, i.created, i.layers)).toList(),
                                            tags.stream().map(t -> List.of(t.reference, t.imageId)).toList(),
                                            digests.stream().map(d -> List.of(d.repoDigest, d.imageId)).toList());
                                })));
    }

    private static ImageEvent.ImageStored stored(Digest id) {
        LayerRef layer = new LayerRef(digest(id + "layer"), digest(id + "diff"), 10, 20, "application/vnd.oci.image.layer.v1.tar+gzip");
        return new ImageEvent.ImageStored(id, digest(id + "manifest"), "application/vnd.oci.image.manifest.v1+json", 300,
                List.of(layer), 20, T0, "import");
    }

    private static Digest digest(String seed) {
        try {
            return Digest.sha256(MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Envelope<?> event(String store, long sequence, ImageEvent e) {
        return new Envelope<>(UUID.randomUUID().toString(), MessageType.of(e.getClass()), AggregateType.IMAGE, store, sequence,
                T0.plusSeconds(sequence), "test", null, "test", null, e);
    }
}
