package io.berth.infra;

import java.util.ArrayList;
import java.util.List;

/**
 * The JVM options of each process the platform runs, in one place: the launcher starts the services with them, and
 * what starts the launcher itself or a service on its own (bin/berth-up, the e2e Platform, the benches) asks
 * {@code berth-launcher.jar --print-jvm-options <name>} rather than repeating them.
 */
final class JvmOptions {
    /** The launcher's own JVM, which runs the Kafka broker. */
    static final String LAUNCHER = "launcher";

    private JvmOptions() {
    }

    /** A service's options: heap and {@link JitProfile}. */
    static List<String> of(ServiceSpec spec) {
        List<String> options = new ArrayList<>(List.of("-Xmx256m"));
        options.addAll(spec.jit().options());
        return options;
    }

    /** {@link #LAUNCHER} or a service's name as the launcher runs it (image-service, runtime-service, …). */
    static List<String> of(String process) {
        if (LAUNCHER.equals(process)) {
            return JitProfile.QUICK.options();
        }
        List<ServiceSpec> specs = ServiceSpec.all(LauncherOptions.parse(new String[0]));
        return specs.stream().filter(s -> s.name().equals(process)).findFirst().map(JvmOptions::of)
                .orElseThrow(() -> new LauncherOptions.UsageException("--print-jvm-options: no process " + process + "; one of "
                        + LAUNCHER + ", " + String.join(", ", specs.stream().map(ServiceSpec::name).toList())));
    }
}
