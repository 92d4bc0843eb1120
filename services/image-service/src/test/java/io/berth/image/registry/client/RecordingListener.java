package io.berth.image.registry.client;

import java.util.ArrayList;
import java.util.List;

/** Collects progress events for assertions. */
final class RecordingListener implements ProgressListener {
    private final List<ProgressEvent> events = new ArrayList<>();

    @Override
    public synchronized void onProgress(ProgressEvent event) {
        events.add(event);
    }

    synchronized List<ProgressEvent> events() {
        return List.copyOf(events);
    }

    /** The statuses of one id in order, with consecutive byte-count events of the same status collapsed. */
    synchronized List<String> statuses(String id) {
        List<String> statuses = new ArrayList<>();
        for (ProgressEvent event : events) {
            if (event.id().equals(id)
                    && (statuses.isEmpty() || !statuses.get(statuses.size() - 1).equals(event.status()))) {
                statuses.add(event.status());
            }
        }
        return statuses;
    }

    synchronized List<ProgressEvent> withBytes(String id) {
        return events.stream().filter(e -> e.id().equals(id) && e.hasBytes()).toList();
    }
}
