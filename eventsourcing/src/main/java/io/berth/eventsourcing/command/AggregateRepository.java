package io.berth.eventsourcing.command;

import io.berth.contracts.envelope.Command;
import io.berth.contracts.envelope.Envelope;
import io.berth.contracts.envelope.Event;
import io.berth.contracts.envelope.Message;
import io.berth.contracts.outcome.CommandOutcome;
import io.berth.contracts.outcome.CommandOutcome.CommandAccepted;
import io.berth.contracts.outcome.CommandOutcome.CommandRejected;
import io.berth.contracts.topics.Topics;
import io.berth.eventsourcing.Decider;
import io.berth.eventsourcing.Envelopes;
import io.berth.eventsourcing.Rejection;
import io.berth.eventsourcing.log.AggregateStreamReader;
import io.berth.eventsourcing.log.ConsumedOffsets;
import io.berth.eventsourcing.log.Outgoing;
import io.berth.eventsourcing.log.TransactionalAppender;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * The owner's side of one aggregate type: load (fold the aggregate's events), decide, append the new events
 * together with the command's outcome in one transaction, then keep the new state.
 *
 * <p>All commands run on one thread, so this process is the single writer of every aggregate it handles; across
 * processes, the command topic's partition assignment (key = aggregate id) keeps one writer per aggregate.
 * A command whose id was already handled appends nothing and is answered as accepted with no events.
 */
