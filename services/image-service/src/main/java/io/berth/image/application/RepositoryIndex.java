package io.berth.image.application;

import io.berth.contracts.envelope.Envelope;
import io.berth.contracts.registry.RepositoryEvent;
import io.berth.image.domain.RepositoryDecider;
import io.berth.image.domain.RepositoryState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Every registry repository's state, folded with the domain's own {@code evolve} from the events this process
 * appended and, at start, from the log. Reads (manifest by tag, tags/list, _catalog) come from here, so they see a
 * write as soon as its append has committed, without a round trip to Kafka. Sorted by name for the catalog.
 */
public final class RepositoryIndex {
    private record Indexed(RepositoryState state, long version) {
    }

    private final RepositoryDecider decider = new RepositoryDecider();
    private final ConcurrentSkipListMap<String, Indexed> repositories = new ConcurrentSkipListMap<>();

    /** Folds one event; an event at or below the sequence already folded (a replay overlap) changes nothing. */
    public void apply(Envelope<RepositoryEvent> event) {
        repositories.compute(event.aggregateId(), (name, current) -> {
            Indexed base = current == null ? new Indexed(RepositoryState.EMPTY, 0) : current;
            if (event.sequence() <= base.version()) {
                return base;
            }
            return new Indexed(decider.evolve(base.state(), event.payload()), event.sequence());
        });
    }

    /** Whether any event of this repository has been folded (false: it has no history, so it is new). */
    public boolean knows(String repository) {
        return repositories.containsKey(repository);
    }

    public RepositoryState state(String repository) {
        Indexed indexed = repositories.get(repository);
        return indexed == null ? RepositoryState.EMPTY : indexed.state();
    }

    /** Up to {@code limit} names of non-empty repositories that sort after {@code after} (null: from the start). */
    public List<String> names(String after, int limit) {
        Map<String, Indexed> tail = after == null ? repositories : repositories.tailMap(after, false);
        List<String> names = new ArrayList<>(Math.min(limit, 1024));
        for (Map.Entry<String, Indexed> e : tail.entrySet()) {
            if (names.size() >= limit) {
                break;
            }
            if (!e.getValue().state().isEmpty()) {
                names.add(e.getKey());
            }
        }
        return names;
    }
}
