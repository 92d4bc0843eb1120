package io.berth.contracts.envelope;

import io.berth.contracts.container.ContainerCommand;
import io.berth.contracts.container.ContainerEvent;
import io.berth.contracts.host.HostCommand;
import io.berth.contracts.host.HostEvent;
import io.berth.contracts.image.ImageCommand;
import io.berth.contracts.image.ImageEvent;
import io.berth.contracts.logs.LogMessage;
import io.berth.contracts.outcome.CommandOutcome;
import io.berth.contracts.registry.RepositoryCommand;
import io.berth.contracts.registry.RepositoryEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Every message class that may appear on a topic, in one list. The serde builds its type registry from it and the
 * golden-file test checks that each entry has a golden JSON file, so nothing reaches the wire unregistered.
 */
public final class MessageCatalog {
    private MessageCatalog() {
    }

    public static List<Class<? extends Message>> all() {
        List<Class<? extends Message>> all = new ArrayList<>();
        addPermitted(HostEvent.class, all);
        addPermitted(HostCommand.class, all);
        addPermitted(ImageEvent.class, all);
        addPermitted(ImageCommand.class, all);
        addPermitted(RepositoryEvent.class, all);
        addPermitted(RepositoryCommand.class, all);
        addPermitted(ContainerEvent.class, all);
        addPermitted(ContainerCommand.class, all);
        addPermitted(LogMessage.class, all);
        addPermitted(CommandOutcome.class, all);
        return List.copyOf(all);
    }

    @SuppressWarnings("unchecked")
    private static void addPermitted(Class<? extends Message> sealed, List<Class<? extends Message>> into) {
        for (Class<?> c : sealed.getPermittedSubclasses()) {
            into.add((Class<? extends Message>) c);
        }
    }
}
