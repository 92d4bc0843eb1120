package io.berth.image.registry.server;

import static io.berth.image.registry.server.V2.request;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.contracts.types.Digest;
import io.berth.image.content.ContentStore;
import io.berth.testing.infra.BerthInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Blob uploads (monolithic, chunked, mounted), blob reads with Range, and what bad uploads leave behind: nothing. */
@QuarkusTest
@QuarkusTestResource(value = BerthInfraResource.class, initArgs = @ResourceArg(name = "database", value = "berth_image"))
class RegistryUploadsTest {
    @Inject
    ContentStore content;

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    @Test
    void everyResponseNamesTheApiVersionAndTheBaseAnswersAnEmptyObject() {
        request().when().get("/v2/").then().statusCode(200).header("Docker-Distribution-Api-Version", "registry/2.0")
                .contentType(containsString("application/json")).body(equalTo("{}"));
        request().when().get("/v2/nosuch/thing").then().statusCode(404).header("Docker-Distribution-Api-Version", "registry/2.0");
    }

    @Test
    void aMonolithicPostStoresLinksAndServesTheBlob() {
        String repo = V2.uniqueRepository("mono");
        byte[] blob = random(100_000, 1);
        Digest digest = TinyImage.sha256(blob);
        request().body(blob).contentType("application/octet-stream").queryParam("digest", digest.toString())
                .when().post("/v2/" + repo + "/blobs/uploads/")
                .then().statusCode(201).header("Location", "/v2/" + repo + "/blobs/" + digest)
                .header("Docker-Content-Digest", digest.toString());

        request().when().head("/v2/" + repo + "/blobs/" + digest).then().statusCode(200)
                .header("Content-Length", "100000").header("Docker-Content-Digest", digest.toString())
                .header("Etag", "\"" + digest + "\"").header("Accept-Ranges", "bytes")
                .header("Content-Type", "application/octet-stream");
        byte[] served = request().when().get("/v2/" + repo + "/blobs/" + digest).then().statusCode(200).extract().asByteArray();
        assertArrayEquals(blob, served);

        request().when().head("/v2/" + V2.uniqueRepository("other") + "/blobs/" + digest).then().statusCode(404)
                .body(emptyOrNullString()); // blobs are scoped to the repositories they were pushed to
    }

    @Test
    void aBlobAboveQuarkusBodyLimitStreamsThrough() {
        String repo = V2.uniqueRepository("large");
        byte[] blob = random(12 * 1024 * 1024, 8); // Quarkus refuses bodies above 10 MiB elsewhere
        Digest digest = TinyImage.sha256(blob);
        String location = request().when().post("/v2/" + repo + "/blobs/uploads/").then().statusCode(202).extract().header("Location");
        request().body(blob).contentType("application/octet-stream").queryParam("digest", digest.toString())
                .when().put(location).then().statusCode(201);
        request().when().head("/v2/" + repo + "/blobs/" + digest).then().statusCode(200).header("Content-Length", Integer.toString(blob.length));
    }

    @Test
    void aChunkedUploadContinuesInOrderAndRefusesAnOutOfOrderChunk() {
        String repo = V2.uniqueRepository("chunked");
        byte[] blob = random(300_000, 2);
        Digest digest = TinyImage.sha256(blob);
        Response started = request().when().post("/v2/" + repo + "/blobs/uploads/");
        started.then().statusCode(202).header("Range", "0-0").header("Docker-Upload-UUID", matchesPattern("[a-z0-9]{32}"))
                .header("Location", matchesPattern("/v2/" + repo + "/blobs/uploads/[a-z0-9]{32}"));
        String location = started.header("Location");

        request().body(Arrays.copyOfRange(blob, 0, 100_000)).contentType("application/octet-stream").header("Content-Range", "0-99999")
                .when().patch(location).then().statusCode(202).header("Range", "0-99999").header("Location", location);
        request().body(Arrays.copyOfRange(blob, 200_000, 300_000)).contentType("application/octet-stream")
                .header("Content-Range", "200000-299999").when().patch(location)
                .then().statusCode(416).body("errors[0].code", equalTo("BLOB_UPLOAD_INVALID")).header("Range", "0-99999");
        request().when().get(location).then().statusCode(204).header("Range", "0-99999");
        // no Content-Range: docker's style, one chunked PATCH
        request().body(Arrays.copyOfRange(blob, 100_000, 200_000)).contentType("application/octet-stream")
                .when().patch(location).then().statusCode(202).header("Range", "0-199999");
        // the last chunk with the closing PUT
        request().body(Arrays.copyOfRange(blob, 200_000, 300_000)).contentType("application/octet-stream")
                .header("Content-Range", "200000-299999").queryParam("digest", digest.toString())
                .when().put(location).then().statusCode(201).header("Location", "/v2/" + repo + "/blobs/" + digest);

        assertArrayEquals(blob, request().when().get("/v2/" + repo + "/blobs/" + digest).then().statusCode(200).extract().asByteArray());
        request().when().get(location).then().statusCode(404).body("errors[0].code", equalTo("BLOB_UPLOAD_UNKNOWN"));
    }

