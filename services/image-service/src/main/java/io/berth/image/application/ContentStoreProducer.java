package io.berth.image.application;

import io.berth.image.content.ContentStore;
import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The one content store of this image-service, under {@code <berth.data-root>/content}. */
public class ContentStoreProducer {
    @Produces
    @Singleton
    ContentStore contentStore(@ConfigProperty(name = "berth.data-root") Path dataRoot) {
        try {
            return new ContentStore(dataRoot.resolve("content"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the content store under " + dataRoot, e);
        }
    }
}
