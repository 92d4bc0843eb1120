package io.berth.gateway.api.berth;

import io.berth.contracts.topics.Topics;
import io.berth.eventsourcing.log.KafkaSettings;
import io.berth.eventsourcing.serde.MessageSerde;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code GET /api/v1/events}: every domain event as Server-Sent Events. Each SSE event carries the envelope as
 * JSON, its wire type as the SSE event name, and an {@link EventCursor} as its id.
 */
@Path("/api/v1/events")
public class EventsResource {
    private static final int MAX_STREAMS = 64;
    private static final AtomicInteger OPEN = new AtomicInteger();

    private final KafkaSettings kafka;

    public EventsResource(KafkaSettings kafka) {
        this.kafka = kafka;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Stream domain events", description = "Replays from the start of the log by default; "
            + "from=end for new events only, since=<RFC 3339 time or unix seconds>, or Last-Event-ID / after=<cursor> to resume. "
            + "Filter with aggregateType=host,container and type=host.joined (or host.joined.v1).")
    public Multi<OutboundSseEvent> stream(@Context Sse sse,
                                          @HeaderParam("Last-Event-ID") String lastEventId,
                                          @QueryParam("after") String after,
                                          @QueryParam("since") String since,
                                          @QueryParam("from") String from,
                                          @QueryParam("aggregateType") List<String> aggregateTypes,
                                          @QueryParam("type") List<String> types) {
        EventStream.Start start = start(lastEventId != null && !lastEventId.isBlank() ? lastEventId : after, since, from);
        EventFilter filter = EventFilter.of(aggregateTypes, types);
        if (OPEN.incrementAndGet() > MAX_STREAMS) {
            OPEN.decrementAndGet();
            throw new jakarta.ws.rs.WebApplicationException("too many open event streams (at most " + MAX_STREAMS + ")", 503);
        }
        MessageSerde serde = MessageSerde.standard();
        return Multi.createFrom().<OutboundSseEvent>emitter(emitter -> {
            EventStream stream = new EventStream(kafka, Topics.EVENT_TOPICS, start, filter, (e, cursor) -> emitter.emit(
                    sse.newEventBuilder().id(cursor.format()).name(e.type().wire())
                            .data(new String(serde.serialize(e), StandardCharsets.UTF_8)).build()));
            Thread t = new Thread(stream::run, "event-stream");
            t.setDaemon(true);
            emitter.onTermination(() -> {
                stream.close();
                OPEN.decrementAndGet();
            });
            t.start();
        }, BackPressureStrategy.BUFFER);
    }

    private static EventStream.Start start(String cursor, String since, String from) {
        if (cursor != null && !cursor.isBlank()) {
            return new EventStream.Start(EventCursor.parse(cursor), null, false);
        }
        if (since != null && !since.isBlank()) {
            return new EventStream.Start(null, parseTime(since), false);
        }
        if (from != null && !from.equals("start") && !from.equals("end")) {
            throw new IllegalArgumentException("invalid from='" + from + "': use start or end");
        }
        return new EventStream.Start(null, null, "end".equals(from));
    }

    private static Instant parseTime(String s) {
        try {
            return s.matches("\\d+(\\.\\d+)?") ? Instant.ofEpochMilli((long) (Double.parseDouble(s) * 1000)) : Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("invalid since='" + s + "': use an RFC 3339 time or unix seconds");
        }
    }
}
