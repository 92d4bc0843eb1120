package io.berth.eventsourcing.projection;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while every projection runs; the response lists each one's state and lag. */
@Readiness
@ApplicationScoped
public class ProjectionsHealth implements HealthCheck {
    private final Projections projections;

    public ProjectionsHealth(Projections projections) {
        this.projections = projections;
    }

    @Override
    public HealthCheckResponse call() {
        var builder = HealthCheckResponse.named("projections").up();
        for (ProjectionStatus s : projections.statuses()) {
            builder.withData(s.name(), s.state() + ", lag " + s.lag());
            if (s.state().equals("failed") || s.state().equals("stopped")) {
                builder.down();
            }
        }
        return builder.build();
    }
}
