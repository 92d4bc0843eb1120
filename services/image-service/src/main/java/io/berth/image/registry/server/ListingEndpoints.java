package io.berth.image.registry.server;

import io.berth.image.application.RegistryRepositories;
import io.berth.image.domain.RepositoryState;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /v2/<name>/tags/list} and {@code GET /v2/_catalog}, in byte order, paginated with {@code n}/{@code last}/Link. */
@ApplicationScoped
class ListingEndpoints {
    private final RegistryRepositories repositories;

    ListingEndpoints(RegistryRepositories repositories) {
        this.repositories = repositories;
    }

    void tags(RegistryExchange ex) {
        String name = Paths.name(ex.name());
        Pagination page = Pagination.of(ex);
        RepositoryState repository = repositories.state(name);
        if (repository.isEmpty()) {
            throw new RegistryException(RegistryError.NAME_UNKNOWN, Map.of("name", name));
        }
        Iterable<String> after = page.last() == null ? repository.tags().keySet() : repository.tags().tailMap(page.last()).keySet();
        List<String> tags = new ArrayList<>();
        boolean more = false;
        for (String tag : after) {
            if (tag.equals(page.last())) {
                continue; // tailMap is inclusive; the spec's last is not
            }
            if (tags.size() == page.n()) {
                more = true;
                break;
            }
            tags.add(tag);
        }
        if (more && page.n() > 0) {
            ex.response().putHeader("Link", page.nextLink("/v2/" + name + "/tags/list", tags.get(tags.size() - 1)));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("tags", tags);
        RegistryResponses.json(ex, 200, body);
    }

    void catalog(RegistryExchange ex) {
        Pagination page = Pagination.of(ex).bounded(); // unlike tags, the catalog is never sent whole
        int want = page.n() + 1;
        List<String> names = new ArrayList<>(repositories.names(page.last(), want));
        if (page.n() < names.size()) {
            names = new ArrayList<>(names.subList(0, page.n()));
            if (page.n() > 0) {
                ex.response().putHeader("Link", page.nextLink("/v2/_catalog", names.get(names.size() - 1)));
            }
        }
        RegistryResponses.json(ex, 200, Map.of("repositories", names));
    }
}
