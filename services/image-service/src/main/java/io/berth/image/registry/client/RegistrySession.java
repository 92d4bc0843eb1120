package io.berth.image.registry.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One operation's connection to a registry: the endpoint that answered the ping and the operation's authenticator.
 * Runs endpoint providers with authorization, at most one retry after a 401 challenge, and errors that name the
 * action. Credentials go only to the registry's own origin.
 */
final class RegistrySession {
    private static final long ERROR_BODY_LIMIT = 64 << 10;

    private final RegistryEndpoint endpoint;
    private final RegistryAuthenticator authenticator;
    private final HttpSender sender;
    private final RegistryClientSettings settings;

    RegistrySession(RegistryEndpoint endpoint, RegistryAuthenticator authenticator, HttpSender sender,
            RegistryClientSettings settings) {
        this.endpoint = endpoint;
        this.authenticator = authenticator;
        this.sender = sender;
        this.settings = settings;
    }

    RegistryEndpoint endpoint() {
        return endpoint;
    }

    <T> T call(RegistryEndpointProvider<T> provider) throws RegistryException {
        try {
            for (int attempt = 1; ; attempt++) {
                URI uri = provider.uri(endpoint);
                String authorization = endpoint.isOriginOf(uri) ? authenticator.authorization().orElse(null) : null;
                RegistryResponse response = sender.send(callFor(provider, uri, authorization));
                if (response.status() == 401 && attempt == 1
                        && authenticator.shouldRetry(response.challenges(), authorization != null)) {
                    continue;
                }
                if (provider.handles(response.status())) {
                    return provider.handleResponse(response);
                }
                throw ErrorResponses.toException(provider.actionDescription(), response);
            }
        } catch (IOException e) {
            String reason = e.getMessage() != null ? e.getMessage() : e.toString();
            throw new RegistryException(RegistryException.describe(provider.actionDescription(), reason), e);
        }
    }

    private HttpCall callFor(RegistryEndpointProvider<?> provider, URI uri, String authorization) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(provider.headers());
        if (!provider.accept().isEmpty()) {
            headers.put("Accept", String.join(", ", provider.accept()));
        }
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        Duration deadline = provider.isTransfer() ? settings.transferTimeout() : settings.requestTimeout();
        Function<HttpResponse.ResponseInfo, BodyReceiver> receivers = info -> provider.handles(info.statusCode())
                ? provider.bodyReceiver(info) : BodyReceiver.truncating(ERROR_BODY_LIMIT);
        return new HttpCall(provider.httpMethod(), uri, headers, provider.body(), deadline, receivers);
    }
}
