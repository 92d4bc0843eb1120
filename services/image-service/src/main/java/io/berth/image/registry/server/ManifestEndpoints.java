package io.berth.image.registry.server;

import io.berth.contracts.outcome.CommandOutcome;
import io.berth.contracts.registry.RepositoryCommand.DeleteManifest;
import io.berth.contracts.registry.RepositoryCommand.DeleteTag;
import io.berth.contracts.registry.RepositoryCommand.StoreManifest;
import io.berth.contracts.types.Digest;
import io.berth.image.application.RegistryRepositories;
import io.berth.image.content.BlobNotFoundException;
import io.berth.image.content.ContentStore;
import io.berth.image.domain.RepositoryManifest;
import io.berth.image.domain.RepositoryState;
import io.berth.image.oci.CanonicalJson;
import io.berth.image.oci.Descriptor;
import io.berth.image.oci.ImageIndex;
import io.berth.image.oci.Manifest;
import io.berth.image.oci.ManifestParser;
import io.berth.image.oci.ManifestReferences;
import io.berth.image.oci.ManifestTooLargeException;
import io.berth.image.oci.MediaTypes;
import io.berth.image.oci.OciFormatException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** {@code /v2/<name>/manifests/<reference>}: GET, HEAD, PUT, DELETE. Manifests are stored as blobs in the content store. */
@ApplicationScoped
class ManifestEndpoints {
    private final ContentStore content;
    private final RegistryRepositories repositories;

    ManifestEndpoints(ContentStore content, RegistryRepositories repositories) {
        this.content = content;
        this.repositories = repositories;
    }

    /** GET and HEAD: the stored bytes, exactly as pushed, if the client accepts their media type. */
    void get(RegistryExchange ex) throws IOException {
        String name = Paths.name(ex.name());
        Reference reference = Reference.parse(ex.second());
        RepositoryState repository = repositories.state(name);
        Digest digest = reference.isTag() ? repository.tags().get(reference.tag()) : reference.digest();
        RepositoryManifest manifest = digest == null ? null : repository.manifests().get(digest);
        if (manifest == null) {
            throw unknown(reference);
        }
        if (!new AcceptedMediaTypes(ex.headers("Accept")).allows(manifest.mediaType())) {
            // registry 2.8 answers an OCI manifest this way when the client does not accept OCI; Berth treats every
            // type alike (2.8 would down-convert a schema2 manifest to schema1, which Berth does not produce).
            throw new RegistryException(RegistryError.MANIFEST_UNKNOWN, kindOf(manifest.mediaType())
                    + " found, but accept header does not support " + kindOf(manifest.mediaType()) + "s", null);
        }
        Path file;
        try {
            file = content.path(digest);
        } catch (BlobNotFoundException e) {
            throw unknown(reference); // the index knows it but the bytes are gone: as good as unknown
        }
        String etag = "\"" + digest + "\"";
        ex.response().putHeader("Content-Type", manifest.mediaType()).putHeader("Docker-Content-Digest", digest.toString())
                .putHeader("Etag", etag);
        if (etag.equals(ex.header("If-None-Match"))) {
            RegistryResponses.empty(ex, 304);
            return;
        }
        ex.response().setStatusCode(200).putHeader("Content-Length", Long.toString(manifest.size()));
        if (ex.isHead()) {
            RegistryResponses.afterEnd(ex, ex.response().end());
        } else {
            RegistryResponses.afterEnd(ex, ex.response().sendFile(file.toString()));
        }
    }

