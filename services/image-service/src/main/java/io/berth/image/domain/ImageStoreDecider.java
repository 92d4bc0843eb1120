package io.berth.image.domain;

import io.berth.contracts.envelope.AggregateType;
import io.berth.contracts.image.ImageCommand;
import io.berth.contracts.image.ImageCommand.RecordRepoDigest;
import io.berth.contracts.image.ImageCommand.RemoveImage;
import io.berth.contracts.image.ImageCommand.StoreImage;
import io.berth.contracts.image.ImageCommand.TagImage;
import io.berth.contracts.image.ImageEvent;
import io.berth.contracts.image.ImageEvent.ImageDeleted;
import io.berth.contracts.image.ImageEvent.ImageRepoDigestRecorded;
import io.berth.contracts.image.ImageEvent.ImageStored;
import io.berth.contracts.image.ImageEvent.ImageTagged;
import io.berth.contracts.image.ImageEvent.ImageUntagged;
import io.berth.contracts.types.Digest;
import io.berth.contracts.types.ImageReference;
import io.berth.eventsourcing.Decider;
import io.berth.eventsourcing.Rejection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The local image store as one aggregate, so that moving a tag from one image to another, and removing an image
 * with all its tags, are single atomic decisions. Removal follows {@code docker rmi}: naming a tag untags it (and
 * deletes the image with its last tag), naming the id deletes the image; containers using the image and several
 * references are Docker's three conflicts.
 */
public final class ImageStoreDecider implements Decider<ImageCommand, ImageEvent, ImageStoreState> {
    public static final String UNKNOWN = "image.unknown";
    public static final String CONFLICT = "image.conflict";
    public static final String INVALID = "image.invalid-reference";

    @Override
    public AggregateType aggregateType() {
        return AggregateType.IMAGE;
    }

    @Override
    public String aggregateId(ImageCommand command) {
        return ImageCommand.STORE;
    }

    @Override
    public ImageStoreState initialState() {
        return ImageStoreState.EMPTY;
    }

    @Override
    public List<ImageEvent> decide(ImageCommand command, ImageStoreState state) {
        if (command instanceof StoreImage s) {
            List<ImageEvent> events = new ArrayList<>();
            if (!state.images().containsKey(s.imageId())) {
                events.add(new ImageStored(s.imageId(), s.manifestDigest(), s.manifestMediaType(), s.manifestSize(),
                        s.layers(), s.size(), s.created(), s.source()));
            }
            for (String tag : s.tags()) {
                events.addAll(pointAt(state, s.imageId(), tag));
            }
            return events;
        }
        if (command instanceof TagImage t) {
            require(state, t.imageId());
            return pointAt(state, t.imageId(), t.reference());
        }
        if (command instanceof RecordRepoDigest r) {
            StoredImage image = require(state, r.imageId());
            repoDigestReference(r.repoDigest());
            return image.repoDigests().contains(r.repoDigest()) ? List.of() : List.of(new ImageRepoDigestRecorded(r.imageId(), r.repoDigest()));
        }
        return remove((RemoveImage) command, state);
    }

    private static List<ImageEvent> pointAt(ImageStoreState state, Digest imageId, String reference) {
        String canonical = canonical(reference);
        Digest holder = state.tags().get(canonical);
        if (imageId.equals(holder)) {
            return List.of();
        }
        List<ImageEvent> events = new ArrayList<>();
        if (holder != null) {
            events.add(new ImageUntagged(holder, canonical));
        }
        events.add(new ImageTagged(imageId, canonical));
        return events;
    }

