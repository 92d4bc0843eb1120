package io.berth.image.application;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.eventsourcing.serde.MessageSerde;
import io.berth.image.registry.client.ProgressEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Docker's JSON message stream, one object per line, flushed as it happens: what {@code docker push} and
 * {@code docker pull} render as per-layer progress bars. Thread-safe: blobs move in parallel.
 */
public final class JsonProgress {
    private final OutputStream out;

    public JsonProgress(OutputStream out) {
        this.out = out;
    }

    public void status(String status) {
        write(node().put("status", status));
    }

    public void status(String id, String status) {
        write(node().put("status", status).put("id", id));
    }

    public void progress(ProgressEvent e) {
        ObjectNode n = node().put("status", e.status());
        ObjectNode detail = n.putObject("progressDetail");
        if (e.hasBytes()) {
            detail.put("current", e.current());
            if (e.total() > 0) {
                detail.put("total", e.total());
            }
            n.put("progress", bar(e.current(), e.total()));
        }
        n.put("id", e.id());
        write(n);
    }

    public void aux(ObjectNode aux) {
        ObjectNode n = node();
        n.putObject("progressDetail");
        n.set("aux", aux);
        write(n);
    }

    /** A failure after the stream started: the CLI prints the message and exits 1. */
    public void error(String message) {
        ObjectNode n = node();
        n.putObject("errorDetail").put("message", message);
        n.put("error", message);
        write(n);
    }

    public ObjectNode node() {
        return MessageSerde.standard().json().createObjectNode();
    }

    public synchronized void write(ObjectNode n) {
        try {
            out.write((n.toString() + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the client went away", e);
        }
    }

    /** The bar Docker draws: 50 columns, then current/total in human units. */
    static String bar(long current, long total) {
        if (total <= 0) {
            return human(current);
        }
        int width = 50;
        int filled = (int) Math.min(width, current * width / total);
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < width; i++) {
            b.append(i < filled - 1 ? '=' : i == filled - 1 ? '>' : ' ');
        }
        return b.append("] ").append(human(current)).append('/').append(human(total)).toString();
    }

    static String human(long bytes) {
        String[] units = {"B", "kB", "MB", "GB", "TB"};
        double v = bytes;
        int u = 0;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return u == 0 ? bytes + "B" : String.format(java.util.Locale.ROOT, "%.3g%s", v, units[u]);
    }
}
