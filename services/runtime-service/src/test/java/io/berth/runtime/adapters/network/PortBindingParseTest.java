package io.berth.runtime.adapters.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Docker's {@code -p} grammar and {@code PortBindings} JSON, with Docker's error messages. */
class PortBindingParseTest {

    @ParameterizedTest(name = "-p {0}")
    @CsvSource(delimiter = '|', value = {
        "80                      | 0.0.0.0:0->80/tcp",
        "8080:80                 | 0.0.0.0:8080->80/tcp",
        "127.0.0.1:8080:80       | 127.0.0.1:8080->80/tcp",
        "127.0.0.1::80           | 127.0.0.1:0->80/tcp",
        "8080:80/udp             | 0.0.0.0:8080->80/udp",
        "8080:80/UDP             | 0.0.0.0:8080->80/udp",
        "8080:80/                | 0.0.0.0:8080->80/tcp",
        "127.0.0.1:5353:53/udp   | 127.0.0.1:5353->53/udp",
        "8000-8001:80-81         | 0.0.0.0:8000->80/tcp 0.0.0.0:8001->81/tcp",
        "80-81                   | 0.0.0.0:0->80/tcp 0.0.0.0:0->81/tcp",
        "8000-8010:80            | 0.0.0.0:8000-8010->80/tcp",
        "[::1]:8080:80           | ::1:8080->80/tcp",
        "::1:8080:80             | ::1:8080->80/tcp",
        "[::]::80/udp            | :::0->80/udp",
        "0.0.0.0:65535:65535     | 0.0.0.0:65535->65535/tcp",
    })
    void parsesDockerSpecs(String spec, String expected) {
        assertEquals(expected, render(PortBinding.parse(spec)));
    }

    @ParameterizedTest(name = "-p {0}")
    @CsvSource(delimiter = '|', value = {
        "x                     | invalid containerPort: x",
        "x:80                  | invalid hostPort: x",
        "8080:x                | invalid containerPort: x",
        "65536                 | invalid containerPort: 65536",
        "81-80                 | invalid containerPort: 81-80",
        "80-81-82              | invalid containerPort: 80-81-82",
        "0                     | invalid containerPort: 0",
        "70000:80              | invalid hostPort: 70000",
        "8080:                 | no port specified: 8080:<empty>",
        "/udp                  | no port specified: /udp<empty>",
        "8080:80/sctpx         | invalid proto: sctpx",
        "1.2.3:80:80           | invalid IP address: 1.2.3",
        "localhost:80:80       | invalid IP address: localhost",
        "127.0.0.01:80:80      | invalid IP address: 127.0.0.01",
        "[::1:80:80            | invalid IP address [::1: address [::1:: missing ']' in address",
        "8000-8002:80-81       | invalid ranges specified for container and host Ports: 80-81 and 8000-8002",
    })
    void rejectsWithDockersMessage(String spec, String message) {
        assertEquals(message, assertThrows(InvalidPortSpecException.class, () -> PortBinding.parse(spec)).getMessage());
    }

    @Test
    void rejectsAnEmptySpec() {
        assertEquals("no port specified: <empty>",
                assertThrows(InvalidPortSpecException.class, () -> PortBinding.parse("")).getMessage());
    }

    @Test
    void readsTheCreateBodyOfTheFixture() {
        // 07-run-detached.txt: docker run -p 127.0.0.1:5001:80
        var json = Map.of("80/tcp", List.of(Map.of("HostIp", "127.0.0.1", "HostPort", "5001")));
        assertEquals("127.0.0.1:5001->80/tcp", render(PortBinding.fromDockerJson(json)));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = '|', value = {
        "80/tcp  | ''        | ''          | 0.0.0.0:0->80/tcp",
        "80      | 127.0.0.1 | 8080        | 127.0.0.1:8080->80/tcp",
        "53/udp  | ::1       | 5353        | ::1:5353->53/udp",
        "80/tcp  | 127.0.0.1 | 8000-8010   | 127.0.0.1:8000-8010->80/tcp",
    })
    void readsDockerJson(String key, String hostIp, String hostPort, String expected) {
        var json = Map.of(key, List.of(Map.of("HostIp", hostIp, "HostPort", hostPort)));
        assertEquals(expected, render(PortBinding.fromDockerJson(json)));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = '|', value = {
        "x/tcp   | 127.0.0.1 | 8080 | invalid port specification: \"x\"",
        "80-81   | 127.0.0.1 | 8080 | invalid port specification: \"80-81\"",
        "0/tcp   | 127.0.0.1 | 8080 | invalid port specification: \"0\"",
        "80/tcp  | 127.0.0.1 | y    | invalid port specification: \"y\"",
        "80/tcp  | 127.0.0.1 | -1   | invalid port specification: \"-1\"",
        "80/tcp  | nope      | 8080 | invalid IP address: nope",
        "80/xyz  | 127.0.0.1 | 8080 | invalid proto: xyz",
    })
    void rejectsDockerJsonWithDockersMessage(String key, String hostIp, String hostPort, String message) {
        var json = Map.of(key, List.of(Map.of("HostIp", hostIp, "HostPort", hostPort)));
        assertEquals(message,
                assertThrows(InvalidPortSpecException.class, () -> PortBinding.fromDockerJson(json)).getMessage());
    }

    @Test
    void aKeyWithoutBindingsPublishesNothing() {
        Map<String, List<Map<String, String>>> json = new HashMap<>();
        json.put("80/tcp", List.of());
        json.put("81/tcp", null);
        assertEquals(List.of(), PortBinding.fromDockerJson(json));
    }

    @Test
    void theCliSpecAndItsJsonFormAgree() {
        PortBinding fromCli = PortBinding.parse("127.0.0.1:5001:80").get(0);
        var json = Map.of(fromCli.containerPortKey(),
                List.of(Map.of("HostIp", fromCli.hostIp(), "HostPort", String.valueOf(fromCli.hostPort()))));
        assertEquals(List.of(fromCli), PortBinding.fromDockerJson(json));
    }

    private static String render(List<PortBinding> bindings) {
        return bindings.stream().map(PortBinding::describe).collect(Collectors.joining(" "));
    }
}
