package io.berth.eventsourcing.process;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * With {@code berth.parent-watch=stdin}, the service exits when its standard input closes: the launcher holds the
 * other end, so when the launcher dies, even by SIGKILL, no service is left running as an orphan.
 */
@ApplicationScoped
public class ParentWatch {
    private static final Logger LOG = Logger.getLogger(ParentWatch.class);

    @ConfigProperty(name = "berth.parent-watch", defaultValue = "none")
    String mode;

    void start(@Observes StartupEvent ev) {
        if (!"stdin".equals(mode)) {
            return;
        }
        Thread t = new Thread(() -> {
            InputStream in = System.in;
            try {
                while (in.read() >= 0) {
                    // The launcher never writes; any bytes are ignored.
                }
            } catch (IOException e) {
                // treated as closed
            }
            LOG.info("standard input closed: the launcher is gone, shutting down");
            Quarkus.asyncExit();
        }, "parent-watch");
        t.setDaemon(true);
        t.start();
    }
}
