package io.berth.image.domain;

import java.util.regex.Pattern;

/** The distribution spec's grammar for repository names and tags, in one place for the domain and the HTTP edge. */
public final class RepositoryNames {
    /** Path components of lower-case alphanumerics joined by '.', '_', '__' or runs of '-', separated by '/'. */
    private static final String COMPONENT = "[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*";
    private static final Pattern NAME = Pattern.compile(COMPONENT + "(?:/" + COMPONENT + ")*");
    private static final Pattern TAG = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");
    /** Clients limit host + '/' + name to 255 characters; the name alone can be no longer. */
    public static final int MAX_NAME_LENGTH = 255;

    private RepositoryNames() {
    }

    public static boolean isValidName(String name) {
        return name != null && name.length() <= MAX_NAME_LENGTH && NAME.matcher(name).matches();
    }

    public static boolean isValidTag(String tag) {
        return tag != null && TAG.matcher(tag).matches();
    }
}
