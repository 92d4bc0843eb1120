package io.berth.gateway.api.docker;

import io.berth.gateway.projection.ContainersQuery;
import io.berth.gateway.projection.ContainersQuery.Container;
import io.berth.gateway.projection.HostsQuery;
import io.berth.gateway.projection.HostsQuery.Host;
import io.berth.gateway.projection.ImagesQuery;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** {@code docker version} and {@code docker info}, answered from the hosts projection. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class SystemResource {
    private final HostsQuery hosts;
    private final ImagesQuery images;
    private final ContainersQuery containers;
    private final String version;

    public SystemResource(HostsQuery hosts, ImagesQuery images, ContainersQuery containers,
                          @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version) {
        this.hosts = hosts;
        this.images = images;
        this.containers = containers;
        this.version = version;
    }

    @GET
    @Path("version")
    public Uni<Map<String, Object>> version() {
        return hosts.all().map(all -> {
            String kernel = all.stream().filter(Host::up).map(Host::kernelVersion).findFirst().orElse("");
            Map<String, Object> engine = new LinkedHashMap<>();
            engine.put("ApiVersion", DockerApiVersion.MAX);
            engine.put("Arch", "amd64");
            engine.put("Experimental", "false");
            engine.put("GitCommit", "berth");
            engine.put("GoVersion", "java" + Runtime.version().feature());
            engine.put("KernelVersion", kernel);
            engine.put("MinAPIVersion", DockerApiVersion.MIN);
            engine.put("Os", "linux");
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("Platform", Map.of("Name", "Berth " + version));
            v.put("Components", List.of(Map.of("Name", "Engine", "Version", version, "Details", engine)));
            v.put("Version", version);
            v.put("ApiVersion", DockerApiVersion.MAX);
            v.put("MinAPIVersion", DockerApiVersion.MIN);
            v.put("GitCommit", "berth");
            v.put("GoVersion", "java" + Runtime.version().feature());
            v.put("Os", "linux");
            v.put("Arch", "amd64");
            v.put("KernelVersion", kernel);
            return v;
        });
    }

    @GET
    @Path("info")
    public Uni<Map<String, Object>> info() {
        return hosts.all().chain(all -> images.all().chain(imageList -> containers.all()
                .map(containerList -> info(all, imageList.size(), containerList))));
    }

    private Map<String, Object> info(List<Host> all, int imageCount, List<Container> containerList) {
        long running = containerList.stream().filter(Container::running).count();
        List<Host> up = all.stream().filter(Host::up).toList();
        Host first = up.isEmpty() ? null : up.get(0);
        List<String> labels = new ArrayList<>();
        for (Host h : all) {
            labels.add("berth.host." + h.id() + "=" + h.status() + (h.cordoned() ? ",cordoned" : "") + " cpus=" + h.cpus()
                    + " memory=" + h.memoryBytes() + " kernel=" + h.kernelVersion() + " cgroup=" + h.cgroupVersion());
        }
        Map<String, Object> i = new LinkedHashMap<>();
        i.put("ID", "berth");
        i.put("Containers", containerList.size());
        i.put("ContainersRunning", running);
        i.put("ContainersPaused", 0); // Berth does not pause containers
        i.put("ContainersStopped", containerList.size() - running);
        i.put("Images", imageCount);
        i.put("Driver", "overlay");
        i.put("DriverStatus", List.of(List.of("Hosts", up.size() + " up of " + all.size())));
        i.put("Plugins", Map.of("Volume", List.of(), "Network", List.of("bridge", "host", "none"), "Log", List.of("berth")));
        i.put("MemoryLimit", true);
        i.put("SwapLimit", false);
        i.put("CpuCfsPeriod", true);
        i.put("CpuCfsQuota", true);
        i.put("CPUShares", true);
        i.put("PidsLimit", true);
        i.put("IPv4Forwarding", true);
        i.put("Debug", false);
        i.put("SystemTime", Instant.now().toString());
        i.put("LoggingDriver", "berth");
        i.put("CgroupDriver", "cgroupfs");
        i.put("CgroupVersion", first != null && first.cgroupVersion().equals("v2") ? "2" : "1");
        i.put("KernelVersion", first != null ? first.kernelVersion() : "");
        i.put("OperatingSystem", "Berth " + version + " (" + up.size() + " of " + all.size() + " hosts up)");
        i.put("OSVersion", version);
        i.put("OSType", "linux");
        i.put("Architecture", "x86_64");
        i.put("IndexServerAddress", "https://index.docker.io/v1/");
        i.put("RegistryConfig", Map.of("InsecureRegistryCIDRs", List.of("127.0.0.0/8"), "IndexConfigs", Map.of(), "Mirrors", List.of()));
        i.put("NCPU", up.stream().mapToInt(Host::cpus).sum());
        i.put("MemTotal", up.stream().mapToLong(Host::memoryBytes).sum());
        i.put("DockerRootDir", "");
        i.put("Name", "berth");
        i.put("Labels", labels);
        i.put("ExperimentalBuild", false);
        i.put("ServerVersion", version);
        i.put("Runtimes", Map.of("berth", Map.of("path", "berth-init")));
        i.put("DefaultRuntime", "berth");
        i.put("Swarm", Map.of("NodeID", "", "NodeAddr", "", "LocalNodeState", "inactive", "ControlAvailable", false, "Error", ""));
        i.put("LiveRestoreEnabled", true);
        i.put("SecurityOptions", List.of());
        i.put("Warnings", up.isEmpty() ? List.of("WARNING: no Berth host is up: containers cannot be placed") : null);
        return i;
    }
}