    /** PUT: verify, parse, check every reference is in the repository, store the bytes, then record it (and the tag). */
    void put(RegistryExchange ex) throws IOException {
        String name = Paths.name(ex.name());
        Reference reference = Reference.parse(ex.second());
        byte[] bytes = readManifest(ex);
        Digest digest = CanonicalJson.digest(bytes);
        if (!reference.isTag() && !reference.digest().equals(digest)) {
            throw new RegistryException(RegistryError.DIGEST_INVALID, "the manifest's digest is " + digest + ", not "
                    + reference.digest() + " as the URL says", Map.of("digest", reference.digest().toString()));
        }
        Manifest manifest;
        try {
            manifest = ManifestParser.parse(bytes, ex.header("Content-Type"));
        } catch (ManifestTooLargeException e) {
            throw new RegistryException(RegistryError.MANIFEST_TOO_LARGE, e.getMessage(), null);
        } catch (OciFormatException e) {
            throw new RegistryException(RegistryError.MANIFEST_INVALID, e.getMessage(), null);
        }
        String mediaType = mediaTypeOf(manifest, ex.header("Content-Type"));
        List<Digest> references = new ArrayList<>(new LinkedHashSet<>(
                ManifestReferences.requiredLocally(manifest).stream().map(Descriptor::digest).toList()));
        requireReferencesPresent(name, references);
        content.put(bytes);
        CommandOutcome outcome = repositories.submit(new StoreManifest(name, digest, mediaType, bytes.length, references,
                reference.tag()), ex.actor());
        Outcomes.requireAccepted(outcome);
        ex.response().putHeader("Location", Paths.manifestLocation(name, digest)).putHeader("Docker-Content-Digest", digest.toString());
        RegistryResponses.empty(ex, 201);
    }

    /** DELETE: a tag removes only the tag; a digest removes the manifest and every tag on it. */
    void delete(RegistryExchange ex) {
        String name = Paths.name(ex.name());
        Reference reference = Reference.parse(ex.second());
        CommandOutcome outcome = reference.isTag()
                ? repositories.submit(new DeleteTag(name, reference.tag()), ex.actor())
                : repositories.submit(new DeleteManifest(name, reference.digest()), ex.actor());
        Outcomes.requireAccepted(outcome);
        RegistryResponses.empty(ex, 202);
    }

    /** The spec wants every missing reference named; checking the index first also keeps refused bytes out of the store. */
    private void requireReferencesPresent(String name, List<Digest> references) {
        RepositoryState repository = repositories.state(name);
        List<RegistryException.Entry> missing = new ArrayList<>();
        for (Digest d : references) {
            if (!repository.holds(d)) {
                missing.add(new RegistryException.Entry(RegistryError.MANIFEST_BLOB_UNKNOWN,
                        "manifest references " + d + ", which is not in " + name + ": push (or mount) it before the manifest",
                        Map.of("digest", d.toString())));
            }
        }
        if (!missing.isEmpty()) {
            throw new RegistryException(missing);
        }
    }

    /** The body, at most 4 MiB; a larger one is read to its end (bounded) and refused with 413. */
    private static byte[] readManifest(RegistryExchange ex) throws IOException {
        long declared = RegistryResponses.declaredBodyLength(ex);
        if (declared != Long.MAX_VALUE && declared > CanonicalJson.MAX_MANIFEST_BYTES) {
            throw tooLarge(declared);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        for (int n; (n = ex.body().read(buffer, 0, buffer.length)) >= 0; ) {
            out.write(buffer, 0, n);
            if (out.size() > CanonicalJson.MAX_MANIFEST_BYTES) {
                throw tooLarge(out.size());
            }
        }
        return out.toByteArray();
    }

    private static RegistryException tooLarge(long size) {
        return new RegistryException(RegistryError.MANIFEST_TOO_LARGE, "manifest is " + (size == Long.MAX_VALUE ? "over" : size)
                + " bytes; the limit is " + CanonicalJson.MAX_MANIFEST_BYTES + " bytes (4 MiB)", Map.of("limit", CanonicalJson.MAX_MANIFEST_BYTES));
    }

    /** The type to serve it as: the Content-Type it was pushed with, else its mediaType field, else its shape. */
    private static String mediaTypeOf(Manifest manifest, String contentType) {
        String declared = MediaTypes.essence(contentType);
        if (declared != null) {
            return declared;
        }
        if (manifest.mediaType() != null) {
            return manifest.mediaType();
        }
        return manifest instanceof ImageIndex ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST;
    }

    private static String kindOf(String mediaType) {
        return switch (mediaType) {
            case MediaTypes.OCI_MANIFEST -> "OCI manifest";
            case MediaTypes.OCI_INDEX -> "OCI index";
            case MediaTypes.DOCKER_MANIFEST_LIST -> "manifest list";
            case MediaTypes.DOCKER_MANIFEST -> "schema2 manifest";
            default -> mediaType;
        };
    }

    private static RegistryException unknown(Reference reference) {
        return new RegistryException(RegistryError.MANIFEST_UNKNOWN,
                reference.isTag() ? Map.of("Tag", reference.tag()) : Map.of("Digest", reference.digest().toString()));
    }
}
