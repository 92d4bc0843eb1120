package io.berth.image.registry.client;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which registries may be reached without verified TLS, following dockerd's {@code insecure-registries}: an insecure
 * registry is tried over HTTPS first (certificate not checked) and then over plain HTTP; every other registry over
 * verified HTTPS only. Loopback (127.0.0.0/8, ::1, localhost) is always insecure, as in Docker. Entries are
 * {@code host[:port]} (matched exactly, like Docker) or CIDR blocks (matched against IP-literal registries only: no DNS
 * lookups happen here).
 *
 * <p>Push, pull, login and token requests all go through {@link #permits(URI)}, so credentials never travel over
 * plain HTTP to a host that is not allowed to be insecure.
 */
public final class RegistryAccessPolicy {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    private final Set<String> insecureRegistries = new HashSet<>();
    private final List<Cidr> insecureNetworks = new ArrayList<>();

    /** @param insecureRegistries {@code host[:port]} or CIDR entries, e.g. {@code myreg:5000}, {@code 10.0.0.0/8} */
    public RegistryAccessPolicy(List<String> insecureRegistries) {
        for (String entry : insecureRegistries) {
            String e = entry.strip().toLowerCase(Locale.ROOT);
            e = e.replaceFirst("^https?://", "");
            if (e.endsWith("/")) {
                e = e.substring(0, e.length() - 1);
            }
            if (e.isEmpty()) {
                continue;
            }
            if (e.contains("/")) {
                insecureNetworks.add(Cidr.parse(e));
            } else {
                this.insecureRegistries.add(e);
            }
        }
    }

    /** Only loopback is insecure. */
    public static RegistryAccessPolicy loopbackOnly() {
        return new RegistryAccessPolicy(List.of());
    }

    /** Whether {@code registry} ({@code host[:port]}) may be used over plain HTTP or unverified HTTPS. */
    public boolean isInsecure(String registry) {
        String r = registry.toLowerCase(Locale.ROOT);
        if (insecureRegistries.contains(r)) {
            return true;
        }
        String host = hostOf(r);
        if (host.equals("localhost")) {
            return true;
        }
        byte[] ip = ipLiteral(host);
        if (ip == null) {
            return false;
        }
        if (ip.length == 4 ? ip[0] == 127 : isIpv6Loopback(ip)) {
            return true;
        }
        for (Cidr network : insecureNetworks) {
            if (network.contains(ip)) {
                return true;
            }
        }
        return false;
    }

    /** The endpoints to try, in order: HTTPS, then plain HTTP if the registry is insecure. */
    public List<RegistryEndpoint> candidates(String registry) {
        return isInsecure(registry)
                ? List.of(new RegistryEndpoint("https", registry), new RegistryEndpoint("http", registry))
                : List.of(new RegistryEndpoint("https", registry));
    }

    /** Whether a request may go to {@code uri} at all: HTTPS always, HTTP only to insecure registries. */
    public boolean permits(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return scheme.equals("https") || scheme.equals("http") && uri.getRawAuthority() != null
                && isInsecure(uri.getRawAuthority());
    }

    /** Host without port; IPv6 literals lose their brackets. */
    static String hostOf(String registry) {
        if (registry.startsWith("[")) {
            int close = registry.indexOf(']');
            return close < 0 ? registry.substring(1) : registry.substring(1, close);
        }
        int colon = registry.indexOf(':');
        if (colon < 0 || registry.indexOf(':', colon + 1) >= 0) {
            return registry; // no port, or a bare IPv6 literal
        }
        return registry.substring(0, colon);
    }

    /** The address bytes if {@code host} is an IP literal, else null (never a DNS lookup). */
    static byte[] ipLiteral(String host) {
        Matcher m = IPV4.matcher(host);
        if (m.matches()) {
            byte[] ip = new byte[4];
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(m.group(i + 1));
                if (octet > 255) {
                    return null;
                }
                ip[i] = (byte) octet;
            }
            return ip;
        }
        if (host.indexOf(':') >= 0 && host.matches("[0-9a-fA-F:.%]+")) {
            try {
                return InetAddress.getByName(host).getAddress(); // a literal: parsed, not resolved
            } catch (UnknownHostException e) {
                return null;
            }
        }
        return null;
    }

    private static boolean isIpv6Loopback(byte[] ip) {
        for (int i = 0; i < 15; i++) {
            if (ip[i] != 0) {
                return false;
            }
        }
        return ip[15] == 1;
    }

    private record Cidr(byte[] network, int prefixBits) {
        static Cidr parse(String text) {
            int slash = text.indexOf('/');
            byte[] network = ipLiteral(text.substring(0, slash));
            int bits;
            try {
                bits = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                bits = -1;
            }
            if (network == null || bits < 0 || bits > network.length * 8) {
                throw new IllegalArgumentException("invalid insecure registry entry: " + text
                        + " (expected host[:port] or an IP CIDR such as 10.0.0.0/8)");
            }
            return new Cidr(network, bits);
        }

        boolean contains(byte[] ip) {
            if (ip.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefixBits; bit++) {
                int mask = 0x80 >> (bit % 8);
                if ((ip[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