    @Test
    void aWrongDigestStoresNothingAndEndsTheUpload() {
        String repo = V2.uniqueRepository("mismatch");
        byte[] blob = random(5000, 3);
        Digest actual = TinyImage.sha256(blob);
        Digest claimed = TinyImage.sha256("something else".getBytes(StandardCharsets.UTF_8));
        String location = request().when().post("/v2/" + repo + "/blobs/uploads/").then().statusCode(202).extract().header("Location");
        request().body(blob).contentType("application/octet-stream").when().patch(location).then().statusCode(202);
        request().queryParam("digest", claimed.toString()).when().put(location)
                .then().statusCode(400).body("errors[0].code", equalTo("DIGEST_INVALID"))
                .body("errors[0].message", containsString(actual.toString()));
        assertFalse(content.exists(actual), "no blob under the real digest");
        assertFalse(content.exists(claimed), "no blob under the claimed digest");
        request().when().head("/v2/" + repo + "/blobs/" + claimed).then().statusCode(404);
        request().when().get(location).then().statusCode(404).body("errors[0].code", equalTo("BLOB_UPLOAD_UNKNOWN"));

        request().body(blob).contentType("application/octet-stream").queryParam("digest", claimed.toString())
                .when().post("/v2/" + repo + "/blobs/uploads/").then().statusCode(400).body("errors[0].code", equalTo("DIGEST_INVALID"));
        assertFalse(content.exists(actual), "a monolithic upload with a wrong digest stores nothing either");
    }

    @Test
    void aTruncatedUploadIsNeverCommitted() throws Exception {
        String repo = V2.uniqueRepository("truncated");
        byte[] blob = random(2000, 4);
        Digest digest = TinyImage.sha256(blob);
        String location = request().when().post("/v2/" + repo + "/blobs/uploads/").then().statusCode(202).extract().header("Location");
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("PUT " + location + "?digest=" + digest + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n"
                    + "Content-Length: " + blob.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(blob, 0, 1000); // then the client dies
            out.flush();
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            in.readAllBytes(); // whatever the server says, if anything, before it closes
        }
        request().when().head("/v2/" + repo + "/blobs/" + digest).then().statusCode(404);
        assertFalse(content.exists(digest), "half a blob is never committed");

        // The upload is still there with what arrived (all, some or none of the 1000 bytes, depending on when the
        // server noticed the client was gone), so the client can resume it from the offset the server reports.
        int held = settledUploadSize(location);
        assertTrue(held <= 1000, "held " + held);
        request().body(Arrays.copyOfRange(blob, held, blob.length)).contentType("application/octet-stream")
                .header("Content-Range", held + "-" + (blob.length - 1)).queryParam("digest", digest.toString())
                .when().put(location).then().statusCode(201);
        assertArrayEquals(blob, request().when().get("/v2/" + repo + "/blobs/" + digest).then().statusCode(200).extract().asByteArray());
    }

    @Test
    void aCancelledUploadIsGone() {
        String repo = V2.uniqueRepository("cancel");
        String location = request().when().post("/v2/" + repo + "/blobs/uploads/").then().statusCode(202).extract().header("Location");
        request().body(random(100, 9)).contentType("application/octet-stream").when().patch(location).then().statusCode(202);
        request().when().delete(location).then().statusCode(204);
        request().when().get(location).then().statusCode(404).body("errors[0].code", equalTo("BLOB_UPLOAD_UNKNOWN"));
        request().when().patch(location).then().statusCode(404).body("errors[0].code", equalTo("BLOB_UPLOAD_UNKNOWN"));
    }

    /** The upload's size once the server is done with the broken request: the same answer three times in a row. */
    private static int settledUploadSize(String location) throws InterruptedException {
        String last = null;
        int same = 0;
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (same < 3) {
            assertTrue(System.nanoTime() < deadline, "the upload's size did not settle: " + last);
            String range = request().when().get(location).then().statusCode(204).extract().header("Range");
            same = range.equals(last) ? same + 1 : 1;
            last = range;
            Thread.sleep(100);
        }
        long end = Long.parseLong(last.substring(last.indexOf('-') + 1));
        return end == 0 ? 0 : (int) end + 1; // "0-0" is an empty upload (a one-byte one cannot come from this test)
    }

