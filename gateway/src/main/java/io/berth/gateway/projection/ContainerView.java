package io.berth.gateway.projection;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One row per container, folded from {@code berth.container.events}; deleted when the container is removed.
 * Config, host settings and ports are kept as the contracts' JSON so inspect shows exactly what was created.
 */
@Entity
@Table(name = "container_view", indexes = {@Index(name = "container_view_name", columnList = "name"),
        @Index(name = "container_view_image", columnList = "imageId")})
public class ContainerView {
    @Id
    @Column(name = "container_id", length = 64)
    public String containerId;
    /** Without Docker's leading slash. */
    public String name;
    public String hostId;
    /** The image as the user named it. */
    public String image;
    public String imageId;
    @Column(columnDefinition = "text")
    public String config;
    @Column(columnDefinition = "text")
    public String hostSettings;
    /** Docker's State.Status: created, running, restarting, exited, removing, dead. */
    public String status;
    public long pid;
    public int exitCode;
    @Column(columnDefinition = "text")
    public String error;
    public boolean oomKilled;
    public Instant startedAt;
    public Instant finishedAt;
    public int restartCount;
    /** How many times a process was started (manual starts and restarts). */
    public int runs;
    /** The latest start never ran the process; lets {@code docker start} tell a failure from a quick exit. */
    public boolean startFailed;
    /** The ports the host bound for the current run, JSON list of {@code PublishedPort}. */
    @Column(columnDefinition = "text")
    public String ports;
    public Instant created;
}
