package io.berth.image.registry.server;

import static io.berth.image.registry.server.V2.request;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.image.oci.MediaTypes;
import io.berth.testing.infra.BerthInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** htpasswd Basic auth, as registry:2 does it, and skopeo pushing with --dest-creds. */
@QuarkusTest
@TestProfile(HtpasswdProfiles.Basic.class)
@QuarkusTestResource(value = BerthInfraResource.class, initArgs = @ResourceArg(name = "database", value = "berth_image"))
class RegistryBasicAuthTest {
    @TempDir
    Path tmp;

    @Test
    void withoutCredentialsEveryRequestIsChallengedWithBasic() {
        request().when().get("/v2/").then().statusCode(401).header("WWW-Authenticate", "Basic realm=\"Berth registry\"")
                .header("Docker-Distribution-Api-Version", "registry/2.0")
                .body("errors[0].code", equalTo("UNAUTHORIZED")).body("errors[0].message", equalTo("authentication required"))
                .body("errors[0].detail", nullValue());
        request().when().get("/v2/_catalog").then().statusCode(401);
        request().when().head("/v2/some/repo/blobs/sha256:" + "0".repeat(64)).then().statusCode(401);
        request().auth().preemptive().basic(HtpasswdProfiles.USER, "wrong").when().get("/v2/").then().statusCode(401);
        request().auth().preemptive().basic("nobody", HtpasswdProfiles.PASSWORD).when().get("/v2/").then().statusCode(401);
    }

    @Test
    void theRightPasswordOpensTheApi_butNotTheInternalOnes() {
        request().auth().preemptive().basic(HtpasswdProfiles.USER, HtpasswdProfiles.PASSWORD).when().get("/v2/")
                .then().statusCode(200).body(equalTo("{}"));
        request().when().get("/internal/v1/blobs/sha256:" + "0".repeat(64)).then().statusCode(not(equalTo(401)));
        request().when().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void skopeoPushesAndPullsWithCredentials() throws Exception {
        Skopeo.assumeInstalled();
        Skopeo skopeo = new Skopeo(Files.createDirectories(tmp.resolve("home")));
        TinyImage image = TinyImage.of("basic auth\n");
        String repo = V2.uniqueRepository("basic");
        String ref = "docker://127.0.0.1:" + RestAssured.port + "/" + repo + ":1";
        String creds = HtpasswdProfiles.USER + ":" + HtpasswdProfiles.PASSWORD;
        Skopeo.Result denied = skopeo.run("copy", "--dest-tls-verify=false", "oci:" + image.writeOciLayout(tmp.resolve("in"), "1") + ":1", ref);
        assertTrue(denied.exitCode() != 0 && denied.output().contains("authentication required"), denied.output());
        skopeo.run("copy", "--dest-tls-verify=false", "--dest-creds", creds, "oci:" + tmp.resolve("in") + ":1", ref).ok();
        skopeo.run("inspect", "--tls-verify=false", "--creds", creds, ref).ok();
        request().auth().preemptive().basic(HtpasswdProfiles.USER, HtpasswdProfiles.PASSWORD).accept(MediaTypes.OCI_MANIFEST)
                .when().get("/v2/" + repo + "/manifests/1").then().statusCode(200);
    }
}
