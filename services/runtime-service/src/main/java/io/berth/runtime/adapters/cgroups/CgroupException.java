package io.berth.runtime.adapters.cgroups;

/** The kernel refused a cgroup operation (mkdir, a limit write, rmdir); the message names the file and the value. */
public final class CgroupException extends RuntimeException {
    public CgroupException(String message, Throwable cause) {
        super(message, cause);
    }

    public CgroupException(String message) {
        super(message);
    }
}
