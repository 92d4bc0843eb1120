package io.berth.runtime.adapters.shim;

/**
 * The container process could not be started. Carries what the init helper reported: the setup step that
 * failed, its errno and the path involved, plus the exit code Docker gives such a container (127 when the
 * executable or a file is missing, 126 when it is not permitted, 128 otherwise).
 */
public final class LaunchFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Step name the helper uses when {@code args[0]} was not found in the container's PATH. */
    public static final String STEP_EXEC_LOOKUP = "exec-lookup";
    /** Step name the helper uses when execve itself failed. */
    public static final String STEP_EXEC = "exec";

    private final String step;
    private final int errno;
    private final String path;
    private final int exitCode;

    public LaunchFailedException(String step, int errno, String errnoText, String path, int exitCode) {
        super(dockerMessage(step, errnoText, path));
        this.step = step;
        this.errno = errno;
        this.path = path;
        this.exitCode = exitCode;
    }

    public String step() {
        return step;
    }

    public int errno() {
        return errno;
    }

    public String path() {
        return path;
    }

    public int exitCode() {
        return exitCode;
    }

    /**
     * The text after Docker's "starting container process caused: " prefix, e.g.
     * {@code exec: "nosuch": executable file not found in $PATH} or
     * {@code exec: "/etc/passwd": permission denied}.
     */
    static String dockerMessage(String step, String errnoText, String path) {
        String reason = lowerFirst(errnoText);
        if (STEP_EXEC_LOOKUP.equals(step)) {
            return "exec: \"" + path + "\": executable file not found in $PATH";
        }
        if (STEP_EXEC.equals(step) && "no such file or directory".equals(reason)) {
            return "exec: \"" + path + "\": stat " + path + ": " + reason;
        }
        if (STEP_EXEC.equals(step)) {
            return "exec: \"" + path + "\": " + reason;
        }
        return path.isEmpty() ? step + ": " + reason : step + " \"" + path + "\": " + reason;
    }

    private static String lowerFirst(String text) {
        return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }
}
