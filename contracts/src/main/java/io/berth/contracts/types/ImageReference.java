package io.berth.contracts.types;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An image reference as the docker CLI writes it, normalised the way Docker does:
 * {@code busybox} is {@code docker.io/library/busybox:latest}; {@code 127.0.0.1:5000/demo:1} keeps its registry.
 * A reference has a tag, a digest or both.
 */
public record ImageReference(String registry, String repository, String tag, Digest digest) {
    public static final String DEFAULT_REGISTRY = "docker.io";
    public static final String DEFAULT_TAG = "latest";

    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern REGISTRY = Pattern.compile("(?:[a-zA-Z0-9-]+(?:\\.[a-zA-Z0-9-]+)*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?");

    public ImageReference {
        if (registry == null || !REGISTRY.matcher(registry).matches()) {
            throw new IllegalArgumentException("invalid reference format: registry '" + registry + "'");
        }
        if (repository == null || repository.isEmpty() || repository.length() > 255) {
            throw new IllegalArgumentException("invalid reference format: repository name must be 1 to 255 characters");
        }
        for (String part : repository.split("/", -1)) {
            if (!COMPONENT.matcher(part).matches()) {
                throw new IllegalArgumentException("invalid reference format: repository name '" + repository
                        + "' must be lowercase letters, digits and separators");
            }
        }
        if (tag != null && !TAG.matcher(tag).matches()) {
            throw new IllegalArgumentException("invalid reference format: tag '" + tag + "'");
        }
        if (tag == null && digest == null) {
            tag = DEFAULT_TAG;
        }
    }

    public static ImageReference parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("invalid reference format: empty reference");
        }
        String rest = text;
        Digest digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = Digest.parse(rest.substring(at + 1));
            rest = rest.substring(0, at);
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
        }
        String registry = DEFAULT_REGISTRY;
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost") || !first.equals(first.toLowerCase(Locale.ROOT))) {
                registry = first;
                rest = rest.substring(slash + 1);
            }
        }
        if (registry.equals(DEFAULT_REGISTRY) && !rest.contains("/")) {
            rest = "library/" + rest;
        }
        return new ImageReference(registry, rest, tag, digest);
    }

    /** The reference in {@code text}, or empty when it is not one. */
    public static Optional<ImageReference> tryParse(String text) {
        try {
            return Optional.of(parse(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The canonical {@code registry/repository:tag} (digest dropped), or empty for a reference by digest only. */
    public Optional<String> canonicalTag() {
        return tag == null ? Optional.empty() : Optional.of(new ImageReference(registry, repository, tag, null).canonical());
    }

    /** The fully qualified form, e.g. {@code docker.io/library/busybox:latest}. */
    public String canonical() {
        return registry + "/" + repository + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }

    /** The short form Docker shows: {@code busybox:latest}, {@code user/app:1}, {@code 127.0.0.1:5000/demo:1}. */
    public String familiar() {
        String name = repository;
        if (registry.equals(DEFAULT_REGISTRY)) {
            if (name.startsWith("library/")) {
                name = name.substring("library/".length());
            }
        } else {
            name = registry + "/" + name;
        }
        return name + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }

    @Override
    public String toString() {
        return familiar();
    }
}
