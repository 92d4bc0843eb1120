package io.berth.image.registry.client;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends requests under Berth's transport rules: only to URIs the access policy permits, with a deadline on the whole
 * exchange (body included), following at most {@value #MAX_REDIRECTS} redirects of GET/HEAD, and dropping the
 * Authorization header whenever a redirect leaves the origin (blob downloads are often redirected to storage that
 * must not see registry credentials). Redirects are followed here rather than by the JDK client for that reason.
 */
final class HttpSender {
    static final int MAX_REDIRECTS = 5;

    private final RegistryAccessPolicy policy;
    private final String userAgent;
    private final HttpClient verifyingTls;
    private final HttpClient insecureTls;

    HttpSender(RegistryAccessPolicy policy, RegistryClientSettings settings) {
        this.policy = policy;
        this.userAgent = settings.userAgent();
        this.verifyingTls = baseClient(settings).build();
        this.insecureTls = baseClient(settings).sslContext(InsecureTls.context()).build();
    }

    private static HttpClient.Builder baseClient(RegistryClientSettings settings) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER);
    }

    RegistryAccessPolicy policy() {
        return policy;
    }

    RegistryResponse send(HttpCall call) throws IOException {
        String method = call.method();
        URI uri = call.uri();
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(call.headers());
        for (int hop = 0; ; hop++) {
            boolean mayFollow = hop < MAX_REDIRECTS && (method.equals("GET") || method.equals("HEAD"));
            HttpResponse<byte[]> response = exchange(method, uri, headers, call, mayFollow);
            String location = response.headers().firstValue("Location").orElse(null);
            if (!mayFollow || !isRedirect(response.statusCode()) || location == null) {
                if (isRedirect(response.statusCode()) && hop >= MAX_REDIRECTS) {
                    throw new IOException("more than " + MAX_REDIRECTS + " redirects from " + redacted(call.uri()));
                }
                return new RegistryResponse(response.statusCode(), response.headers(), response.body(), uri);
            }
            URI next = uri.resolve(location.strip());
            if (!RegistryEndpoint.sameOrigin(uri, next)) {
                headers.remove("Authorization");
            }
            uri = next;
        }
    }

    private HttpResponse<byte[]> exchange(String method, URI uri, Map<String, String> headers, HttpCall call,
            boolean mayFollow) throws IOException {
        if (!policy.permits(uri)) {
            throw new IOException("refusing plain HTTP to " + uri.getRawAuthority()
                    + ": it is not an insecure registry (only HTTPS is allowed there)");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(call.deadline())
                .method(method, call.body() == null ? HttpRequest.BodyPublishers.noBody() : call.body().publisher())
                .header("User-Agent", userAgent);
        headers.forEach(request::header);
        if (call.body() != null && call.body().contentType() != null) {
            request.header("Content-Type", call.body().contentType());
        }
        HttpResponse.BodyHandler<byte[]> handler = info -> mayFollow && isRedirect(info.statusCode())
                ? BodyReceiver.truncating(0) : call.receiverFor().apply(info);
        HttpClient client = uri.getScheme().equalsIgnoreCase("https") && policy.isInsecure(uri.getRawAuthority())
                ? insecureTls : verifyingTls;
        CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(request.build(), handler);
        return await(future, method, uri, call.deadline());
    }

    private static HttpResponse<byte[]> await(CompletableFuture<HttpResponse<byte[]>> future, String method, URI uri,
            Duration deadline) throws IOException {
        try {
            return future.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new HttpTimeoutException(method + " " + redacted(uri) + " did not finish within " + deadline);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted during " + method + " " + redacted(uri));
        } catch (ExecutionException e) {
            throw asIOException(e.getCause(), method, uri);
        }
    }

    private static IOException asIOException(Throwable cause, String method, URI uri) {
        if (cause instanceof UncheckedIOException unchecked) {
            cause = unchecked.getCause();
        }
        if (cause instanceof IOException io && io.getMessage() != null) {
            return io;
        }
        // The JDK client throws ConnectException and friends without a message; say where it happened.
        return new IOException(method + " " + redacted(uri) + ": " + cause, cause);
    }

    static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /** Without the query: upload locations carry long opaque state, storage redirects carry signatures. */
    static String redacted(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority() + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }
}
