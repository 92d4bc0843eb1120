package io.berth.gateway.api.berth;

import io.berth.contracts.envelope.Envelope;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which events a stream client wants: by aggregate type ({@code host}) and by event type, with or without the
 * version ({@code host.joined} or {@code host.joined.v1}). Empty sets let everything through.
 */
public record EventFilter(Set<String> aggregateTypes, Set<String> types) {
    public static EventFilter of(List<String> aggregateTypes, List<String> types) {
        return new EventFilter(split(aggregateTypes), split(types));
    }

    public boolean accepts(Envelope<?> e) {
        return (aggregateTypes.isEmpty() || aggregateTypes.contains(e.aggregateType().wire()))
                && (types.isEmpty() || types.contains(e.type().wire()) || types.contains(e.type().name()));
    }

    private static Set<String> split(List<String> values) {
        return values == null ? Set.of() : values.stream().flatMap(v -> Arrays.stream(v.split(",")))
                .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }
}
