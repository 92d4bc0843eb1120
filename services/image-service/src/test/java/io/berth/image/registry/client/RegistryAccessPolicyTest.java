package io.berth.image.registry.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistryAccessPolicyTest {
    private final RegistryAccessPolicy defaults = RegistryAccessPolicy.loopbackOnly();

    @Test
    void loopbackIsAlwaysInsecure() {
        assertTrue(defaults.isInsecure("127.0.0.1:5000"));
        assertTrue(defaults.isInsecure("127.1.2.3"));
        assertTrue(defaults.isInsecure("localhost:5000"));
        assertTrue(defaults.isInsecure("[::1]:5000"));
    }

    @Test
    void everythingElseIsHttpsOnly() {
        assertFalse(defaults.isInsecure("registry-1.docker.io"));
        assertFalse(defaults.isInsecure("10.0.0.5:5000"));
        assertFalse(defaults.isInsecure("128.0.0.1"));
        assertFalse(defaults.isInsecure("localhost.example.com"));
        assertEquals(List.of(new RegistryEndpoint("https", "ghcr.io")), defaults.candidates("ghcr.io"));
    }

    @Test
    void insecureRegistriesAreTriedOverHttpsFirst() {
        assertEquals(List.of(new RegistryEndpoint("https", "127.0.0.1:5000"), new RegistryEndpoint("http", "127.0.0.1:5000")),
                defaults.candidates("127.0.0.1:5000"));
    }

    @Test
    void configuredHostsMatchExactlyWithTheirPort() {
        RegistryAccessPolicy policy = new RegistryAccessPolicy(List.of("myreg.lan:5000", "http://other.lan/"));
        assertTrue(policy.isInsecure("myreg.lan:5000"));
        assertTrue(policy.isInsecure("MyReg.lan:5000"));
        assertFalse(policy.isInsecure("myreg.lan"));
        assertFalse(policy.isInsecure("myreg.lan:5001"));
        assertTrue(policy.isInsecure("other.lan"));
    }

    @Test
    void cidrEntriesMatchIpLiteralsOnly() {
        RegistryAccessPolicy policy = new RegistryAccessPolicy(List.of("10.0.0.0/8", "fd00::/8"));
        assertTrue(policy.isInsecure("10.1.2.3:5000"));
        assertFalse(policy.isInsecure("11.1.2.3:5000"));
        assertTrue(policy.isInsecure("[fd12::1]:5000"));
        assertFalse(policy.isInsecure("ten.example:5000"), "host names are not resolved");
        assertThrows(IllegalArgumentException.class, () -> new RegistryAccessPolicy(List.of("10.0.0.0/33")));
        assertThrows(IllegalArgumentException.class, () -> new RegistryAccessPolicy(List.of("name/8")));
    }

    @Test
    void permitsPlainHttpOnlyToInsecureRegistries() {
        assertTrue(defaults.permits(URI.create("https://auth.example.com/token")));
        assertTrue(defaults.permits(URI.create("http://127.0.0.1:5000/v2/")));
        assertFalse(defaults.permits(URI.create("http://auth.example.com/token")));
        assertFalse(defaults.permits(URI.create("ftp://127.0.0.1/x")));
    }

    @Test
    void originsCompareSchemeHostAndPort() {
        RegistryEndpoint endpoint = new RegistryEndpoint("https", "registry.example");
        assertTrue(endpoint.isOriginOf(URI.create("https://REGISTRY.example:443/v2/x")));
        assertFalse(endpoint.isOriginOf(URI.create("http://registry.example/v2/x")));
        assertFalse(endpoint.isOriginOf(URI.create("https://storage.example/blob")));
    }
}
