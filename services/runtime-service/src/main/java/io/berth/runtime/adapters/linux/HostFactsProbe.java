package io.berth.runtime.adapters.linux;

import io.berth.contracts.host.CgroupVersion;
import io.berth.contracts.host.HostFacts;
import io.berth.runtime.adapters.cgroups.CgroupMounts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads what a host is from the kernel's own files: /proc, /sys/fs/cgroup, /etc/os-release. */
public final class HostFactsProbe {
    private final Path root;

    /** {@code root} is "/" on a real host; tests point it at a prepared directory tree. */
    public HostFactsProbe(Path root) {
        this.root = root;
    }

    public HostFacts probe() {
        return new HostFacts(hostname(), firstLine("proc/sys/kernel/osrelease"), cgroupVersion(),
                Runtime.getRuntime().availableProcessors(), memoryBytes(), operatingSystem(), System.getProperty("os.arch"));
    }

    public String hostname() {
        return firstLine("proc/sys/kernel/hostname");
    }

    /** Delegates to {@link CgroupMounts}, which {@code Cgroups} also uses, so the report and the placement agree. */
    CgroupVersion cgroupVersion() {
        return CgroupMounts.parse(lines("proc/self/mounts")).version();
    }

    long memoryBytes() {
        for (String line : lines("proc/meminfo")) {
            if (line.startsWith("MemTotal:")) {
                String[] f = line.trim().split("\\s+");
                return Long.parseLong(f[1]) * 1024;
            }
        }
        throw new IllegalStateException("no MemTotal in " + root.resolve("proc/meminfo"));
    }

    String operatingSystem() {
        for (String line : linesIfPresent("etc/os-release")) {
            if (line.startsWith("PRETTY_NAME=")) {
                return line.substring("PRETTY_NAME=".length()).replace("\"", "");
            }
        }
        return "Linux";
    }

    private String firstLine(String relative) {
        List<String> l = lines(relative);
        return l.isEmpty() ? "" : l.get(0).trim();
    }

    private List<String> lines(String relative) {
        try {
            return Files.readAllLines(root.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root.resolve(relative), e);
        }
    }

    private List<String> linesIfPresent(String relative) {
        return Files.exists(root.resolve(relative)) ? lines(relative) : List.of();
    }
}
