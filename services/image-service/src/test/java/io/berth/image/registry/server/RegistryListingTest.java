package io.berth.image.registry.server;

import static io.berth.image.registry.server.V2.request;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.image.oci.MediaTypes;
import io.berth.testing.infra.BerthInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** tags/list and _catalog: byte order, n/last, and Link headers that walk every page. */
@QuarkusTest
@QuarkusTestResource(value = BerthInfraResource.class, initArgs = @ResourceArg(name = "database", value = "berth_image"))
class RegistryListingTest {
    @Test
    void tagsArePagedWithLinkHeadersInByteOrder() {
        String repo = V2.uniqueRepository("paged");
        TinyImage image = TinyImage.of("tags");
        V2.pushImage(repo, image, "b");
        for (String tag : List.of("a", "C", "c", "latest")) {
            request().body(image.manifest()).contentType(MediaTypes.OCI_MANIFEST).when().put("/v2/" + repo + "/manifests/" + tag)
                    .then().statusCode(201);
        }
        request().when().get("/v2/" + repo + "/tags/list").then().statusCode(200).header("Link", nullValue())
                .body("name", equalTo(repo)).body("tags", equalTo(List.of("C", "a", "b", "c", "latest")));

        List<String> walked = new ArrayList<>();
        String next = "/v2/" + repo + "/tags/list?n=2";
        int pages = 0;
        while (next != null) {
            Response page = request().urlEncodingEnabled(false).when().get(next);
            page.then().statusCode(200);
            walked.addAll(page.jsonPath().getList("tags", String.class));
            String link = page.header("Link");
            next = link == null ? null : V2.linkTarget(link);
            assertTrue(link == null || link.endsWith(">; rel=\"next\""), link);
            pages++;
        }
        assertEquals(List.of("C", "a", "b", "c", "latest"), walked);
        assertEquals(3, pages);
        request().when().get("/v2/" + repo + "/tags/list?n=2").then().header("Link", "</v2/" + repo + "/tags/list?n=2&last=a>; rel=\"next\"");
        request().when().get("/v2/" + repo + "/tags/list?last=b").then().body("tags", equalTo(List.of("c", "latest")));
        request().when().get("/v2/" + repo + "/tags/list?n=0").then().statusCode(200).header("Link", nullValue()).body("tags", equalTo(List.of()));
        request().when().get("/v2/" + repo + "/tags/list?n=-1").then().statusCode(400).body("errors[0].code", equalTo("PAGINATION_NUMBER_INVALID"));
    }

    @Test
    void anUnknownRepositoryIsNameUnknown() {
        request().when().get("/v2/nosuchrepo-" + UUID.randomUUID().toString().substring(0, 8) + "/tags/list").then().statusCode(404)
                .body("errors[0].code", equalTo("NAME_UNKNOWN")).body("errors[0].message", equalTo("repository name not known to registry"));
    }

    @Test
    void theCatalogListsRepositoriesInPagesAfterLast() {
        String prefix = "c" + UUID.randomUUID().toString().substring(0, 8);
        for (String name : List.of("b", "a", "c")) {
            V2.pushBlob(prefix + "/" + name, ("catalog " + name).getBytes());
        }
        // other tests' repositories share the catalog, so start right before this test's prefix
        Response first = request().when().get("/v2/_catalog?n=2&last=" + prefix);
        first.then().statusCode(200).body("repositories", equalTo(List.of(prefix + "/a", prefix + "/b")))
                .header("Link", "</v2/_catalog?n=2&last=" + prefix + "%2Fb>; rel=\"next\"");
        String link = first.header("Link");
        List<String> second = request().urlEncodingEnabled(false).when().get(V2.linkTarget(link)).then().statusCode(200)
                .extract().jsonPath().getList("repositories", String.class);
        assertEquals(prefix + "/c", second.get(0));
        List<String> all = request().when().get("/v2/_catalog").then().statusCode(200).extract().jsonPath().getList("repositories", String.class);
        assertTrue(all.containsAll(List.of(prefix + "/a", prefix + "/b", prefix + "/c")), all.toString());
        List<String> sorted = new ArrayList<>(all);
        sorted.sort(null);
        assertEquals(sorted, all);
    }
}
