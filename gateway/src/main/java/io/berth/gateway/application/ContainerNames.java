package io.berth.gateway.application;

import io.berth.gateway.api.docker.DockerError;
import java.security.SecureRandom;
import java.util.List;
import java.util.regex.Pattern;

/** Docker's container-name rules, and the two-word names it makes up when the user gives none. */
public final class ContainerNames {
    /** dockerd's {@code validContainerNamePattern}: at least two characters. */
    private static final Pattern VALID = Pattern.compile("/?[a-zA-Z0-9][a-zA-Z0-9_.-]+");
    private static final List<String> ADJECTIVES = List.of("admiring", "brave", "calm", "dazzling", "eager", "festive",
            "gifted", "happy", "jolly", "keen", "lucid", "modest", "nifty", "optimistic", "peaceful", "quirky", "relaxed",
            "serene", "trusting", "upbeat", "vibrant", "wizardly", "youthful", "zealous");
    private static final List<String> SURNAMES = List.of("babbage", "curie", "darwin", "euler", "fermi", "galileo",
            "hopper", "joliot", "kepler", "lovelace", "meitner", "noether", "pascal", "ritchie", "shannon", "turing",
            "volta", "wozniak", "yalow", "zuse");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ContainerNames() {
    }

    /** The name without its leading slash; a 400 with Docker's message when it breaks the rules. */
    public static String validate(String name) {
        if (!VALID.matcher(name).matches()) {
            throw new DockerError(400, "Invalid container name (" + name + "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        }
        return name.startsWith("/") ? name.substring(1) : name;
    }

    public static String random() {
        return ADJECTIVES.get(RANDOM.nextInt(ADJECTIVES.size())) + "_" + SURNAMES.get(RANDOM.nextInt(SURNAMES.size()));
    }

    /** Docker's 409 for a name that another container holds. */
    public static DockerError conflict(String name, String holderId) {
        return new DockerError(409, "Conflict. The container name \"/" + name + "\" is already in use by container \"" + holderId
                + "\". You have to remove (or rename) that container to be able to reuse that name.");
    }
}
