package io.berth.image.domain;

import io.berth.contracts.envelope.AggregateType;
import io.berth.contracts.registry.RepositoryCommand;
import io.berth.contracts.registry.RepositoryCommand.DeleteManifest;
import io.berth.contracts.registry.RepositoryCommand.DeleteTag;
import io.berth.contracts.registry.RepositoryCommand.LinkBlob;
import io.berth.contracts.registry.RepositoryCommand.SetTag;
import io.berth.contracts.registry.RepositoryCommand.StoreManifest;
import io.berth.contracts.registry.RepositoryCommand.UnlinkBlob;
import io.berth.contracts.registry.RepositoryEvent;
import io.berth.contracts.registry.RepositoryEvent.BlobLinked;
import io.berth.contracts.registry.RepositoryEvent.BlobUnlinked;
import io.berth.contracts.registry.RepositoryEvent.ManifestDeleted;
import io.berth.contracts.registry.RepositoryEvent.ManifestStored;
import io.berth.contracts.registry.RepositoryEvent.TagDeleted;
import io.berth.contracts.registry.RepositoryEvent.TagSet;
import io.berth.contracts.types.Digest;
import io.berth.eventsourcing.Decider;
import io.berth.eventsourcing.Rejection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * One registry repository as an aggregate (id = repository name). It decides what a repository may hold: a
 * manifest only when everything it references is already there, tags only on stored manifests. Repeating a
 * push appends nothing. Rejection codes are the distribution spec's error codes, so the HTTP edge can answer
 * them as they are.
 */
public final class RepositoryDecider implements Decider<RepositoryCommand, RepositoryEvent, RepositoryState> {
    public static final String NAME_INVALID = "NAME_INVALID";
    public static final String TAG_INVALID = "TAG_INVALID";
    public static final String MANIFEST_BLOB_UNKNOWN = "MANIFEST_BLOB_UNKNOWN";
    public static final String MANIFEST_UNKNOWN = "MANIFEST_UNKNOWN";
    public static final String BLOB_UNKNOWN = "BLOB_UNKNOWN";

    @Override
    public AggregateType aggregateType() {
        return AggregateType.REPOSITORY;
    }

    @Override
    public String aggregateId(RepositoryCommand command) {
        return command.repository();
    }

    @Override
    public RepositoryState initialState() {
        return RepositoryState.EMPTY;
    }

    @Override
    public List<RepositoryEvent> decide(RepositoryCommand command, RepositoryState state) {
        String repository = command.repository();
        if (!RepositoryNames.isValidName(repository)) {
            throw new Rejection(NAME_INVALID, "invalid repository name \"" + repository
                    + "\": use lower-case path components of [a-z0-9] joined by '.', '_', '__' or '-', separated by '/'");
        }
        if (command instanceof LinkBlob l) {
            return state.blobs().containsKey(l.digest()) ? List.of() : List.of(new BlobLinked(repository, l.digest(), l.size()));
        }
        if (command instanceof StoreManifest s) {
            return store(s, state);
        }
        if (command instanceof SetTag t) {
            requireTag(t.tag());
            if (!state.manifests().containsKey(t.digest())) {
                throw new Rejection(MANIFEST_UNKNOWN, "cannot tag " + t.digest() + " as " + t.tag() + ": no such manifest in " + repository);
            }
            return t.digest().equals(state.tags().get(t.tag())) ? List.of() : List.of(new TagSet(repository, t.tag(), t.digest()));
        }
        if (command instanceof DeleteTag d) {
            Digest named = state.tags().get(d.tag());
            if (named == null) {
                throw new Rejection(MANIFEST_UNKNOWN, "tag " + d.tag() + " is not in " + repository);
            }
            return List.of(new TagDeleted(repository, d.tag(), named));
        }
        if (command instanceof DeleteManifest d) {
            if (!state.manifests().containsKey(d.digest())) {
                throw new Rejection(MANIFEST_UNKNOWN, "manifest " + d.digest() + " is not in " + repository);
            }
            return List.of(new ManifestDeleted(repository, d.digest()));
        }
        UnlinkBlob u = (UnlinkBlob) command;
        if (!state.blobs().containsKey(u.digest())) {
            throw new Rejection(BLOB_UNKNOWN, "blob " + u.digest() + " is not in " + repository);
        }
        return List.of(new BlobUnlinked(repository, u.digest()));
    }

    private static List<RepositoryEvent> store(StoreManifest s, RepositoryState state) {
        if (s.tag() != null) {
            requireTag(s.tag());
        }
        for (Digest reference : s.references()) {
            if (!state.holds(reference)) {
                throw new Rejection(MANIFEST_BLOB_UNKNOWN, "manifest " + s.digest() + " references " + reference
                        + ", which is not in " + s.repository() + ": push (or mount) it before the manifest");
            }
        }
        List<RepositoryEvent> events = new ArrayList<>(2);
        if (!state.manifests().containsKey(s.digest())) {
            events.add(new ManifestStored(s.repository(), s.digest(), s.mediaType(), s.size(), s.references()));
        }
        if (s.tag() != null && !s.digest().equals(state.tags().get(s.tag()))) {
            events.add(new TagSet(s.repository(), s.tag(), s.digest()));
        }
        return events;
    }

    private static void requireTag(String tag) {
        if (!RepositoryNames.isValidTag(tag)) {
            throw new Rejection(TAG_INVALID, "invalid tag \"" + tag + "\": a tag is [a-zA-Z0-9_] then up to 127 of [a-zA-Z0-9._-]");
        }
    }

    @Override
    public RepositoryState evolve(RepositoryState state, RepositoryEvent event) {
        if (event instanceof BlobLinked l) {
            Map<Digest, Long> blobs = state.copyOfBlobs();
            blobs.put(l.digest(), l.size());
            return state.withBlobs(blobs);
        }
        if (event instanceof BlobUnlinked u) {
            Map<Digest, Long> blobs = state.copyOfBlobs();
            blobs.remove(u.digest());
            return state.withBlobs(blobs);
        }
        if (event instanceof ManifestStored m) {
            Map<Digest, RepositoryManifest> manifests = state.copyOfManifests();
            manifests.put(m.digest(), new RepositoryManifest(m.digest(), m.mediaType(), m.size(), m.references()));
            return state.withManifests(manifests, state.copyOfTags());
        }
        if (event instanceof ManifestDeleted d) {
            Map<Digest, RepositoryManifest> manifests = state.copyOfManifests();
            manifests.remove(d.digest());
            SortedMap<String, Digest> tags = state.copyOfTags();
            tags.values().removeIf(d.digest()::equals);
            return state.withManifests(manifests, tags);
        }
        if (event instanceof TagSet t) {
            SortedMap<String, Digest> tags = state.copyOfTags();
            tags.put(t.tag(), t.digest());
            return state.withTags(tags);
        }
        TagDeleted d = (TagDeleted) event;
        SortedMap<String, Digest> tags = state.copyOfTags();
        tags.remove(d.tag(), d.digest());
        return state.withTags(tags);
    }
}