    @Test
    void anUnknownUploadIsRefused() {
        String repo = V2.uniqueRepository("nosuchupload");
        request().when().patch("/v2/" + repo + "/blobs/uploads/" + "a".repeat(32)).then().statusCode(404)
                .body("errors[0].code", equalTo("BLOB_UPLOAD_UNKNOWN"));
        request().when().put("/v2/" + repo + "/blobs/uploads/../../etc?digest=sha256:" + "0".repeat(64)).then().statusCode(404);
    }

    @Test
    void aBlobIsMountedFromARepositoryThatHasIt_andOtherwiseAnUploadStarts() {
        String from = V2.uniqueRepository("source");
        String to = V2.uniqueRepository("target");
        Digest digest = V2.pushBlob(from, random(1000, 5));
        request().queryParam("mount", digest.toString()).queryParam("from", from).when().post("/v2/" + to + "/blobs/uploads/")
                .then().statusCode(201).header("Location", "/v2/" + to + "/blobs/" + digest).header("Docker-Content-Digest", digest.toString());
        request().when().head("/v2/" + to + "/blobs/" + digest).then().statusCode(200);

        String elsewhere = V2.uniqueRepository("elsewhere");
        request().queryParam("mount", digest.toString()).queryParam("from", V2.uniqueRepository("empty"))
                .when().post("/v2/" + elsewhere + "/blobs/uploads/")
                .then().statusCode(202).header("Location", containsString("/v2/" + elsewhere + "/blobs/uploads/"));
        request().when().head("/v2/" + elsewhere + "/blobs/" + digest).then().statusCode(404);
    }

    @Test
    void rangeReadsAnswerPartialContent() {
        String repo = V2.uniqueRepository("range");
        byte[] blob = random(1000, 6);
        Digest digest = V2.pushBlob(repo, blob);
        String url = "/v2/" + repo + "/blobs/" + digest;
        byte[] part = request().header("Range", "bytes=10-19").when().get(url).then().statusCode(206)
                .header("Content-Range", "bytes 10-19/1000").header("Content-Length", "10").extract().asByteArray();
        assertArrayEquals(Arrays.copyOfRange(blob, 10, 20), part);
        assertArrayEquals(Arrays.copyOfRange(blob, 995, 1000), request().header("Range", "bytes=-5").when().get(url)
                .then().statusCode(206).header("Content-Range", "bytes 995-999/1000").extract().asByteArray());
        assertArrayEquals(Arrays.copyOfRange(blob, 900, 1000), request().header("Range", "bytes=900-").when().get(url)
                .then().statusCode(206).extract().asByteArray());
        request().header("Range", "bytes=1000-2000").when().get(url).then().statusCode(416).header("Content-Range", "bytes */1000");
    }

    @Test
    void badNamesAndDigestsAreNamed() {
        request().when().head("/v2/Upper/Case/blobs/sha256:" + "0".repeat(64)).then().statusCode(400);
        request().when().get("/v2/Upper/Case/blobs/sha256:" + "0".repeat(64)).then().statusCode(400)
                .body("errors[0].code", equalTo("NAME_INVALID")).body("errors[0].message", containsString("Upper/Case"));
        request().when().get("/v2/fine/blobs/sha256:nothex").then().statusCode(400).body("errors[0].code", equalTo("DIGEST_INVALID"));
        request().when().post("/v2/a..b/blobs/uploads/").then().statusCode(400).body("errors[0].code", equalTo("NAME_INVALID"));
    }

    @Test
    void deletingABlobUnlinksItFromTheRepositoryOnly() {
        String repo = V2.uniqueRepository("delete-blob");
        String other = V2.uniqueRepository("keeps");
        byte[] blob = random(300, 7);
        Digest digest = V2.pushBlob(repo, blob);
        V2.pushBlob(other, blob);
        request().when().delete("/v2/" + repo + "/blobs/" + digest).then().statusCode(202);
        request().when().head("/v2/" + repo + "/blobs/" + digest).then().statusCode(404);
        request().when().delete("/v2/" + repo + "/blobs/" + digest).then().statusCode(404).body("errors[0].code", equalTo("BLOB_UNKNOWN"));
        request().when().head("/v2/" + other + "/blobs/" + digest).then().statusCode(200);
        assertTrue(content.exists(digest));
    }

    @Test
    void aMethodThePathDoesNotHaveIsUnsupported() {
        request().when().patch("/v2/some/repo/manifests/latest").then().statusCode(405).body("errors[0].code", equalTo("UNSUPPORTED"));
        assertEquals(405, RegistryError.UNSUPPORTED.status());
    }
}
