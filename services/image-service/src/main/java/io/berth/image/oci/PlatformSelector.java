package io.berth.image.oci;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Picks the manifest of an index that a given platform should run, as {@code docker pull} does.
 *
 * <p>Rules: os and architecture must match after normalising aliases ({@code x86_64} is
 * {@code amd64}, {@code aarch64} is {@code arm64}). The exact variant wins; otherwise a lower,
 * compatible variant (an arm/v7 host runs arm/v6); an entry without a variant counts as the
 * architecture's default ({@code arm64} = {@code v8}, {@code arm} = {@code v7}, {@code amd64} = {@code v1}).
 * Ties go to the first entry. Attestation manifests (BuildKit's provenance and SBOMs, platform
 * {@code unknown/unknown}) and entries without a platform are never chosen. {@code os.version} is
 * ignored: it only matters for Windows images, which Berth does not run.
 */
public final class PlatformSelector {
    static final String REFERENCE_TYPE_ANNOTATION = "vnd.docker.reference.type";
    static final String ATTESTATION_MANIFEST = "attestation-manifest";

    private static final int EXACT = 1000;
    private static final int COMPATIBLE = 500;

    private PlatformSelector() {
    }

    /** @throws NoMatchingPlatformException listing the platforms the index does offer */
    public static Descriptor select(ImageIndex index, Platform wanted) {
        Platform want = normalize(wanted);
        Descriptor best = null;
        int bestScore = 0;
        for (Descriptor candidate : index.manifests()) {
            if (isRunnable(candidate)) {
                int score = score(normalize(candidate.platform()), want);
                if (score > bestScore) {
                    best = candidate;
                    bestScore = score;
                }
            }
        }
        if (best == null) {
            throw new NoMatchingPlatformException(wanted, available(index));
        }
        return best;
    }

    /** Whether an index entry is an image at all, rather than an attestation or an unlabelled entry. */
    public static boolean isRunnable(Descriptor entry) {
        Platform platform = entry.platform();
        return platform != null
                && !ATTESTATION_MANIFEST.equals(entry.annotations().get(REFERENCE_TYPE_ANNOTATION))
                && !("unknown".equals(platform.os()) && "unknown".equals(platform.architecture()));
    }

    private static List<Platform> available(ImageIndex index) {
        List<Platform> platforms = new ArrayList<>();
        for (Descriptor entry : index.manifests()) {
            if (isRunnable(entry)) {
                platforms.add(entry.platform());
            }
        }
        return platforms;
    }

    private static int score(Platform candidate, Platform want) {
        if (!candidate.os().equals(want.os()) || !candidate.architecture().equals(want.architecture())) {
            return 0;
        }
        String have = candidate.variant();
        String need = want.variant();
        if (have == null ? need == null : have.equals(need)) {
            return EXACT;
        }
        if (have == null) {
            return COMPATIBLE; // the default variant of an architecture without a known ladder
        }
        int haveLevel = level(have);
        int needLevel = need == null ? -1 : level(need);
        return haveLevel >= 0 && haveLevel <= needLevel ? COMPATIBLE + haveLevel : 0;
    }

    /** v5…v8 for arm, v2…v4 for amd64: higher runs lower. -1 if the variant is not on a ladder. */
    private static int level(String variant) {
        if (variant.matches("v[0-9]{1,2}")) {
            return Integer.parseInt(variant.substring(1));
        }
        return -1;
    }

    static Platform normalize(Platform platform) {
        String os = platform.os().toLowerCase(Locale.ROOT);
        String arch = platform.architecture().toLowerCase(Locale.ROOT);
        String variant = platform.variant() == null ? null : platform.variant().toLowerCase(Locale.ROOT);
        if (os.equals("macos")) {
            os = "darwin";
        }
        switch (arch) {
            case "x86_64", "x86-64" -> arch = "amd64";
            case "aarch64" -> arch = "arm64";
            case "i386", "i686" -> arch = "386";
            case "armhf" -> {
                arch = "arm";
                variant = "v7";
            }
            case "armel" -> {
                arch = "arm";
                variant = "v6";
            }
            default -> {
            }
        }
        if (variant != null && variant.matches("[0-9]{1,2}")) {
            variant = "v" + variant;
        }
        variant = switch (arch) {
            case "arm64" -> "v8".equals(variant) ? null : variant;
            case "amd64" -> "v1".equals(variant) ? null : variant;
            case "arm" -> variant == null ? "v7" : variant;
            default -> variant;
        };
        return new Platform(arch, os, variant, null, List.of());
    }
}
