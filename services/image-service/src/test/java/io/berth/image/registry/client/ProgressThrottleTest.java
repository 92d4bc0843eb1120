package io.berth.image.registry.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressThrottleTest {
    private final AtomicLong nanos = new AtomicLong();
    private final RecordingListener listener = new RecordingListener();
    private final ProgressThrottle throttle =
            new ProgressThrottle(listener, "abcdef012345", ProgressEvent.PUSHING, 1000, nanos::get);

    @Test
    void emitsTheFirstThenAtMostEvery100msThenTheLast() {
        throttle.update(10);
        throttle.update(20);
        advance(99);
        throttle.update(30);
        advance(1);
        throttle.update(40);
        throttle.update(50);
        throttle.finish(1000);

        assertEquals(List.of(10L, 40L, 1000L), listener.events().stream().map(ProgressEvent::current).toList());
        assertEquals(new ProgressEvent("abcdef012345", "Pushing", 10, 1000), listener.events().get(0));
    }

    @Test
    void finish_doesNotRepeatTheLastEvent() {
        throttle.update(1000);
        throttle.finish(1000);
        assertEquals(1, listener.events().size());
    }

    private void advance(long millis) {
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }
}
