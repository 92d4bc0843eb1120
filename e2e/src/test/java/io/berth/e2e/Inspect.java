package io.berth.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.function.Predicate;

/** {@code docker inspect} of one container as JSON, and waiting (bounded) until it shows what a test expects. */
final class Inspect {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Inspect() {
    }

    static JsonNode container(Platform platform, String name) throws Exception {
        Docker.Result r = Docker.docker(platform, "inspect", name);
        assertEquals(0, r.exit(), r.output());
        return JSON.readTree(r.output()).get(0);
    }

    static JsonNode await(Platform platform, String name, Predicate<JsonNode> condition, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = container(platform, name);
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("condition not reached within " + limit.toSeconds() + " s; last inspect: " + last);
    }
}
