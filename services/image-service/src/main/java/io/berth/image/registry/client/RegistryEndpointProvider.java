package io.berth.image.registry.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/**
 * How to call one registry endpoint (one implementation per endpoint, as in jib): the request, which statuses are
 * results rather than errors, what a result means, and the action named in error messages.
 */
interface RegistryEndpointProvider<T> {
    long SMALL_BODY_LIMIT = 1 << 20;

    String httpMethod();

    URI uri(RegistryEndpoint endpoint);

    default List<String> accept() {
        return List.of();
    }

    /** Extra request headers (Accept and Authorization are set by the session). */
    default Map<String, String> headers() {
        return Map.of();
    }

    /** Null for no body. */
    default RequestBody body() {
        return null;
    }

    /** Blob transfers get the long transfer deadline; everything else the request deadline. */
    default boolean isTransfer() {
        return false;
    }

    /** Statuses handed to {@link #handleResponse}; any other status becomes an exception. */
    default boolean handles(int status) {
        return status >= 200 && status < 300;
    }

    /** Where the body of a handled response goes; by default buffered up to {@link #SMALL_BODY_LIMIT}. */
    default BodyReceiver bodyReceiver(HttpResponse.ResponseInfo info) {
        return BodyReceiver.buffering(SMALL_BODY_LIMIT);
    }

    T handleResponse(RegistryResponse response) throws RegistryException, IOException;

    /** Completes "Tried to … but failed because: …", e.g. "check blob exists for 127.0.0.1:5000/demo with digest …". */
    String actionDescription();
}
