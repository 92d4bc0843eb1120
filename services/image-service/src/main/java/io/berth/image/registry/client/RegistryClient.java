package io.berth.image.registry.client;

import java.time.Clock;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Berth as a registry client: login, push, pull and tag listing against OCI distribution registries, the way dockerd
 * talks to them. One instance serves any number of registries and concurrent operations; every operation starts
 * with the {@code GET /v2/} ping that picks HTTPS or (for insecure registries) plain HTTP and learns the auth scheme.
 * Credentials are per operation; bearer tokens are cached across operations until they expire.
 */
public final class RegistryClient {
    private final RegistryClientSettings settings;
    private final LongSupplier nanoClock;
    private final RegistryPinger pinger;
    private final BearerTokens tokens;

    public RegistryClient(RegistryAccessPolicy policy) {
        this(policy, RegistryClientSettings.defaults());
    }

    public RegistryClient(RegistryAccessPolicy policy, RegistryClientSettings settings) {
        this(policy, settings, Clock.systemUTC(), System::nanoTime);
    }

    /** Clocks are injectable for tests of token expiry and progress throttling. */
    RegistryClient(RegistryAccessPolicy policy, RegistryClientSettings settings, Clock clock, LongSupplier nanoClock) {
        this.settings = settings;
        this.nanoClock = nanoClock;
        HttpSender sender = new HttpSender(policy, settings);
        this.pinger = new RegistryPinger(sender, settings);
        this.tokens = new BearerTokens(sender, clock, settings.requestTimeout());
    }

    /**
     * Checks credentials like {@code docker login}: {@code GET /v2/}, answering the registry's challenge.
     *
     * @throws RegistryUnauthorizedException with the registry's message when it refuses them
     */
    public void login(String registry, RegistryCredentials credentials) throws RegistryException {
        String host = apiHost(registry);
        open(host, credentials, List.of()).call(new ApiVersionCheck(host));
    }

    /** Pushes blobs (skipping, mounting or uploading each) and then the manifest; progress per blob. */
    public PushResult push(ImageToPush image, ProgressListener progress) throws RegistryException {
        RegistrySession session = open(apiHost(image.target().registry()), image.credentials(),
                PushOperation.scopes(image));
        return new PushOperation(image, progress, settings, nanoClock).run(session);
    }

    /** Resolves the reference (choosing a platform from an index) and fetches the blobs the sink lacks. */
    public PullResult pull(ImageToPull request, ProgressListener progress) throws RegistryException {
        RegistrySession session = open(apiHost(request.reference().registry()), request.credentials(),
                PullOperation.scopes(request));
        return new PullOperation(request, progress, settings, nanoClock).run(session);
    }

    /** All tags of a repository, following pagination. */
    public List<String> listTags(String registry, String repository, RegistryCredentials credentials)
            throws RegistryException {
        String host = apiHost(registry);
        RegistrySession session = open(host, credentials, List.of("repository:" + repository + ":pull"));
        return new TagLister(host, repository, settings.tagPageSize()).list(session);
    }

    private RegistrySession open(String registry, RegistryCredentials credentials, List<String> scopes)
            throws RegistryException {
        RegistryCredentials who = credentials == null ? RegistryCredentials.ANONYMOUS : credentials;
        return pinger.open(registry, new RegistryAuthenticator(registry, who, scopes, tokens));
    }

    /** Docker Hub's name in references is not where its API lives. */
    static String apiHost(String registry) {
        return registry.equals("docker.io") || registry.equals("index.docker.io") ? "registry-1.docker.io" : registry;
    }
}
