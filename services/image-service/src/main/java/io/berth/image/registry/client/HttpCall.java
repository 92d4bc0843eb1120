package io.berth.image.registry.client;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One request as {@link HttpSender} sends it. {@code receiverFor} picks, from the status and headers of the final
 * (non-redirect) response, where its body goes.
 */
record HttpCall(String method, URI uri, Map<String, String> headers, RequestBody body, Duration deadline,
        Function<HttpResponse.ResponseInfo, BodyReceiver> receiverFor) {

    HttpCall {
        Map<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(headers);
        headers = copy;
    }

    /** A bodiless request whose response body is buffered up to {@code limit}, errors included. */
    static HttpCall of(String method, URI uri, Map<String, String> headers, Duration deadline, long limit) {
        return new HttpCall(method, uri, headers, null, deadline, info -> BodyReceiver.truncating(limit));
    }
}
