package io.berth.image.registry.server;

import static io.berth.image.registry.server.V2.request;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.testing.infra.BerthInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Docker's token flow against the built-in token endpoint, by hand and with skopeo. */
@QuarkusTest
@TestProfile(HtpasswdProfiles.Token.class)
@QuarkusTestResource(value = BerthInfraResource.class, initArgs = @ResourceArg(name = "database", value = "berth_image"))
class RegistryTokenAuthTest {
    @TempDir
    Path tmp;

    @Test
    void theChallengePointsAtTheTokenEndpointWithTheScopeTheRequestNeeds() {
        String realm = "Bearer realm=\"http://127.0.0.1:" + RestAssured.port + "/v2/token\",service=\"berth\"";
        request().header("Host", "127.0.0.1:" + RestAssured.port).when().get("/v2/").then().statusCode(401)
                .header("WWW-Authenticate", realm).body("errors[0].code", equalTo("UNAUTHORIZED"));
        request().header("Host", "127.0.0.1:" + RestAssured.port).when().get("/v2/demo/app/tags/list").then().statusCode(401)
                .header("WWW-Authenticate", realm + ",scope=\"repository:demo/app:pull\"");
        request().header("Host", "127.0.0.1:" + RestAssured.port).when().post("/v2/demo/app/blobs/uploads/").then().statusCode(401)
                .header("WWW-Authenticate", realm + ",scope=\"repository:demo/app:pull,push\"");
    }

    @Test
    void aTokenIsIssuedForBasicCredentialsAndOpensTheApi() {
        request().queryParam("service", "berth").queryParam("scope", "repository:demo/app:pull").when().get("/v2/token")
                .then().statusCode(401).header("WWW-Authenticate", matchesPattern("Basic realm=.*"));
        Response issued = request().auth().preemptive().basic(HtpasswdProfiles.USER, HtpasswdProfiles.PASSWORD)
                .queryParam("service", "berth").queryParam("scope", "repository:demo/app:pull,push").when().get("/v2/token");
        issued.then().statusCode(200).body("expires_in", greaterThan(0)).body("issued_at", matchesPattern("\\d{4}-\\d\\d-\\d\\dT.*Z"));
        String token = issued.jsonPath().getString("token");
        assertEquals(token, issued.jsonPath().getString("access_token"));
        request().header("Authorization", "Bearer " + token).when().get("/v2/").then().statusCode(200);
        request().header("Authorization", "Bearer not-a-token").when().get("/v2/").then().statusCode(401);
        request().auth().preemptive().basic(HtpasswdProfiles.USER, "wrong").when().get("/v2/token").then().statusCode(401);
    }

    @Test
    void skopeoFollowsTheTokenFlow() throws Exception {
        Skopeo.assumeInstalled();
        Skopeo skopeo = new Skopeo(Files.createDirectories(tmp.resolve("home")));
        TinyImage image = TinyImage.of("token auth\n");
        String repo = V2.uniqueRepository("token");
        String ref = "docker://127.0.0.1:" + RestAssured.port + "/" + repo + ":1";
        String creds = HtpasswdProfiles.USER + ":" + HtpasswdProfiles.PASSWORD;
        Skopeo.Result pushed = skopeo.run("--debug", "copy", "--dest-tls-verify=false", "--dest-creds", creds,
                "oci:" + image.writeOciLayout(tmp.resolve("in"), "1") + ":1", ref).ok();
        assertTrue(pushed.output().contains("/v2/token?"), "skopeo fetched a token:\n" + pushed.output());
        skopeo.run("copy", "--src-tls-verify=false", "--src-creds", creds, ref, "oci:" + tmp.resolve("out") + ":1").ok();
    }
}
