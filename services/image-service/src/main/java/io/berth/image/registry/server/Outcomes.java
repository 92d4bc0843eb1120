package io.berth.image.registry.server;

import io.berth.contracts.outcome.CommandOutcome;
import io.berth.contracts.outcome.CommandOutcome.CommandRejected;

/** Turns a repository command's rejection into the registry error of the same code (the domain uses the spec's codes). */
final class Outcomes {
    private Outcomes() {
    }

    static void requireAccepted(CommandOutcome outcome) {
        if (outcome instanceof CommandRejected r) {
            throw new RegistryException(RegistryError.ofRejection(r.code()), r.reason(), null);
        }
    }
}
