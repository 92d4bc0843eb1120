package io.berth.image.registry.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.berth.contracts.types.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small registry with a token server, in the test, over real HTTPS sockets on 127.0.0.1 (self-signed, which the
 * client accepts because loopback is an insecure registry).
 *
 * <ul>
 *   <li>The registry answers 401 with a Bearer challenge and accepts only tokens its token server issued with the
 *       needed action (pull for GET/HEAD, push for the rest) on repository "demo".</li>
 *   <li>The token server wants testuser/testpassword (Basic) or the identity token (refresh-token grant); anonymous
 *       callers get pull actions only.</li>
 *   <li>Uploads answer with <em>relative</em> Locations whose {@code _state} changes on every step, and check
 *       Content-Range, as registries other than distribution do.</li>
 *   <li>Blob downloads redirect to "storage" under another origin (localhost instead of 127.0.0.1), which records
 *       whether credentials leaked there.</li>
 * </ul>
 */
final class FakeTokenRegistry implements AutoCloseable {
    static final String SERVICE = "fake-registry";
    static final String IDENTITY_TOKEN = "identity-123";
    static final String HUGE_TAG = "huge";

    private final HttpsServer server;
    private final Map<String, Set<String>> issued = new ConcurrentHashMap<>();
    private final AtomicInteger counter = new AtomicInteger();
    private final AtomicInteger tokenCounter = new AtomicInteger();
    private final Map<String, Upload> uploads = new ConcurrentHashMap<>();
    final List<Map<String, List<String>>> tokenRequests = new CopyOnWriteArrayList<>();
    final List<String> tokenAuthorizations = new CopyOnWriteArrayList<>();
    final List<String> registryAuthorizations = new CopyOnWriteArrayList<>();
    final List<String> storageAuthorizations = new CopyOnWriteArrayList<>();
    final List<String> contentRanges = new CopyOnWriteArrayList<>();
    final Map<Digest, byte[]> blobs = new ConcurrentHashMap<>();
    final Map<String, byte[]> manifests = new ConcurrentHashMap<>();
    volatile String tokenField = "token";
    volatile int expiresIn = 300;
    volatile String realmOverride;
    volatile boolean rejectAllTokens;
    volatile boolean corruptStorage;
    volatile List<String> tags = List.of("1", "2", "3", "4", "5");

    private static final class Upload {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        String state;
    }

