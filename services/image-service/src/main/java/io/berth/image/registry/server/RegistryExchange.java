package io.berth.image.registry.server;

import io.vertx.core.Context;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;

/**
 * One {@code /v2/} request as the endpoints see it on their worker thread: method, headers, query parameters, the
 * path parameters the router matched, the body as a stream, and the response.
 */
final class RegistryExchange {
    private final HttpServerRequest request;
    private final Context context;
    private final RequestBodyStream body;
    private final List<String> pathParams;
    private String actor = "registry:anonymous";

    RegistryExchange(HttpServerRequest request, Context context, RequestBodyStream body, List<String> pathParams) {
        this.request = request;
        this.context = context;
        this.body = body;
        this.pathParams = List.copyOf(pathParams);
    }

    HttpMethod method() {
        return request.method();
    }

    boolean isHead() {
        return request.method() == HttpMethod.HEAD;
    }

    /** The repository name, the first path parameter of every repository route. */
    String name() {
        return pathParams.get(0);
    }

    /** The path parameter after the name: a reference, a digest or an upload id. */
    String second() {
        return pathParams.get(1);
    }

    String header(String name) {
        return request.getHeader(name);
    }

    List<String> headers(String name) {
        return request.headers().getAll(name);
    }

    /** A query parameter, URL-decoded; null when absent. */
    String query(String name) {
        return request.getParam(name);
    }

    String hostHeader() {
        String host = request.getHeader("Host");
        return host != null ? host : request.authority() != null ? request.authority().toString() : "127.0.0.1";
    }

    String scheme() {
        return request.scheme() == null ? "http" : request.scheme();
    }

    RequestBodyStream body() {
        return body;
    }

    HttpServerRequest request() {
        return request;
    }

    HttpServerResponse response() {
        return request.response();
    }

    Context context() {
        return context;
    }

    /** Who the events of this request are attributed to. */
    String actor() {
        return actor;
    }

    void authenticatedAs(String user) {
        this.actor = "registry:" + user;
    }
}
