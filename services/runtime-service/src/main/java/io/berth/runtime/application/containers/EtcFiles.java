package io.berth.runtime.application.containers;

import io.berth.runtime.adapters.shim.BindMount;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files Docker writes for every container and bind-mounts over the image's: {@code /etc/hostname},
 * {@code /etc/hosts} and {@code /etc/resolv.conf}. They live in the container's bundle, not in its writable layer,
 * so they never show in {@code docker diff} or a commit.
 */
final class EtcFiles {
    private EtcFiles() {
    }

    static List<BindMount> write(Path bundle, String hostname, boolean hostNetwork) throws IOException {
        List<BindMount> mounts = new ArrayList<>();
        Path hostnameFile = bundle.resolve("hostname");
        Files.writeString(hostnameFile, hostname + "\n", StandardCharsets.UTF_8);
        mounts.add(new BindMount(hostnameFile, "/etc/hostname", false));

        Path hosts = bundle.resolve("hosts");
        Files.writeString(hosts, hostNetwork ? hostFile("/etc/hosts") : """
                127.0.0.1\tlocalhost
                ::1\tlocalhost ip6-localhost ip6-loopback
                127.0.1.1\t%s
                """.formatted(hostname), StandardCharsets.UTF_8);
        mounts.add(new BindMount(hosts, "/etc/hosts", false));

        Path resolv = bundle.resolve("resolv.conf");
        Files.writeString(resolv, hostFile("/etc/resolv.conf"), StandardCharsets.UTF_8);
        mounts.add(new BindMount(resolv, "/etc/resolv.conf", false));
        return mounts;
    }

    private static String hostFile(String path) {
        try {
            return Files.readString(Path.of(path), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
