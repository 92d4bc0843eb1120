package io.berth.image.registry.server;

import static io.berth.image.registry.server.V2.request;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.image.oci.MediaTypes;
import io.berth.testing.infra.BerthInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real skopeo pushes an OCI layout to Berth's registry, inspects it, and copies it back out, byte for byte. */
@QuarkusTest
@QuarkusTestResource(value = BerthInfraResource.class, initArgs = @ResourceArg(name = "database", value = "berth_image"))
class RegistrySkopeoTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void skopeoCopiesAnOciImageInInspectsItAndCopiesItBackOut() throws Exception {
        Skopeo.assumeInstalled();
        Skopeo skopeo = new Skopeo(Files.createDirectories(tmp.resolve("home")));
        TinyImage image = TinyImage.of("pushed by skopeo\n");
        Path layout = image.writeOciLayout(tmp.resolve("in"), "v1");
        String repo = V2.uniqueRepository("skopeo");
        String ref = "docker://127.0.0.1:" + RestAssured.port + "/" + repo + ":v1";

        skopeo.run("copy", "--dest-tls-verify=false", "oci:" + layout + ":v1", ref).ok();

        JsonNode inspected = JSON.readTree(skopeo.run("inspect", "--tls-verify=false", ref).ok().output());
        assertEquals(image.manifestDigest().toString(), inspected.get("Digest").asText());
        assertEquals(List.of(image.layerDigest().toString()), JSON.convertValue(inspected.get("Layers"), List.class));
        assertEquals("linux", inspected.get("Os").asText());
        String raw = skopeo.run("inspect", "--raw", "--tls-verify=false", ref).ok().output();
        assertEquals(new String(image.manifest(), StandardCharsets.UTF_8), raw.strip(), "the manifest is served as pushed");

        Path out = tmp.resolve("out");
        skopeo.run("copy", "--src-tls-verify=false", ref, "oci:" + out + ":v1").ok();
        assertArrayEquals(image.layer(), Files.readAllBytes(out.resolve("blobs/sha256/" + image.layerDigest().hex())));
        assertArrayEquals(image.config(), Files.readAllBytes(out.resolve("blobs/sha256/" + image.configDigest().hex())));

        Path dir = tmp.resolve("dir");
        skopeo.run("copy", "--src-tls-verify=false", ref, "dir:" + dir).ok();
        assertArrayEquals(image.manifest(), Files.readAllBytes(dir.resolve("manifest.json")));
        assertArrayEquals(image.layer(), Files.readAllBytes(dir.resolve(image.layerDigest().hex())));
    }

    @Test
    void copyingBetweenRepositoriesOfTheRegistryMountsTheBlobs() throws Exception {
        Skopeo.assumeInstalled();
        Skopeo skopeo = new Skopeo(Files.createDirectories(tmp.resolve("home")));
        TinyImage image = TinyImage.of("mounted\n");
        String source = V2.uniqueRepository("source");
        String target = V2.uniqueRepository("target");
        String registry = "docker://127.0.0.1:" + RestAssured.port + "/";
        skopeo.run("copy", "--dest-tls-verify=false", "oci:" + image.writeOciLayout(tmp.resolve("in"), "1") + ":1", registry + source + ":1").ok();

        Skopeo.Result copied = skopeo.run("copy", "--src-tls-verify=false", "--dest-tls-verify=false", "--debug",
                registry + source + ":1", registry + target + ":1").ok();
        assertTrue(copied.output().contains("mount=" + image.layerDigest().toString().replace(":", "%3A"))
                        || copied.output().contains("mount=" + image.layerDigest()),
                "skopeo mounted the layer from " + source + ":\n" + copied.output());
        request().accept(MediaTypes.OCI_MANIFEST).when().head("/v2/" + target + "/manifests/1").then().statusCode(200)
                .header("Docker-Content-Digest", image.manifestDigest().toString());
        request().when().head("/v2/" + target + "/blobs/" + image.layerDigest()).then().statusCode(200);
    }
}
