package io.berth.gateway.api.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.berth.contracts.container.HostSettings.PortBinding;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The create body checks of 14-errors.txt, with dockerd's messages. */
class ContainerCreateRequestTest {
    private static DockerError fails(String contentType, String body) {
        return assertThrows(DockerError.class, () -> ContainerCreateRequest.parse(contentType, body));
    }

    @Test
    void theFixturesRunDetachedBody() {
        var r = ContainerCreateRequest.parse("application/json", "{\"Image\":\"busybox:local\",\"Cmd\":[\"sleep\",\"1000\"],\"Entrypoint\":null,"
                + "\"ExposedPorts\":{\"80/tcp\":{}},\"GwPriority\":0,\"HostConfig\":{\"PortBindings\":{\"80/tcp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"5001\"}]},"
                + "\"RestartPolicy\":{\"Name\":\"always\",\"MaximumRetryCount\":0},\"NetworkMode\":\"default\",\"AutoRemove\":false,\"PidsLimit\":0}}");
        assertEquals("busybox:local", r.config().image());
        assertNull(r.config().entrypoint());
        assertEquals(List.of("sleep", "1000"), r.config().cmd());
        assertEquals(List.of("80/tcp"), r.config().exposedPorts());
        assertEquals(List.of(new PortBinding("80/tcp", "127.0.0.1", "5001")), r.hostSettings().portBindings());
        assertEquals("always", r.hostSettings().restartPolicy().name());
    }

    @Test
    void messagesAsDockerd() {
        assertEquals("Content-Type specified (text/plain) must be 'application/json'", fails("text/plain", "{\"Image\":\"busybox:local\"}").getMessage());
        DockerError eof = fails("application/json", "{\"Image\": \"busybox:local\", \"Cmd\": [");
        assertEquals(500, eof.status());
        assertEquals("unexpected EOF", eof.getMessage());
        assertEquals("invalid restart policy 'sometimes'", fails(null, "{\"HostConfig\":{\"RestartPolicy\":{\"Name\":\"sometimes\"}}}").getMessage());
        assertEquals("maximum retry count cannot be used with restart policy 'always'",
                fails(null, "{\"HostConfig\":{\"RestartPolicy\":{\"Name\":\"always\",\"MaximumRetryCount\":2}}}").getMessage());
        assertEquals("Minimum memory limit allowed is 6MB", fails(null, "{\"HostConfig\":{\"Memory\":1048576}}").getMessage());
        assertEquals("invalid port specification: \"abc\"", fails(null, "{\"ExposedPorts\":{\"abc/tcp\":{}}}").getMessage());
        assertEquals("invalid port specification: \"99999\"",
                fails(null, "{\"HostConfig\":{\"PortBindings\":{\"80/tcp\":[{\"HostPort\":\"99999\"}]}}}").getMessage());
    }

    @Test
    void aStringCmdAndAClearedEntrypoint() {
        var r = ContainerCreateRequest.parse("application/json; charset=utf-8", "{\"Image\":\"x\",\"Cmd\":\"true\",\"Entrypoint\":[\"\"],\"HostConfig\":{\"Memory\":6291456}}");
        assertEquals(List.of("true"), r.config().cmd());
        assertEquals(List.of(""), r.config().entrypoint());
        assertEquals(6291456, r.hostSettings().memory());
    }
}
