package io.berth.image.registry.client;

/** How manifests are addressed in URLs and messages: by tag ({@code demo:1}) or by digest ({@code demo@sha256:…}). */
final class ManifestReferences {
    private ManifestReferences() {
    }

    /** Tags never contain ':', digests always do. */
    static boolean isDigest(String tagOrDigest) {
        return tagOrDigest.indexOf(':') >= 0;
    }

    static String describe(String registry, String repository, String tagOrDigest) {
        return registry + "/" + repository + (isDigest(tagOrDigest) ? "@" : ":") + tagOrDigest;
    }
}
