package io.berth.image.registry.client;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthChallengeTest {

    @Test
    void parse_basicAsTheReferenceRegistrySendsIt() {
        assertEquals(List.of(new AuthChallenge("Basic", Map.of("realm", "basic-realm"))),
                AuthChallenge.parse("Basic realm=\"basic-realm\""));
    }

    @Test
    void parse_bearerWithRealmServiceAndScope() {
        AuthChallenge bearer = AuthChallenge.parse("Bearer realm=\"https://auth.docker.io/token\","
                + "service=\"registry.docker.io\",scope=\"repository:library/busybox:pull,push\"").get(0);
        assertTrue(bearer.isBearer());
        assertEquals("https://auth.docker.io/token", bearer.param("realm"));
        assertEquals("registry.docker.io", bearer.param("service"));
        assertEquals("repository:library/busybox:pull,push", bearer.param("scope"), "commas inside quotes stay");
    }

    @Test
    void parse_severalChallengesInOneValue() {
        List<AuthChallenge> all = AuthChallenge.parse(
                "Negotiate, Basic realm=\"r1\", Bearer realm=\"https://t/token\",service=s");
        assertEquals(List.of("Negotiate", "Basic", "Bearer"), all.stream().map(AuthChallenge::scheme).toList());
        assertEquals("r1", all.get(1).param("realm"));
        assertEquals("s", all.get(2).param("service"), "token values need no quotes");
    }

    @Test
    void parse_quotedStringEscapes() {
        AuthChallenge c = AuthChallenge.parse("Basic realm=\"say \\\"hi\\\", then \\\\ go\"").get(0);
        assertEquals("say \"hi\", then \\ go", c.param("realm"));
    }

    @Test
    void parse_namesAreCaseInsensitive() {
        AuthChallenge c = AuthChallenge.parse("BEARER Realm=\"x\" , SERVICE = \"y\"").get(0);
        assertTrue(c.isBearer());
        assertEquals("x", c.param("REALM"));
        assertEquals("y", c.param("service"));
    }

    @Test
    void parseAll_collectsEveryHeaderValue() {
        assertEquals(2, AuthChallenge.parseAll(List.of("Basic realm=a", "Bearer realm=b")).size());
    }

    @Test
    void parse_garbageDoesNotThrow() {
        assertEquals(List.of(), AuthChallenge.parse(""));
        assertEquals(List.of(), AuthChallenge.parse(null));
        assertEquals(List.of(), AuthChallenge.parse(" , ,= ;"));
        assertEquals("unterminated", AuthChallenge.parse("Basic realm=\"unterminated").get(0).param("realm"));
    }
}
