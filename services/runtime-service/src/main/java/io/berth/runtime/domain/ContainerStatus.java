package io.berth.runtime.domain;

/** Where a container is in its life; the names are Docker's {@code State.Status} values (plus the two ends). */
public enum ContainerStatus {
    /** No container with this id was ever created. */
    NONE("none"),
    CREATED("created"),
    RUNNING("running"),
    /** Exited, and the restart policy will start it again after a delay. */
    RESTARTING("restarting"),
    EXITED("exited"),
    REMOVING("removing"),
    REMOVED("removed");

    private final String docker;

    ContainerStatus(String docker) {
        this.docker = docker;
    }

    public String docker() {
        return docker;
    }
}
