package io.berth.image.registry.server;

/**
 * Every error the {@code /v2/} API answers, registered once: wire code, HTTP status, message (the distribution spec's
 * code list; messages as registry 2.8 words them). Handlers throw {@link RegistryException} with one of these and the
 * edge ({@link RegistryResponses#error}) writes {@code {"errors":[{"code","message","detail"}]}}.
 *
 * <p>A code has one status, except where the spec asks a specific status for one situation: those are separate
 * entries sharing the wire code (a manifest above 4 MiB is 413, a chunk out of order is 416). Two statuses differ from
 * registry 2.8 on purpose: MANIFEST_BLOB_UNKNOWN is 404 (the spec's failure status for a manifest push; 2.8 says 400)
 * and BLOB_UPLOAD_INVALID is 400 (2.8 says 404, which clients take for "upload unknown").
 */
public enum RegistryError {
    BLOB_UNKNOWN("BLOB_UNKNOWN", 404, "blob unknown to registry"),
    BLOB_UPLOAD_INVALID("BLOB_UPLOAD_INVALID", 400, "blob upload invalid"),
    BLOB_UPLOAD_OUT_OF_ORDER("BLOB_UPLOAD_INVALID", 416, "blob upload invalid"),
    BLOB_UPLOAD_UNKNOWN("BLOB_UPLOAD_UNKNOWN", 404, "blob upload unknown to registry"),
    DIGEST_INVALID("DIGEST_INVALID", 400, "provided digest did not match uploaded content"),
    MANIFEST_BLOB_UNKNOWN("MANIFEST_BLOB_UNKNOWN", 404, "blob unknown to registry"),
    MANIFEST_INVALID("MANIFEST_INVALID", 400, "manifest invalid"),
    MANIFEST_TOO_LARGE("MANIFEST_INVALID", 413, "manifest invalid"),
    MANIFEST_UNKNOWN("MANIFEST_UNKNOWN", 404, "manifest unknown"),
    NAME_INVALID("NAME_INVALID", 400, "invalid repository name"),
    NAME_UNKNOWN("NAME_UNKNOWN", 404, "repository name not known to registry"),
    SIZE_INVALID("SIZE_INVALID", 400, "provided length did not match content length"),
    TAG_INVALID("TAG_INVALID", 400, "manifest tag did not match URI"),
    PAGINATION_NUMBER_INVALID("PAGINATION_NUMBER_INVALID", 400, "invalid number of results requested"),
    UNAUTHORIZED("UNAUTHORIZED", 401, "authentication required"),
    DENIED("DENIED", 403, "requested access to the resource is denied"),
    UNSUPPORTED("UNSUPPORTED", 405, "The operation is unsupported."),
    TOOMANYREQUESTS("TOOMANYREQUESTS", 429, "too many requests"),
    UNKNOWN("UNKNOWN", 500, "unknown error");

    private final String code;
    private final int status;
    private final String message;

    RegistryError(String code, int status, String message) {
        this.code = code;
        this.status = status;
        this.message = message;
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    public String message() {
        return message;
    }

    /** The entry for a domain rejection, whose codes are the spec's (see {@code RepositoryDecider}). */
    static RegistryError ofRejection(String rejectionCode) {
        for (RegistryError e : values()) {
            if (e.code.equals(rejectionCode)) {
                return e; // the first entry of a code is its general one
            }
        }
        return UNKNOWN;
    }
}
