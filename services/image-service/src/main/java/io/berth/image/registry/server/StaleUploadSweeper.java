package io.berth.image.registry.server;

import io.berth.image.content.ContentStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Deletes uploads nobody has written to for {@code berth.registry.upload-idle-timeout} (default 24 h): clients that
 * vanished mid-push would otherwise keep their partial file, and its open handle, forever. Runs hourly.
 */
@ApplicationScoped
class StaleUploadSweeper {
    private static final Logger LOG = Logger.getLogger(StaleUploadSweeper.class);

    private final ContentStore content;
    private final Duration idleTimeout;
    private ScheduledExecutorService timer;

    StaleUploadSweeper(ContentStore content,
                       @ConfigProperty(name = "berth.registry.upload-idle-timeout", defaultValue = "24h") Duration idleTimeout) {
        this.content = content;
        this.idleTimeout = idleTimeout;
    }

    void start(@Observes StartupEvent ev) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "registry-upload-sweeper");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::sweep, 1, 60, TimeUnit.MINUTES);
    }

    void stop(@Observes ShutdownEvent ev) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void sweep() {
        try {
            int swept = content.sweepIngests(idleTimeout);
            if (swept > 0) {
                LOG.infof("deleted %d uploads idle for more than %s", swept, idleTimeout);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf(e, "sweeping idle uploads failed; will try again in an hour");
        }
    }
}
