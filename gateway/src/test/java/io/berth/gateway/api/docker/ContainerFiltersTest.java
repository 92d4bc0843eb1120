package io.berth.gateway.api.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.gateway.projection.ContainersQuery.Container;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerFiltersTest {
    private final Container demo = Containers.running("5353d53c4a8a" + "0".repeat(52), "demo", Map.of("app", "web", "tier", "front"));
    private final Container exited = Containers.exited("ddcc5cd40e53" + "0".repeat(52), "demo-exited", 7);
    private final Container created = Containers.created("aaaa5cd40e53" + "0".repeat(52), "fresh");

    private List<String> names(String filters) {
        ContainerFilters f = ContainerFilters.parse(filters);
        return List.of(demo, exited, created).stream().filter(f::accepts).map(Container::name).toList();
    }

    @Test
    void theCliFormFromTheFixture() {
        // docker ps -a --filter status=exited --filter name=demo (07-run-detached.txt)
        assertEquals(List.of("demo-exited"), names("{\"name\":{\"demo\":true},\"status\":{\"exited\":true}}"));
    }

    @Test
    void nameIsARegularExpressionOnTheSlashedName() {
        assertEquals(List.of("demo", "demo-exited"), names("{\"name\":[\"demo\"]}"));
        assertEquals(List.of("demo"), names("{\"name\":[\"^/demo$\"]}"));
        assertEquals(List.of("demo", "fresh"), names("{\"name\":[\"^/demo$\", \"fre\"]}"));
    }

    @Test
    void idIsAPrefix() {
        assertEquals(List.of("demo"), names("{\"id\":[\"5353\"]}"));
    }

    @Test
    void labelsByKeyOrKeyValueAndAllMustMatch() {
        assertEquals(List.of("demo"), names("{\"label\":[\"app\"]}"));
        assertEquals(List.of("demo"), names("{\"label\":[\"app=web\",\"tier=front\"]}"));
        assertEquals(List.of(), names("{\"label\":[\"app=web\",\"tier=back\"]}"));
    }

    @Test
    void exitedNeedsARunThatEndedWithThatCode() {
        assertEquals(List.of("demo-exited"), names("{\"exited\":[\"7\"]}"));
        assertEquals(List.of(), names("{\"exited\":[\"0\"]}"), "a created container never exited, a running one has not");
    }

    @Test
    void ancestorByNameOrResolvedId() {
        assertEquals(List.of("demo", "demo-exited"), names("{\"ancestor\":[\"busybox:local\"]}"));
        ContainerFilters byId = ContainerFilters.parse("{\"ancestor\":[\"alp\"]}").withAncestors(n -> "sha256:" + "aa".repeat(32));
        assertTrue(byId.accepts(created));
        assertFalse(byId.accepts(demo));
    }

    @Test
    void errorsAsDockerd() {
        DockerError unknown = assertThrows(DockerError.class, () -> ContainerFilters.parse("{\"colour\":{\"red\":true}}"));
        assertEquals(400, unknown.status());
        assertEquals("Invalid filter 'colour'", unknown.getMessage());
        assertEquals(500, assertThrows(DockerError.class, () -> ContainerFilters.parse("{bad")).status());
        assertEquals("Unrecognised filter value for status: sleeping",
                assertThrows(DockerError.class, () -> ContainerFilters.parse("{\"status\":[\"sleeping\"]}")).getMessage());
    }
}
