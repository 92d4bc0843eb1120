package io.berth.contracts.container;

/** A port the host really bound for a running container (a requested host port 0 becomes the port chosen). */
public record PublishedPort(int containerPort, String protocol, String hostIp, int hostPort) {
}
