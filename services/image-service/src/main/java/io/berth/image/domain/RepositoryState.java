package io.berth.image.domain;

import io.berth.contracts.types.Digest;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One registry repository: its linked blobs (digest → size), its manifests and its tags (sorted, as tags/list
 * answers them). Immutable; {@link RepositoryDecider#evolve} makes the next one.
 */
public final class RepositoryState {
    public static final RepositoryState EMPTY = new RepositoryState(Map.of(), Map.of(), new TreeMap<>());

    private final Map<Digest, Long> blobs;
    private final Map<Digest, RepositoryManifest> manifests;
    private final SortedMap<String, Digest> tags;

    RepositoryState(Map<Digest, Long> blobs, Map<Digest, RepositoryManifest> manifests, SortedMap<String, Digest> tags) {
        this.blobs = Collections.unmodifiableMap(blobs);
        this.manifests = Collections.unmodifiableMap(manifests);
        this.tags = Collections.unmodifiableSortedMap(tags);
    }

    public Map<Digest, Long> blobs() {
        return blobs;
    }

    public Map<Digest, RepositoryManifest> manifests() {
        return manifests;
    }

    /** Tag → manifest digest, in the byte order of the tag (Go's sort.Strings, as the spec asks). */
    public SortedMap<String, Digest> tags() {
        return tags;
    }

    /** A repository that holds nothing (never pushed to, or emptied) is not listed and is unknown to tags/list. */
    public boolean isEmpty() {
        return blobs.isEmpty() && manifests.isEmpty() && tags.isEmpty();
    }

    /** Whether a manifest may reference {@code digest}: a blob linked here, or (for an index) a manifest stored here. */
    public boolean holds(Digest digest) {
        return blobs.containsKey(digest) || manifests.containsKey(digest);
    }

    RepositoryState withBlobs(Map<Digest, Long> newBlobs) {
        return new RepositoryState(newBlobs, manifests, tags);
    }

    RepositoryState withManifests(Map<Digest, RepositoryManifest> newManifests, SortedMap<String, Digest> newTags) {
        return new RepositoryState(blobs, newManifests, newTags);
    }

    RepositoryState withTags(SortedMap<String, Digest> newTags) {
        return new RepositoryState(blobs, manifests, newTags);
    }

    Map<Digest, Long> copyOfBlobs() {
        return new HashMap<>(blobs);
    }

    Map<Digest, RepositoryManifest> copyOfManifests() {
        return new HashMap<>(manifests);
    }

    SortedMap<String, Digest> copyOfTags() {
        return new TreeMap<>(tags);
    }
}
