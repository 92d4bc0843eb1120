package io.berth.runtime.adapters.cgroups;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Docker's default device rules on a v1 {@code devices} cgroup: nothing but the devices a container's {@code /dev}
 * holds. Without them a container's root, which keeps CAP_MKNOD, could create a node for a host disk and read it.
 * (v2 controls devices with an eBPF program, which Berth does not load yet.)
 */
final class V1DeviceRules {
    /** type major:minor access, as {@code devices.allow} takes them. */
    static final List<String> ALLOWED = List.of(
            "c *:* m", "b *:* m",   // creating nodes is allowed; using them is not, unless listed below
            "c 1:3 rwm",            // /dev/null
            "c 1:5 rwm",            // /dev/zero
            "c 1:7 rwm",            // /dev/full
            "c 1:8 rwm",            // /dev/random
            "c 1:9 rwm",            // /dev/urandom
            "c 5:0 rwm",            // /dev/tty
            "c 5:1 rwm",            // /dev/console
            "c 5:2 rwm",            // /dev/ptmx
            "c 136:* rwm",          // /dev/pts/*
            "c 10:200 rwm");        // /dev/net/tun

    private V1DeviceRules() {
    }

    static void apply(Path devicesDir) {
        if (!Files.exists(devicesDir.resolve("devices.deny"))) {
            return;
        }
        CgroupFiles.write(devicesDir, "devices.deny", "a");
        for (String rule : ALLOWED) {
            CgroupFiles.write(devicesDir, "devices.allow", rule);
        }
    }
}
