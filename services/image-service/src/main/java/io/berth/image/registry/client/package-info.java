/**
 * Berth as a client of OCI distribution registries: what dockerd does for {@code docker login}, {@code push} and
 * {@code pull} (see the wire captures in shared/fixtures/docker-api, files 15 to 18).
 *
 * <p>{@link io.berth.image.registry.client.RegistryClient} is the façade. Underneath, as in jib's registry package:
 * one class per endpoint ({@code BlobChecker}, {@code BlobPuller}, {@code BlobPusher}, {@code ManifestChecker},
 * {@code ManifestPuller}, {@code ManifestPusher}, {@code TagLister}), each naming its action for error messages;
 * {@code RegistrySession} runs them with authentication and one retry after a 401; {@code RegistryAuthenticator}
 * and {@code BearerTokens} answer Basic and Bearer challenges; {@code HttpSender} enforces the
 * {@link io.berth.image.registry.client.RegistryAccessPolicy} (no plain HTTP to secure registries), deadlines and
 * bounded redirects that drop credentials when leaving the registry's origin.
 *
 * <p>Manifests are opaque bytes here: callers pass functions that read them, since the OCI model lives in
 * {@code io.berth.image.oci}.
 */
package io.berth.image.registry.client;
