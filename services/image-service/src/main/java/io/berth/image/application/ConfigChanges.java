package io.berth.image.application;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.image.oci.RunConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code docker import --change} and {@code docker commit --change}: the Dockerfile instructions that only set
 * image config (CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, ONBUILD, STOPSIGNAL, USER, VOLUME, WORKDIR), applied in order.
 * A small reader of single-line instructions; the full Dockerfile grammar lives in build-service.
 */
public final class ConfigChanges {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConfigChanges() {
    }

    public static RunConfig apply(RunConfig config, List<String> changes) {
        RunConfig c = config;
        for (String change : changes) {
            c = applyOne(c, change.trim());
        }
        return c;
    }

    private static RunConfig applyOne(RunConfig c, String change) {
        String[] parts = change.split("\\s+", 2);
        String instruction = parts[0].toUpperCase(Locale.ROOT);
        String args = parts.length > 1 ? parts[1].trim() : "";
        if (args.isEmpty()) {
            throw new IllegalArgumentException(instruction + " requires at least one argument (in change \"" + change + "\")");
        }
        return switch (instruction) {
            case "CMD" -> c.withCmd(command(args));
            case "ENTRYPOINT" -> c.withEntrypoint(command(args));
            case "ENV" -> {
                RunConfig r = c;
                for (String[] kv : pairs(args, "ENV")) {
                    r = r.withEnv(kv[0], kv[1]);
                }
                yield r;
            }
            case "LABEL" -> {
                RunConfig r = c;
                for (String[] kv : pairs(args, "LABEL")) {
                    r = r.withLabel(kv[0], kv[1]);
                }
                yield r;
            }
            case "EXPOSE" -> {
                Set<String> ports = new LinkedHashSet<>(c.exposedPorts());
                for (String p : args.split("\\s+")) {
                    ports.add(port(p));
                }
                yield c.withExposedPorts(ports);
            }
            case "VOLUME" -> {
                Set<String> volumes = new LinkedHashSet<>(c.volumes());
                volumes.addAll(args.startsWith("[") ? jsonArray(args, "VOLUME") : Arrays.asList(args.split("\\s+")));
                yield c.withVolumes(volumes);
            }
            case "WORKDIR" -> c.withWorkingDir(args);
            case "USER" -> c.withUser(args);
            case "STOPSIGNAL" -> c.withStopSignal(args);
            case "ONBUILD" -> {
                List<String> triggers = new ArrayList<>(c.onBuild());
                triggers.add(args);
                yield c.withOnBuild(triggers);
            }
            default -> throw new IllegalArgumentException(instruction + " is not a valid change command");
        };
    }

    /** Exec form {@code ["a","b"]} as is; shell form runs through {@code /bin/sh -c}, as Docker does. */
    private static List<String> command(String args) {
        if (args.startsWith("[")) {
            try {
                return jsonArray(args, "CMD");
            } catch (IllegalArgumentException notJson) {
                // Docker treats a malformed JSON array as shell form
            }
        }
        return List.of("/bin/sh", "-c", args);
    }

    private static List<String> jsonArray(String args, String instruction) {
        try {
            return JSON.readValue(args, new TypeReference<List<String>>() { });
        } catch (IOException e) {
            throw new IllegalArgumentException(instruction + ": not a JSON array of strings: " + args);
        }
    }

    /** {@code K=V K2="v 2"} or the legacy single {@code K V}. */
    private static List<String[]> pairs(String args, String instruction) {
        List<String[]> out = new ArrayList<>();
        if (!args.contains("=")) {
            String[] kv = args.split("\\s+", 2);
            if (kv.length < 2) {
                throw new IllegalArgumentException(instruction + " " + args + ": needs a name and a value");
            }
            out.add(kv);
            return out;
        }
        for (String word : words(args)) {
            int eq = word.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(instruction + ": '" + word + "' is not of the form name=value");
            }
            out.add(new String[] {word.substring(0, eq), word.substring(eq + 1)});
        }
        return out;
    }

    /** Splits on unquoted spaces and removes the quotes (single or double, with backslash escapes). */
    private static List<String> words(String s) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\\' && i + 1 < s.length() && quote != '\'') {
                w.append(s.charAt(++i));
            } else if (quote != 0) {
                if (ch == quote) {
                    quote = 0;
                } else {
                    w.append(ch);
                }
            } else if (ch == '"' || ch == '\'') {
                quote = ch;
            } else if (Character.isWhitespace(ch)) {
                if (w.length() > 0) {
                    words.add(w.toString());
                    w.setLength(0);
                }
            } else {
                w.append(ch);
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unterminated quote in: " + s);
        }
        if (w.length() > 0) {
            words.add(w.toString());
        }
        return words;
    }

    private static String port(String p) {
        if (!p.matches("\\d{1,5}(-\\d{1,5})?(/(tcp|udp|sctp))?")) {
            throw new IllegalArgumentException("EXPOSE: invalid port '" + p + "'");
        }
        return p.contains("/") ? p : p + "/tcp";
    }
}
