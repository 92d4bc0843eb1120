package io.berth.gateway.api.docker;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.startsWith;

import io.berth.testing.infra.BerthInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The wire details the docker CLI depends on (see shared/fixtures/docker-api/01, 02, 14). */
@QuarkusTest
@QuarkusTestResource(value = BerthInfraResource.class, initArgs = @ResourceArg(name = "database", value = "berth_gateway"))
class DockerApiTest {
    @Test
    void headPingCarriesTheNegotiationHeaders() {
        given().when().head("/_ping").then().statusCode(200)
                .header("Api-Version", DockerApiVersion.MAX)
                .header("Ostype", "linux")
                .header("Docker-Experimental", "false")
                .header("Builder-Version", "1")
                .header("Server", startsWith("Berth/"))
                .header("Cache-Control", "no-cache, no-store, must-revalidate");
    }

    @Test
    void getPingSaysOk() {
        given().when().get("/_ping").then().statusCode(200).body(equalTo("OK")).header("Api-Version", DockerApiVersion.MAX);
    }

    @Test
    void versionedAndUnversionedPathsAnswerAlike() {
        given().when().get("/v1.47/version").then().statusCode(200)
                .body("ApiVersion", equalTo(DockerApiVersion.MAX)).body("MinAPIVersion", equalTo(DockerApiVersion.MIN))
                .body("Components[0].Name", equalTo("Engine")).header("Api-Version", DockerApiVersion.MAX);
        given().when().get("/v1.24/version").then().statusCode(200).body("ApiVersion", equalTo(DockerApiVersion.MAX));
        given().when().get("/version").then().statusCode(200).body("Os", equalTo("linux"));
    }

    @Test
    void aTooNewVersionIsAJsonError() {
        given().when().get("/v1.99/version").then().statusCode(400).contentType("application/json")
                .body("message", equalTo("client version 1.99 is too new. Maximum supported API version is " + DockerApiVersion.MAX));
    }

    @Test
    void aTooOldVersionIsAPlainTextError() {
        given().when().get("/v1.12/version").then().statusCode(400).contentType(startsWith("text/plain"))
                .body(startsWith("client version 1.12 is too old. Minimum supported API version is " + DockerApiVersion.MIN));
    }

    @Test
    void unknownPathsAndMethodsArePageNotFound() {
        given().when().get("/v1.47/nothing/here").then().statusCode(404).contentType("application/json").body("message", equalTo("page not found"));
        given().when().delete("/v1.47/version").then().statusCode(404).body("message", equalTo("page not found"));
    }

    @Test
    void infoNamesBerthAndCountsHosts() {
        given().when().get("/v1.47/info").then().statusCode(200)
                .body("Name", equalTo("berth"))
                .body("OperatingSystem", startsWith("Berth "))
                .body("OSType", equalTo("linux"))
                // counted from the containers view, which other test classes of this JVM may have filled
                .body("Containers", greaterThanOrEqualTo(0))
                .body("ContainersPaused", equalTo(0));
    }
}
