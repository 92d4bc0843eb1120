package io.berth.image.registry.server;

import static io.restassured.RestAssured.given;

import io.berth.contracts.types.Digest;
import io.berth.image.oci.MediaTypes;
import io.restassured.config.EncoderConfig;
import io.restassured.config.HeaderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.specification.RequestSpecification;
import java.util.UUID;

/** Small steps of the distribution API over rest-assured, for tests that are about something else. */
final class V2 {
    /** Follows a Link header's URL as the server wrote it (already encoded). */
    static String linkTarget(String link) {
        return link.substring(1, link.indexOf('>'));
    }

    /** Sends bodies as given: no charset appended to manifest content types. */
    static final RestAssuredConfig RAW = RestAssuredConfig.config()
            .encoderConfig(EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false))
            .headerConfig(HeaderConfig.headerConfig().mergeHeadersWithName("Accept")); // docker sends several Accept lines

    private V2() {
    }

    /** A repository name no other test (or earlier run against the same broker) uses. */
    static String uniqueRepository(String base) {
        return "t" + UUID.randomUUID().toString().substring(0, 8) + "/" + base;
    }

    static RequestSpecification request() {
        return given().config(RAW);
    }

    /** A monolithic upload: POST ?digest= with the whole blob. */
    static Digest pushBlob(String repository, byte[] blob) {
        Digest digest = TinyImage.sha256(blob);
        request().body(blob).contentType("application/octet-stream").queryParam("digest", digest.toString())
                .when().post("/v2/" + repository + "/blobs/uploads/").then().statusCode(201);
        return digest;
    }

    static void pushImage(String repository, TinyImage image, String tag) {
        pushBlob(repository, image.layer());
        pushBlob(repository, image.config());
        request().body(image.manifest()).contentType(MediaTypes.OCI_MANIFEST)
                .when().put("/v2/" + repository + "/manifests/" + tag).then().statusCode(201);
    }
}