    FakeTokenRegistry() throws Exception {
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(SelfSignedTls.serverContext()));
        server.createContext("/token", this::token);
        server.createContext("/v2/", this::registry);
        server.createContext("/storage/", this::storage);
        server.createContext("/loop", exchange -> {
            exchange.getResponseHeaders().add("Location", "/loop?" + counter.incrementAndGet());
            send(exchange, 302, Map.of(), "");
        });
        server.start();
    }

    String registry() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** Forgets every issued token, as if they had all been revoked. */
    void revokeTokens() {
        issued.clear();
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, List<String>> params = parseForm(exchange.getRequestURI().getRawQuery());
        if (exchange.getRequestMethod().equals("POST")) {
            params = parseForm(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        }
        tokenRequests.add(params);
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        tokenAuthorizations.add(authorization == null ? "" : authorization);
        boolean presented = authorization != null || params.containsKey("refresh_token");
        boolean user = params.containsKey("refresh_token")
                ? IDENTITY_TOKEN.equals(first(params, "refresh_token"))
                        && "refresh_token".equals(first(params, "grant_type"))
                : authorization != null && authorization.equals("Basic " + Base64.getEncoder()
                        .encodeToString("testuser:testpassword".getBytes(StandardCharsets.UTF_8)));
        if (presented && !user) {
            send(exchange, 401, Map.of(), "{\"details\":\"incorrect username or password\"}");
            return;
        }
        Set<String> granted = new HashSet<>();
        for (String scopes : params.getOrDefault("scope", List.of())) {
            for (String scope : scopes.split(" ")) {
                String[] parts = scope.split(":"); // repository:<name>:<actions>
                for (String action : parts[2].split(",")) {
                    if (user || action.equals("pull")) {
                        granted.add(parts[1] + ":" + action);
                    }
                }
            }
        }
        String value = "t" + tokenCounter.incrementAndGet();
        issued.put(value, granted);
        ObjectNode body = Json.MAPPER.createObjectNode().put(tokenField, value).put("expires_in", expiresIn);
        send(exchange, 200, Map.of("Content-Type", "application/json"), body.toString());
    }

    private void registry(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        registryAuthorizations.add(authorization == null ? "" : authorization);
        boolean reading = method.equals("GET") || method.equals("HEAD");
        String needed = path.equals("/v2/") ? null : reading ? "demo:pull" : "demo:push";
        Set<String> granted = authorization != null && authorization.startsWith("Bearer ") && !rejectAllTokens
                ? issued.get(authorization.substring(7)) : null;
        if (granted == null || needed != null && !granted.contains(needed)) {
            String realm = realmOverride != null ? realmOverride : "https://" + registry() + "/token";
            String challenge = "Bearer realm=\"" + realm + "\",service=\"" + SERVICE + "\""
                    + (needed == null ? "" : ",scope=\"repository:demo:" + (reading ? "pull" : "pull,push") + "\"");
            send(exchange, 401, Map.of("WWW-Authenticate", challenge, "Content-Type", "application/json"),
                    "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\",\"detail\":null}]}");
            return;
        }
        String last = path.substring(path.lastIndexOf('/') + 1);
        if (path.equals("/v2/")) {
            send(exchange, 200, Map.of(), "{}");
        } else if (path.equals("/v2/demo/tags/list")) {
            tagsPage(exchange);
        } else if (path.startsWith("/v2/demo/blobs/uploads/")) {
            upload(exchange, last);
        } else if (path.startsWith("/v2/demo/manifests/")) {
            manifest(exchange, last);
        } else if (path.startsWith("/v2/demo/blobs/") && blobs.containsKey(Digest.parse(last))) {
            if (method.equals("HEAD")) {
                exchange.getResponseHeaders().add("Docker-Content-Digest", last);
                send(exchange, 200, Map.of(), "");
                return;
            }
            exchange.getResponseHeaders().add("Location", "https://localhost:" + server.getAddress().getPort()
                    + "/storage/" + last + "?signature=abc");
            send(exchange, 307, Map.of(), "");
        } else {
            send(exchange, 404, Map.of("Content-Type", "application/json"),
                    "{\"errors\":[{\"code\":\"BLOB_UNKNOWN\",\"message\":\"blob unknown to registry\"}]}");
        }
    }

    private void manifest(HttpExchange exchange, String reference) throws IOException {
        if (exchange.getRequestMethod().equals("PUT")) {
            byte[] manifest = exchange.getRequestBody().readAllBytes();
            Digest digest = Digests.sha256(manifest);
            manifests.put(reference, manifest);
            manifests.put(digest.toString(), manifest);
            send(exchange, 201, Map.of("Docker-Content-Digest", digest.toString()), "");
        } else if (reference.equals(HUGE_TAG)) {
            send(exchange, 200, Map.of("Content-Type", ManifestMediaTypes.DOCKER_MANIFEST),
                    " ".repeat((4 << 20) + 1));
        } else if (manifests.containsKey(reference)) {
            byte[] manifest = manifests.get(reference);
            exchange.getResponseHeaders().add("Content-Type", ManifestMediaTypes.DOCKER_MANIFEST);
            exchange.getResponseHeaders().add("Docker-Content-Digest", Digests.sha256(manifest).toString());
            sendBytes(exchange, 200, manifest);
        } else {
            send(exchange, 404, Map.of("Content-Type", "application/json"),
                    "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}");
        }
    }

    /** POST opens, PATCH appends at the Content-Range start, PUT ?digest= closes; each answers a new _state. */
    private void upload(HttpExchange exchange, String id) throws IOException {
        Map<String, List<String>> query = parseForm(exchange.getRequestURI().getRawQuery());
        String method = exchange.getRequestMethod();
        if (method.equals("POST")) {
            Upload upload = new Upload();
            String uuid = "u" + counter.incrementAndGet();
            uploads.put(uuid, upload);
            continueAt(exchange, uuid, upload, 202);
            return;
        }
        Upload upload = uploads.get(id);
        if (upload == null || !upload.state.equals(first(query, "_state"))) {
            send(exchange, 400, Map.of(), "{\"errors\":[{\"code\":\"BLOB_UPLOAD_INVALID\",\"message\":\"stale state\"}]}");
            return;
        }
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (method.equals("PATCH")) {
            String range = exchange.getRequestHeaders().getFirst("Content-Range");
            contentRanges.add(range);
            if (range == null || !range.equals(upload.bytes.size() + "-" + (upload.bytes.size() + body.length - 1))) {
                send(exchange, 416, Map.of(), "");
                return;
            }
            upload.bytes.write(body);
            continueAt(exchange, id, upload, 202);
        } else if (method.equals("PUT")) {
            upload.bytes.write(body);
            byte[] blob = upload.bytes.toByteArray();
            Digest digest = Digests.sha256(blob);
            if (!digest.toString().equals(first(query, "digest"))) {
                send(exchange, 400, Map.of(), "{\"errors\":[{\"code\":\"DIGEST_INVALID\",\"message\":"
                        + "\"provided digest did not match uploaded content\"}]}");
                return;
            }
            uploads.remove(id);
            blobs.put(digest, blob);
            send(exchange, 201, Map.of("Docker-Content-Digest", digest.toString()), "");
        }
    }

    private void continueAt(HttpExchange exchange, String uuid, Upload upload, int status) throws IOException {
        upload.state = "s" + counter.incrementAndGet();
        exchange.getResponseHeaders().add("Location", "/v2/demo/blobs/uploads/" + uuid + "?_state=" + upload.state);
        send(exchange, status, Map.of(), "");
    }

    /** Pages of two tags, linked with a relative {@code Link: <…>; rel="next"} as distribution 3 does. */
    private void tagsPage(HttpExchange exchange) throws IOException {
        Map<String, List<String>> query = parseForm(exchange.getRequestURI().getRawQuery());
        String last = first(query, "last");
        int start = last == null ? 0 : tags.indexOf(last) + 1;
        int end = Math.min(tags.size(), start + 2);
        if (end < tags.size()) {
            exchange.getResponseHeaders().add("Link",
                    "</v2/demo/tags/list?n=2&last=" + tags.get(end - 1) + ">; rel=\"next\"");
        }
        ObjectNode body = Json.MAPPER.createObjectNode().put("name", "demo");
        tags.subList(start, end).forEach(body.putArray("tags")::add);
        send(exchange, 200, Map.of("Content-Type", "application/json"), body.toString());
    }

    private void storage(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        storageAuthorizations.add(authorization == null ? "" : authorization);
        String path = exchange.getRequestURI().getPath();
        byte[] blob = blobs.get(Digest.parse(path.substring(path.lastIndexOf('/') + 1)));
        if (corruptStorage) {
            blob = blob.clone();
            blob[0] ^= 1;
        }
        sendBytes(exchange, 200, blob);
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static Map<String, List<String>> parseForm(String raw) {
        Map<String, List<String>> params = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return params;
    }

    private static void send(HttpExchange exchange, int status, Map<String, String> headers, String body)
            throws IOException {
        headers.forEach(exchange.getResponseHeaders()::add);
        sendBytes(exchange, status, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void sendBytes(HttpExchange exchange, int status, byte[] body) throws IOException {
        try (exchange) {
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
            if (!head) {
                exchange.getResponseBody().write(body);
            }
        } catch (IOException e) {
            // The client may hang up early on purpose (e.g. refusing an oversized manifest).
        }
    }
}
