package io.berth.image.registry.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /v2/<name>/tags/list}, following the {@code Link: <…>; rel="next"} header from page to page (at most
 * {@value #MAX_PAGES} pages).
 */
final class TagLister {
    static final int MAX_PAGES = 1000;
    private static final Pattern LINK = Pattern.compile("<([^>]*)>\\s*((?:;\\s*[^;,]*)*)");
    private static final Pattern REL_NEXT = Pattern.compile(";\\s*rel\\s*=\\s*\"?next\"?", Pattern.CASE_INSENSITIVE);

    private final String registry;
    private final String repository;
    private final int pageSize;

    TagLister(String registry, String repository, int pageSize) {
        this.registry = registry;
        this.repository = repository;
        this.pageSize = pageSize;
    }

    List<String> list(RegistrySession session) throws RegistryException {
        List<String> tags = new ArrayList<>();
        URI next = session.endpoint().resolve("/v2/" + repository + "/tags/list" + (pageSize > 0 ? "?n=" + pageSize : ""));
        for (int page = 0; next != null; page++) {
            if (page == MAX_PAGES) {
                throw new RegistryException(RegistryException.describe(actionDescription(),
                        "the registry kept paginating after " + MAX_PAGES + " pages"), 0, List.of());
            }
            Page result = session.call(new PageRequest(next));
            tags.addAll(result.tags());
            next = result.next();
        }
        return tags;
    }

    private String actionDescription() {
        return "list tags of " + registry + "/" + repository;
    }

    /** The next page's URI from a Link header, resolved against the response's URI; null on the last page. */
    static URI nextPage(RegistryResponse response) {
        for (String value : response.headers().allValues("Link")) {
            Matcher m = LINK.matcher(value);
            while (m.find()) {
                if (REL_NEXT.matcher(m.group(2)).find()) {
                    return response.uri().resolve(m.group(1).strip());
                }
            }
        }
        return null;
    }

    private record Page(List<String> tags, URI next) {
    }

    private final class PageRequest implements RegistryEndpointProvider<Page> {
        private final URI uri;

        PageRequest(URI uri) {
            this.uri = uri;
        }

        @Override
        public String httpMethod() {
            return "GET";
        }

        @Override
        public URI uri(RegistryEndpoint endpoint) {
            return uri;
        }

        @Override
        public List<String> accept() {
            return List.of("application/json");
        }

        @Override
        public Page handleResponse(RegistryResponse response) throws IOException {
            JsonNode json = Json.MAPPER.readTree(response.body());
            List<String> tags = new ArrayList<>();
            JsonNode list = json == null ? null : json.get("tags");
            if (list != null && list.isArray()) { // distribution sends "tags":null for an emptied repository
                list.forEach(tag -> tags.add(tag.asText()));
            }
            return new Page(tags, nextPage(response));
        }

        @Override
        public String actionDescription() {
            return TagLister.this.actionDescription();
        }
    }
}
