package io.berth.runtime.adapters.snapshot;

import com.sun.jna.LastErrorException;
import io.berth.runtime.adapters.linux.Libc;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Mounts overlayfs with lower dirs named relative to a base directory.
 *
 * <p>Why relative: the kernel takes mount options in one page (4096 bytes with the NUL), and 60 absolute layer
 * paths do not fit. Like Docker's overlay2 ({@code l/} short links, mount from inside the data root), the options
 * name {@code l/<20 hex>} links and are resolved against the working directory of the mounting task. The JVM's
 * threads share one working directory, so the mount runs on a fresh thread that first unshares its filesystem
 * context ({@code unshare(CLONE_FS)}, allowed in a multi-threaded process) and then changes into the base: no
 * other thread's working directory moves.
 */
final class OverlayMount {
    /** One page minus the terminating NUL. */
    static final int MAX_OPTIONS = 4095;

    /**
     * Keeps a copied-up file whole in upper (no metacopy) and renamed directories as real directories (no
     * redirects), so the upper dir alone says what changed: {@code docker diff} and {@code commit} read it.
     */
    private static final String FIXED_OPTIONS = "index=off,redirect_dir=off,metacopy=off";

    private OverlayMount() {
    }

    /** The option string; every path relative to the base the mount runs in. Refuses one longer than a page. */
    static String options(List<String> lowersTopToBottom, String upper, String work) throws IOException {
        String options = "lowerdir=" + String.join(":", lowersTopToBottom) + ",upperdir=" + upper + ",workdir=" + work
                + "," + FIXED_OPTIONS;
        if (options.length() > MAX_OPTIONS) {
            throw new IOException("an overlay of " + lowersTopToBottom.size() + " layers needs " + options.length()
                    + " bytes of mount options; the kernel takes at most " + MAX_OPTIONS);
        }
        return options;
    }

    /** Mounts at {@code target} (absolute) with {@code options} resolved against {@code base}. */
    static void mount(Path base, Path target, String options) throws IOException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread mounter = new Thread(() -> {
            try {
                Libc.INSTANCE.unshare(Libc.CLONE_FS);
                Libc.INSTANCE.chdir(base.toString());
                Libc.INSTANCE.mount("overlay", target.toString(), "overlay", 0, options);
            } catch (RuntimeException | Error e) {
                failure.set(e);
            }
        }, "overlay-mount");
        mounter.start();
        joinUninterruptibly(mounter);
        Throwable e = failure.get();
        if (e instanceof LastErrorException errno) {
            throw new IOException("mount overlay at " + target + " (" + options + " in " + base + "): "
                    + errno.getMessage(), errno);
        }
        if (e != null) {
            throw new IOException("mount overlay at " + target + ": " + e, e);
        }
    }

    /** The mount must be known to have happened or not before returning, even if this thread is interrupted. */
    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
