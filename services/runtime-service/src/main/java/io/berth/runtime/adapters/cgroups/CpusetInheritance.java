package io.berth.runtime.adapters.cgroups;

import java.nio.file.Path;

/**
 * A new v1 cpuset cgroup has empty cpuset.cpus and cpuset.mems unless the host set cgroup.clone_children, and the
 * kernel refuses to put a process into it ("No space left on device"). Copying the parent's sets makes it behave like
 * every other controller: inherit everything until limited.
 */
final class CpusetInheritance {
    private CpusetInheritance() {
    }

    static void inherit(Path dir) {
        for (String file : new String[] {"cpuset.cpus", "cpuset.mems"}) {
            if (CgroupFiles.read(dir, file).isEmpty()) {
                CgroupFiles.write(dir, file, CgroupFiles.read(dir.getParent(), file));
            }
        }
    }
}
