package io.berth.contracts.topics;

import io.berth.contracts.envelope.AggregateType;
import io.berth.contracts.envelope.Envelope;
import io.berth.contracts.types.HostId;
import java.util.List;

/**
 * Every Kafka topic Berth uses, and the one key rule: a record's key is its envelope's aggregate id (so one
 * aggregate's events stay ordered in one partition), except command outcomes, which are keyed by correlation id.
 */
public final class Topics {
    public static final String HOST_EVENTS = "berth.host.events";
    public static final String CONTAINER_EVENTS = "berth.container.events";
    public static final String IMAGE_EVENTS = "berth.image.events";
    public static final String BUILD_EVENTS = "berth.build.events";
    public static final String IMAGE_COMMANDS = "berth.image.commands";
    public static final String BUILD_COMMANDS = "berth.build.commands";
    public static final String COMMAND_OUTCOMES = "berth.command.outcomes";
    public static final String LOGS = "berth.logs";
    private static final String RUNTIME_COMMANDS_PREFIX = "berth.runtime.";
    private static final String RUNTIME_COMMANDS_SUFFIX = ".commands";

    /** The topics that hold aggregate events, i.e. the source of truth. */
    public static final List<String> EVENT_TOPICS = List.of(HOST_EVENTS, CONTAINER_EVENTS, IMAGE_EVENTS, BUILD_EVENTS);

    /** Topics the platform creates up front; per-host command topics are created by each host as it starts. */
    public static final List<String> FIXED_TOPICS = List.of(
            HOST_EVENTS, CONTAINER_EVENTS, IMAGE_EVENTS, BUILD_EVENTS,
            IMAGE_COMMANDS, BUILD_COMMANDS, COMMAND_OUTCOMES, LOGS);

    private Topics() {
    }

    /** Commands for one host's runtime-service; only that host consumes it. Host and container commands go here. */
    public static String runtimeCommands(HostId host) {
        return RUNTIME_COMMANDS_PREFIX + host.value() + RUNTIME_COMMANDS_SUFFIX;
    }

    public static String eventsOf(AggregateType type) {
        return switch (type) {
            case HOST -> HOST_EVENTS;
            case CONTAINER -> CONTAINER_EVENTS;
            case IMAGE -> IMAGE_EVENTS;
            // Registry repositories are image-service's too; one topic keeps image-service's history in one place.
            case REPOSITORY -> IMAGE_EVENTS;
            case BUILD -> BUILD_EVENTS;
        };
    }

    /** The record key of an envelope on any topic but {@link #COMMAND_OUTCOMES}. */
    public static String key(Envelope<?> envelope) {
        return envelope.aggregateId();
    }

    /** The record key of a command outcome: the correlation id the caller waits on. */
    public static String outcomeKey(Envelope<?> outcome) {
        return outcome.correlationId();
    }
}
