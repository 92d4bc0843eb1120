package io.berth.gateway.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.gateway.api.docker.DockerError;
import org.junit.jupiter.api.Test;

class ContainerNamesTest {
    @Test
    void validNamesLoseTheirLeadingSlash() {
        assertEquals("demo", ContainerNames.validate("demo"));
        assertEquals("demo-1.a_b", ContainerNames.validate("/demo-1.a_b"));
        assertEquals("0x", ContainerNames.validate("0x"));
    }

    @Test
    void invalidNamesGetDockersMessage() {
        DockerError e = assertThrows(DockerError.class, () -> ContainerNames.validate("bad/name"));
        assertEquals(400, e.status());
        assertEquals("Invalid container name (bad/name), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed", e.getMessage());
        assertThrows(DockerError.class, () -> ContainerNames.validate("a"), "dockerd wants at least two characters");
        assertThrows(DockerError.class, () -> ContainerNames.validate("-lead"));
        assertThrows(DockerError.class, () -> ContainerNames.validate("with space"));
    }

    @Test
    void conflictIsDockers409() {
        DockerError e = ContainerNames.conflict("dup", "52eb9491c6262d3d9e008f048b583fcfb87c7f4287e32a57e03f6d128269eb03");
        assertEquals(409, e.status());
        assertEquals("Conflict. The container name \"/dup\" is already in use by container "
                + "\"52eb9491c6262d3d9e008f048b583fcfb87c7f4287e32a57e03f6d128269eb03\". "
                + "You have to remove (or rename) that container to be able to reuse that name.", e.getMessage());
    }

    @Test
    void madeUpNamesAreValid() {
        for (int i = 0; i < 50; i++) {
            String name = ContainerNames.random();
            assertTrue(name.matches("[a-z]+_[a-z]+"), name);
            ContainerNames.validate(name);
        }
    }
}