public final class AggregateRepository<C extends Command, E extends Event, S> implements CommandHandler<C>, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(AggregateRepository.class);

    private final Decider<C, E, S> decider;
    private final Class<E> eventClass;
    private final String eventTopic;
    private final TransactionalAppender appender;
    private final AggregateStreamReader reader;
    private final Map<String, AggregateState<S>> loaded = new ConcurrentHashMap<>();
    private final ExecutorService thread;

    public AggregateRepository(Decider<C, E, S> decider, Class<E> eventClass, TransactionalAppender appender,
                               AggregateStreamReader reader) {
        this.decider = decider;
        this.eventClass = eventClass;
        this.eventTopic = Topics.eventsOf(decider.aggregateType());
        this.appender = appender;
        this.reader = reader;
        this.thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "commands-" + decider.aggregateType().wire()));
    }

    /** Handles a command; {@code input} are the offsets of the record it came from, or null for a local command. */
    @Override
    public CompletableFuture<Handled<E>> handle(Envelope<C> command, ConsumedOffsets input) {
        return CompletableFuture.supplyAsync(() -> handleOnThread(command, input), thread);
    }

    /** The current state of an aggregate as this owner knows it (loading it if needed). */
    public CompletableFuture<S> state(String aggregateId) {
        return CompletableFuture.supplyAsync(() -> load(aggregateId).state(), thread);
    }

    /**
     * Answers a command with a rejection found outside {@code decide} (a side effect that failed before anything was
     * recorded), committing {@code input} with it like any other outcome.
     */
    public CompletableFuture<Handled<E>> reject(Envelope<C> command, ConsumedOffsets input, Rejection rejection) {
        return CompletableFuture.supplyAsync(() -> rejectOnThread(command, input, rejection), thread);
    }

    /**
     * Sends a command's offsets ahead of its outcome ({@link TransactionalAppender#open}), for a caller that acts on
     * the machine before it hands the command to {@link #handle} with the same {@code input}.
     */
    public void sendOffsetsAhead(ConsumedOffsets input) {
        appender.open(input);
    }

    /**
     * Declares that {@code aggregateId} has no history, so its first command does not read the events topic back.
     * Only for ids the caller knows are fresh: minted at random for this very command (a container id).
     */
    public void assumeNew(String aggregateId) {
        thread.execute(() -> loaded.putIfAbsent(aggregateId, AggregateState.initial(decider.initialState())));
    }

    /** Forget cached state, e.g. when this process no longer owns the aggregates' partitions. */
    @Override
    public void forgetAll() {
        thread.execute(loaded::clear);
    }

    /**
     * Handles local commands one after the other, each deciding on the state the previous ones left, and appends all
     * their events and outcomes (rejections included) in one transaction: either all of them are recorded or none is,
     * and then the cached states are as before. For steps the host takes in one go (an exit and the {@code --rm}
     * removal that follows it).
     */
    public CompletableFuture<List<Handled<E>>> handleAll(List<Envelope<C>> commands) {
        return handleAll(commands, null);
    }

    /**
     * {@link #handleAll(List)} where the first command came from a record: {@code input} are its offsets, committed
     * in the same transaction (a start whose process already ended, recorded with its exit).
     */
    public CompletableFuture<List<Handled<E>>> handleAll(List<Envelope<C>> commands, ConsumedOffsets input) {
        return CompletableFuture.supplyAsync(() -> handleAllOnThread(commands, input), thread);
    }

    private Handled<E> handleOnThread(Envelope<C> command, ConsumedOffsets input) {
        Decision<E, S> d = decide(command);
        publish(d.out(), input);
        d.keep(loaded);
        return d.handled();
    }

    private List<Handled<E>> handleAllOnThread(List<Envelope<C>> commands, ConsumedOffsets input) {
        List<Decision<E, S>> decisions = new ArrayList<>();
        Map<String, AggregateState<S>> before = new HashMap<>();
        List<Outgoing> out = new ArrayList<>();
        try {
            for (Envelope<C> command : commands) {
                before.putIfAbsent(command.aggregateId(), loaded.get(command.aggregateId()));
                Decision<E, S> d = decide(command);
                d.keep(loaded); // the next command decides on this one's state
                decisions.add(d);
                out.addAll(d.out());
            }
            publish(out, input);
        } catch (RuntimeException e) {
            before.forEach((id, state) -> {
                if (state == null) {
                    loaded.remove(id);
                } else {
                    loaded.put(id, state);
                }
            });
            throw e;
        }
        return decisions.stream().map(Decision::handled).toList();
    }

    /** What a command decides on the current state: the records to append and the state once they are appended. */
    private Decision<E, S> decide(Envelope<C> command) {
        String id = decider.aggregateId(command.payload());
        if (!id.equals(command.aggregateId())) {
            return rejection(command, new Rejection("command.misrouted",
                    "command for " + id + " arrived in an envelope for " + command.aggregateId()));
        }
        AggregateState<S> current = load(id);
        if (current.hasHandled(command.id())) {
            CommandAccepted again = new CommandAccepted(command.id(), command.type().wire(), current.version(), List.of());
            return new Decision<>(new Handled<>(again, List.of()), List.of(reply(command, again)), id, null);
        }
        List<E> decided;
        try {
            decided = decider.decide(command.payload(), current.state());
        } catch (Rejection r) {
            return rejection(command, r);
        } catch (RuntimeException bug) {
            LOG.errorf(bug, "deciding %s for %s failed", command.type(), id);
            return rejection(command, new Rejection("internal", "internal error while handling " + command.type()
                    + ": " + bug));
        }
        List<Envelope<E>> events = new ArrayList<>();
        long sequence = current.version();
        for (E e : decided) {
            events.add(Envelopes.event(command, ++sequence, e));
        }
        CommandAccepted accepted = new CommandAccepted(command.id(), command.type().wire(), sequence,
                events.stream().map(Envelope::id).toList());
        List<Outgoing> out = new ArrayList<>();
        events.forEach(e -> out.add(new Outgoing(eventTopic, Topics.key(e), e)));
        out.add(reply(command, accepted));
        return new Decision<>(new Handled<>(accepted, events), out, id, current.after(events, decider::evolve, command.id()));
    }

    private Decision<E, S> rejection(Envelope<C> command, Rejection r) {
        CommandRejected rejected = new CommandRejected(command.id(), command.type().wire(), r.code(), r.getMessage());
        return new Decision<>(new Handled<>(rejected, List.of()), List.of(reply(command, rejected)), command.aggregateId(), null);
    }

    private Handled<E> rejectOnThread(Envelope<C> command, ConsumedOffsets input, Rejection r) {
        Decision<E, S> d = rejection(command, r);
        publish(d.out(), input);
        return d.handled();
    }

    /** @param after the aggregate's state once {@code out} is appended; null when it does not change */
    private record Decision<E extends Event, S>(Handled<E> handled, List<Outgoing> out, String aggregateId, AggregateState<S> after) {
        void keep(Map<String, AggregateState<S>> loaded) {
            if (after != null) {
                loaded.put(aggregateId, after);
            }
        }
    }

    private void publish(List<Outgoing> out, ConsumedOffsets input) {
        appender.append(out, input).join();
    }

    private static Outgoing reply(Envelope<? extends Command> command, CommandOutcome outcome) {
        Envelope<CommandOutcome> e = Envelopes.reply(command, outcome);
        return new Outgoing(Topics.COMMAND_OUTCOMES, Topics.outcomeKey(e), e);
    }

    private AggregateState<S> load(String aggregateId) {
        return loaded.computeIfAbsent(aggregateId, id -> {
            AggregateState<S> state = AggregateState.initial(decider.initialState());
            List<Envelope<E>> history = new ArrayList<>();
            for (Envelope<Message> e : reader.read(eventTopic, id)) {
                // Several aggregate types may share a topic (images and registry repositories do), and their ids may collide.
                if (e.aggregateType() == decider.aggregateType()) {
                    history.add(cast(e));
                }
            }
            return state.after(history, decider::evolve, null);
        });
    }

    @SuppressWarnings("unchecked")
    private Envelope<E> cast(Envelope<Message> e) {
        if (!eventClass.isInstance(e.payload())) {
            throw new IllegalStateException(eventTopic + " holds " + e.type() + " for aggregate " + e.aggregateId()
                    + ", which is not a " + eventClass.getSimpleName());
        }
        return (Envelope<E>) (Envelope<?>) e;
    }

    @Override
    public void close() {
        thread.shutdown();
    }

    /** What handling a command produced: its outcome and the events appended (empty when rejected or repeated). */
    public record Handled<E extends Event>(CommandOutcome outcome, List<Envelope<E>> events) {
    }

}
