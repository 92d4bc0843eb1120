package io.berth.gateway.projection;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.berth.contracts.envelope.Envelope;
import io.berth.contracts.envelope.Message;
import io.berth.contracts.image.ImageEvent.ImageDeleted;
import io.berth.contracts.image.ImageEvent.ImageRepoDigestRecorded;
import io.berth.contracts.image.ImageEvent.ImageStored;
import io.berth.contracts.image.ImageEvent.ImageTagged;
import io.berth.contracts.image.ImageEvent.ImageUntagged;
import io.berth.contracts.topics.Topics;
import io.berth.eventsourcing.projection.Projection;
import io.berth.eventsourcing.serde.MessageSerde;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;

/** Folds image events into {@link ImageView} and {@link ImageTagView} rows. */
@ApplicationScoped
public class ImagesProjection implements Projection {
    @Override
    public String name() {
        return "gateway.images";
    }

    @Override
    public List<String> topics() {
        return List.of(Topics.IMAGE_EVENTS);
    }

    @Override
    public Uni<Void> apply(Mutiny.Session session, Envelope<Message> event) {
        if (event.payload() instanceof ImageStored s) {
            ImageView v = new ImageView();
            v.imageId = s.imageId().toString();
            v.manifestDigest = s.manifestDigest().toString();
            v.manifestMediaType = s.manifestMediaType();
            v.manifestSize = s.manifestSize();
            v.size = s.size();
            v.created = s.created();
            v.source = s.source();
            v.layers = json(s.layers());
            v.storedAt = event.time();
            return session.merge(v).replaceWithVoid();
        }
        if (event.payload() instanceof ImageTagged t) {
            ImageTagView tag = new ImageTagView();
            tag.reference = t.reference();
            tag.imageId = t.imageId().toString();
            tag.taggedAt = event.time();
            return session.merge(tag).replaceWithVoid();
        }
        if (event.payload() instanceof ImageUntagged u) {
            // Flush first: an insert still pending in this batch must not be written after the delete.
            return session.flush().chain(() -> session.createMutationQuery("delete from ImageTagView where reference = :r and imageId = :i")
                    .setParameter("r", u.reference()).setParameter("i", u.imageId().toString()).executeUpdate())
                    .invoke(session::clear).replaceWithVoid(); // the deleted row must not stay managed
        }
        if (event.payload() instanceof ImageRepoDigestRecorded r) {
            String repository = r.repoDigest().substring(0, r.repoDigest().indexOf('@'));
            ImageRepoDigestView v = new ImageRepoDigestView();
            v.repoDigest = r.repoDigest();
            v.imageId = r.imageId().toString();
            // One digest per repository and image, as in the store: a newer one replaces the older.
            return session.flush().chain(() -> session.createMutationQuery("delete from ImageRepoDigestView where imageId = :i and repoDigest like :r")
                            .setParameter("i", v.imageId).setParameter("r", repository + "@%").executeUpdate())
                    .invoke(session::clear).chain(() -> session.merge(v)).replaceWithVoid();
        }
        if (event.payload() instanceof ImageDeleted d) {
            String id = d.imageId().toString();
            return session.flush().chain(() -> session.createMutationQuery("delete from ImageView where imageId = :i")
                            .setParameter("i", id).executeUpdate())
                    .chain(() -> session.createMutationQuery("delete from ImageRepoDigestView where imageId = :i").setParameter("i", id).executeUpdate())
                    .invoke(session::clear).replaceWithVoid();
        }
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<Void> reset(Mutiny.Session session) {
        return session.createMutationQuery("delete from ImageTagView").executeUpdate()
                .chain(() -> session.createMutationQuery("delete from ImageRepoDigestView").executeUpdate())
                .chain(() -> session.createMutationQuery("delete from ImageView").executeUpdate())
                .replaceWithVoid();
    }

    private static String json(Object value) {
        try {
            return MessageSerde.standard().json().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

}
