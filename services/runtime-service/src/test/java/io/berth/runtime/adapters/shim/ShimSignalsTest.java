package io.berth.runtime.adapters.shim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ShimSignalsTest {
    @Test
    void parsesNamesLikeDocker() {
        assertEquals(15, Signals.parse("SIGTERM"));
        assertEquals(15, Signals.parse("TERM"));
        assertEquals(15, Signals.parse("term"));
        assertEquals(15, Signals.parse("15"));
        assertEquals(9, Signals.parse("SIGKILL"));
        assertEquals(1, Signals.parse("HUP"));
        assertEquals(37, Signals.parse("SIGRTMIN+3"));
        assertEquals(62, Signals.parse("RTMAX-2"));
        assertEquals(34, Signals.parse("RTMIN"));
        assertEquals(64, Signals.parse("SIGRTMAX"));
    }

    @Test
    void everySpellingOfASignalHasOneCanonicalName() {
        for (String kill : new String[] {"KILL", "9", "sigkill", "SIGKILL"}) {
            assertEquals("SIGKILL", Signals.canonicalName(kill));
        }
        assertEquals("SIGABRT", Signals.canonicalName("IOT"), "an alias takes the standard name");
        assertEquals("SIGWINCH", Signals.canonicalName("28"));
        assertEquals("SIGRTMIN+3", Signals.canonicalName("rtmin+3"));
        assertThrows(IllegalArgumentException.class, () -> Signals.canonicalName("NOPE"));
    }

    @Test
    void rejectsUnknownSignalsWithDockersWording() {
        for (String bad : new String[] {"NOPE", "0", "65", "", "RTMIN+31", "RTMAX+1", "TERM+1", "-9"}) {
            assertEquals("Invalid signal: " + bad,
                    assertThrows(IllegalArgumentException.class, () -> Signals.parse(bad)).getMessage());
        }
    }

    @Test
    void neverSignalsGroupsOrEveryone() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> Signals.send(0, 9));
        assertThrows(IllegalArgumentException.class, () -> Signals.send(-1, 9));
        assertFalse(Signals.send(Integer.MAX_VALUE, 0 + 18), "no such process");
    }
}
