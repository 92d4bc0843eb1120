package io.berth.runtime.domain;

import io.berth.contracts.host.CgroupVersion;
import io.berth.contracts.host.HostCommand.CordonHost;
import io.berth.contracts.host.HostCommand.JoinHost;
import io.berth.contracts.host.HostCommand.LeaveHost;
import io.berth.contracts.host.HostCommand.RecordHeartbeat;
import io.berth.contracts.host.HostCommand.UncordonHost;
import io.berth.contracts.host.HostEvent.HostCordoned;
import io.berth.contracts.host.HostEvent.HostHeartbeat;
import io.berth.contracts.host.HostEvent.HostJoined;
import io.berth.contracts.host.HostEvent.HostLeft;
import io.berth.contracts.host.HostEvent.HostUncordoned;
import io.berth.contracts.host.HostFacts;
import io.berth.eventsourcing.testing.GivenWhenThen;
import org.junit.jupiter.api.Test;

class HostDeciderTest {
    private static final HostFacts FACTS = new HostFacts("a", "6.1", CgroupVersion.V2, 2, 1L << 30, "Debian", "amd64");
    private static final HostFacts MORE_MEMORY = new HostFacts("a", "6.1", CgroupVersion.V2, 2, 2L << 30, "Debian", "amd64");
    private static final HostJoined JOINED = new HostJoined("a", FACTS, 3000);

    private static GivenWhenThen<io.berth.contracts.host.HostCommand, io.berth.contracts.host.HostEvent, HostState> fixture() {
        return GivenWhenThen.of(new HostDecider());
    }

    @Test
    void givenNothing_whenJoin_thenJoined() {
        fixture().when(new JoinHost("a", FACTS, 3000)).then(JOINED);
    }

    @Test
    void givenJoined_whenJoinAgainAfterARestart_thenJoinedWithTheNewFacts() {
        fixture().given(JOINED).when(new JoinHost("a", MORE_MEMORY, 3000)).then(new HostJoined("a", MORE_MEMORY, 3000));
    }

    @Test
    void givenNothing_whenHeartbeat_thenRejected() {
        fixture().when(new RecordHeartbeat("a")).thenRejected("host.unknown");
    }

    @Test
    void givenJoined_whenHeartbeat_thenHeartbeat() {
        fixture().given(JOINED).when(new RecordHeartbeat("a")).then(new HostHeartbeat("a"));
    }

    @Test
    void givenLeft_whenHeartbeat_thenRejected() {
        fixture().given(JOINED, new HostLeft("a", "stop")).when(new RecordHeartbeat("a")).thenRejected("host.left");
    }

    @Test
    void givenLeft_whenLeaveAgain_thenNothing() {
        fixture().given(JOINED, new HostLeft("a", "stop")).when(new LeaveHost("a", "stop")).then();
    }

    @Test
    void givenLeft_whenJoin_thenJoinedAgain() {
        fixture().given(JOINED, new HostLeft("a", "stop")).when(new JoinHost("a", FACTS, 3000)).then(JOINED);
    }

    @Test
    void givenNothing_whenCordon_thenRejectedAsUnknown() {
        fixture().when(new CordonHost("a", "disk")).thenRejected("host.unknown");
    }

    @Test
    void givenJoined_whenCordonTwice_thenOneEvent() {
        fixture().given(JOINED).when(new CordonHost("a", "disk")).then(new HostCordoned("a", "disk"));
        fixture().given(JOINED, new HostCordoned("a", "disk")).when(new CordonHost("a", "disk")).then();
    }

    @Test
    void givenCordoned_whenUncordon_thenUncordoned_andACordonSurvivesARestart() {
        fixture().given(JOINED, new HostCordoned("a", "disk")).when(new UncordonHost("a")).then(new HostUncordoned("a"));
        fixture().given(JOINED, new HostCordoned("a", "disk"), JOINED).when(new UncordonHost("a")).then(new HostUncordoned("a"));
        fixture().given(JOINED).when(new UncordonHost("a")).then();
    }
}
