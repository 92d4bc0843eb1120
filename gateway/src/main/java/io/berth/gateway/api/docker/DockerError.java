package io.berth.gateway.api.docker;

/** A failure the Docker API reports as {@code {"message": …}} with a status code, as dockerd does. */
public class DockerError extends RuntimeException {
    private final int status;

    public DockerError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