    private static List<ImageEvent> remove(RemoveImage r, ImageStoreState state) {
        StoredImage image = require(state, r.imageId());
        String shortId = image.shortId();
        List<ImageEvent> events = new ArrayList<>();
        if (r.reference() != null) {
            String ref = canonical(r.reference());
            if (!image.tags().contains(ref)) {
                throw new Rejection(UNKNOWN, "No such image: " + ImageReference.parse(ref).familiar());
            }
            if (image.tags().size() > 1) {
                return List.of(new ImageUntagged(r.imageId(), ref));
            }
            String user = firstOf(r.runningContainers(), r.stoppedContainers());
            if (user != null) {
                if (!r.force()) {
                    throw new Rejection(CONFLICT, "conflict: unable to remove repository reference \""
                            + ImageReference.parse(ref).familiar() + "\" (must force) - container " + user
                            + " is using its referenced image " + shortId);
                }
                return List.of(new ImageUntagged(r.imageId(), ref)); // still used: keep the image itself
            }
            events.add(new ImageUntagged(r.imageId(), ref));
            events.add(new ImageDeleted(r.imageId()));
            return events;
        }
        if (!r.runningContainers().isEmpty()) {
            throw new Rejection(CONFLICT, "conflict: unable to delete " + shortId
                    + " (cannot be forced) - image is being used by running container " + r.runningContainers().get(0));
        }
        if (!r.force() && !r.stoppedContainers().isEmpty()) {
            throw new Rejection(CONFLICT, "conflict: unable to delete " + shortId
                    + " (must be forced) - image is being used by stopped container " + r.stoppedContainers().get(0));
        }
        if (!r.force() && image.tags().size() > 1) {
            throw new Rejection(CONFLICT, "conflict: unable to delete " + shortId
                    + " (must be forced) - image is referenced in multiple repositories");
        }
        for (String tag : image.tags()) {
            events.add(new ImageUntagged(r.imageId(), tag));
        }
        events.add(new ImageDeleted(r.imageId()));
        return events;
    }

    @Override
    public ImageStoreState evolve(ImageStoreState state, ImageEvent event) {
        Map<Digest, StoredImage> images = new HashMap<>(state.images());
        Map<String, Digest> tags = new HashMap<>(state.tags());
        if (event instanceof ImageStored s) {
            images.put(s.imageId(), new StoredImage(s, List.of(), List.of()));
        } else if (event instanceof ImageTagged t) {
            StoredImage i = images.get(t.imageId());
            List<String> refs = new ArrayList<>(i.tags());
            refs.add(t.reference());
            images.put(t.imageId(), new StoredImage(i.stored(), refs, i.repoDigests()));
            tags.put(t.reference(), t.imageId());
        } else if (event instanceof ImageUntagged u) {
            StoredImage i = images.get(u.imageId());
            List<String> refs = new ArrayList<>(i.tags());
            refs.remove(u.reference());
            images.put(u.imageId(), new StoredImage(i.stored(), refs, i.repoDigests()));
            tags.remove(u.reference(), u.imageId());
        } else if (event instanceof ImageRepoDigestRecorded r) {
            StoredImage i = images.get(r.imageId());
            String repository = r.repoDigest().substring(0, r.repoDigest().indexOf('@'));
            List<String> digests = new ArrayList<>(i.repoDigests());
            digests.removeIf(d -> d.startsWith(repository + "@"));
            digests.add(r.repoDigest());
            images.put(r.imageId(), new StoredImage(i.stored(), i.tags(), digests));
        } else if (event instanceof ImageDeleted d) {
            images.remove(d.imageId());
        }
        return new ImageStoreState(images, tags);
    }

    private static StoredImage require(ImageStoreState state, Digest imageId) {
        StoredImage image = state.images().get(imageId);
        if (image == null) {
            throw new Rejection(UNKNOWN, "No such image: " + imageId);
        }
        return image;
    }

    private static String canonical(String reference) {
        ImageReference ref;
        try {
            ref = ImageReference.parse(reference);
        } catch (IllegalArgumentException e) {
            throw new Rejection(INVALID, e.getMessage());
        }
        return ref.canonicalTag().orElseThrow(() -> new Rejection(INVALID, "invalid reference format: " + reference + " has no tag"));
    }

    /** A repo digest is {@code repository@sha256:…} with no tag. */
    private static void repoDigestReference(String repoDigest) {
        try {
            ImageReference ref = ImageReference.parse(repoDigest);
            if (ref.digest() == null || ref.tag() != null) {
                throw new Rejection(INVALID, "not a repository digest: " + repoDigest);
            }
        } catch (IllegalArgumentException e) {
            throw new Rejection(INVALID, e.getMessage());
        }
    }

    private static String firstOf(List<String> running, List<String> stopped) {
        return !running.isEmpty() ? running.get(0) : stopped.isEmpty() ? null : stopped.get(0);
    }
}
