package io.berth.runtime.adapters.network;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publishes ports of a real network namespace that has only {@code lo}, with servers that listen only inside it:
 * busybox httpd on 80, an echo server ({@code nc -ll -e cat}) on 7, a UDP echo on 5353 (python3), nothing on 81.
 * Only 127.0.0.1 is used; every socket operation has a timeout.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PortPublisherTest {
    private static final int IO_TIMEOUT_MILLIS = 5000;
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final String PAGE = "<h1>served from inside the namespace</h1>\n";

    @TempDir
    static Path www;
    private static TestNetns netns;
    private static boolean udpServer;
    private PortPublisher publisher;

    @BeforeAll
    static void startNamespace() throws Exception {
        String missing = TestNetns.missingRequirement();
        if (missing != null) {
            System.out.println("PortPublisherTest skipped: " + missing);
        }
        Assumptions.assumeTrue(missing == null, missing);
        Files.writeString(www.resolve("index.html"), PAGE);
        netns = new TestNetns();
        netns.serve("tcp", 80, "busybox", "httpd", "-f", "-p", "127.0.0.1:80", "-h", www.toString());
        netns.serve("tcp", 7, "busybox", "nc", "-ll", "-p", "7", "-e", "cat");
        udpServer = TestNetns.onPath("python3");
        if (udpServer) {
            netns.serve("udp", 5353, "python3", "-c", "import socket\n"
                    + "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
                    + "s.bind(('127.0.0.1', 5353))\n"
                    + "while True:\n"
                    + "    d, a = s.recvfrom(65535)\n"
                    + "    s.sendto(d, a)\n");
        }
    }

    @AfterAll
    static void stopNamespace() throws InterruptedException {
        if (netns != null) {
            netns.close();
        }
    }

    @BeforeEach
    void newPublisher() {
        publisher = new PortPublisher(new PortPublisher.Limits(2, 16, Duration.ofSeconds(90), Duration.ofSeconds(10)));
    }

    @AfterEach
    void closePublisher() {
        publisher.close();
    }

    @Test
    void servesAnHttpGetFromInsideTheNamespace() throws Exception {
        int port = publishTcp("c-http", 80);
        String response = new String(exchange(port, "GET /index.html HTTP/1.0\r\nHost: test\r\n\r\n".getBytes(US_ASCII), true), US_ASCII);
        assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response); // busybox httpd answers 1.1
        assertTrue(response.endsWith(PAGE), response);
    }

    @Test
    void theHostItselfHasNothingOnTheContainerPort() {
        // httpd listens on 127.0.0.1:80 in the namespace only.
        assertThrows(ConnectException.class, () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(LOOPBACK, 80), IO_TIMEOUT_MILLIS);
            }
        });
    }

    @Test
    void echoesAndRespectsHalfClose() throws Exception {
        int port = publishTcp("c-echo", 7);
        // The client shuts down its output; the echo still arrives, then EOF.
        assertArrayEquals("hello\n".getBytes(US_ASCII), exchange(port, "hello\n".getBytes(US_ASCII), true));
    }

    @Test
    void carriesAMegabyteBothWaysWithoutDeadlock() throws Exception {
        int port = publishTcp("c-bulk", 7);
        byte[] payload = new byte[1 << 20];
        new Random(7).nextBytes(payload);
        try (Socket s = connect(port)) {
            // Write while reading, as the echo pushes back: a proxy that stops reading when its buffer is full
            // must not stall the other direction.
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    s.getOutputStream().write(payload);
                    s.shutdownOutput();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            byte[] echoed = readAll(s.getInputStream());
            writer.get(IO_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            assertArrayEquals(payload, echoed);
        }
    }

    @Test
    void aContainerPortWithNoListenerEndsTheClientConnection() throws Exception {
        int port = publishTcp("c-none", 81);
        try (Socket s = connect(port)) {
            int first;
            try {
                first = s.getInputStream().read();
            } catch (SocketException reset) {
                first = -1;
            }
            assertEquals(-1, first, "client connection should end when nothing listens in the container");
        }
    }

    @Test
    void aPortHeldByAnotherContainerIsAlreadyAllocatedAndNothingStaysBound() throws Exception {
        int taken = publishTcp("c-first", 7);
        int free = freePort();
        List<PortBinding> second = List.of(
                new PortBinding("127.0.0.1", free, 80, Protocol.TCP),
                new PortBinding("127.0.0.1", taken, 80, Protocol.TCP));

        PortInUseException e = assertThrows(PortInUseException.class,
                () -> publisher.publish("c-second", netns.netnsFile(), second));

        assertEquals("Bind for 127.0.0.1:" + taken + " failed: port is already allocated", e.getMessage());
        assertEquals(taken, e.binding().hostPort());
        assertTrue(publisher.published("c-second").isEmpty());
        assertCanBind(free);
        assertArrayEquals("still\n".getBytes(US_ASCII), exchange(taken, "still\n".getBytes(US_ASCII), true));
    }

    @Test
    void aPortHeldOutsideBerthFailsAsDockersUserlandProxyDoes() throws Exception {
        try (ServerSocket other = new ServerSocket(0, 1, LOOPBACK)) {
            int port = other.getLocalPort();
            PortInUseException e = assertThrows(PortInUseException.class, () -> publisher.publish("c-clash",
                    netns.netnsFile(), List.of(new PortBinding("127.0.0.1", port, 80, Protocol.TCP))));
            assertEquals("Error starting userland proxy: listen tcp4 127.0.0.1:" + port
                    + ": bind: address already in use", e.getMessage());
        }
    }

    @Test
    void unpublishClosesLiveConnectionsAndFreesThePort() throws Exception {
        int port = publishTcp("c-gone", 7);
        try (Socket live = connect(port)) {
            live.getOutputStream().write("x\n".getBytes(US_ASCII));
            assertEquals('x', live.getInputStream().read());
            assertEquals('\n', live.getInputStream().read());

            publisher.unpublish("c-gone");

            int next;
            try {
                next = live.getInputStream().read();
            } catch (SocketException reset) {
                next = -1;
            }
            assertEquals(-1, next);
        }
        assertTrue(publisher.published("c-gone").isEmpty());
        assertCanBind(port);
    }

    @Test
    void relaysUdpRoundTripsPerClient() throws Exception {
        Assumptions.assumeTrue(udpServer, "needs python3 for the UDP echo server");
        Published p = publisher.publish("c-udp", netns.netnsFile(),
                List.of(new PortBinding("127.0.0.1", 0, 5353, Protocol.UDP)));
        int port = p.bindings().get(0).hostPort();
        try (DatagramSocket a = udpClient(); DatagramSocket b = udpClient()) {
            assertEquals("ping-a", udpExchange(a, port, "ping-a"));
            assertEquals("ping-b", udpExchange(b, port, "ping-b"));
            assertEquals("again-a", udpExchange(a, port, "again-a"));
        }
        publisher.unpublish("c-udp");
        try (DatagramSocket rebind = new DatagramSocket(new InetSocketAddress(LOOPBACK, port))) {
            assertEquals(port, rebind.getLocalPort());
        }
    }

    @Test
    void atTheConnectionCapNewClientsWaitUntilOneEnds() throws Exception {
        int port = publishTcp("c-cap", 7); // the publisher in this test allows 2 live connections per port
        try (Socket one = connect(port); Socket two = connect(port); Socket three = connect(port)) {
            assertEquals("1", roundTrip(one, "1"));
            assertEquals("2", roundTrip(two, "2"));
            three.getOutputStream().write('3');
            three.setSoTimeout(300);
            assertThrows(SocketTimeoutException.class, () -> three.getInputStream().read(), "third is not served yet");
            one.close();
            three.setSoTimeout(IO_TIMEOUT_MILLIS);
            assertEquals('3', three.getInputStream().read());
        }
    }

    @Test
    void theLoopThreadNamesTheContainerAndPort() throws Exception {
        int port = publishTcp("0123456789abcdef", 7);
        String expected = "berth-ports-0123456789ab 127.0.0.1:" + port + "->7/tcp";
        assertTrue(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(expected)),
                "no thread named " + expected);
        publisher.unpublish("0123456789abcdef");
        assertFalse(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(expected)));
    }

    @Test
    void everyThreadIsBackInTheHostNamespaceAfterServing() throws Exception {
        int port = publishTcp("c-ns", 7);
        assertArrayEquals("ns\n".getBytes(US_ASCII), exchange(port, "ns\n".getBytes(US_ASCII), true));
        String host = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String ns;
                try {
                    ns = Files.readSymbolicLink(task.resolve("ns/net")).toString();
                } catch (NoSuchFileException threadEnded) {
                    continue;
                }
                assertEquals(host, ns, "thread " + Files.readString(task.resolve("comm")).trim());
            }
        }
    }

    private int publishTcp(String containerId, int containerPort) throws PortInUseException {
        Published p = publisher.publish(containerId, netns.netnsFile(),
                PortBinding.parse("127.0.0.1::" + containerPort));
        assertEquals(containerId, p.containerId());
        int port = p.bindings().get(0).hostPort();
        assertTrue(port > 0, "a free host port is chosen for hostPort 0");
        return port;
    }

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(LOOPBACK, port), IO_TIMEOUT_MILLIS);
        s.setSoTimeout(IO_TIMEOUT_MILLIS);
        return s;
    }

    /** Sends {@code request}, optionally half-closes, and reads until EOF. */
    private static byte[] exchange(int port, byte[] request, boolean halfClose) throws IOException {
        try (Socket s = connect(port)) {
            s.getOutputStream().write(request);
            if (halfClose) {
                s.shutdownOutput();
            }
            return readAll(s.getInputStream());
        }
    }

    private static String roundTrip(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(US_ASCII));
        byte[] reply = s.getInputStream().readNBytes(text.length());
        return new String(reply, US_ASCII);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }

    private static DatagramSocket udpClient() throws SocketException {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
        s.setSoTimeout(IO_TIMEOUT_MILLIS);
        return s;
    }

    private static String udpExchange(DatagramSocket s, int port, String text) throws IOException {
        byte[] out = text.getBytes(US_ASCII);
        s.send(new DatagramPacket(out, out.length, LOOPBACK, port));
        DatagramPacket in = new DatagramPacket(new byte[1500], 1500);
        s.receive(in);
        return new String(in.getData(), 0, in.getLength(), US_ASCII);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            return s.getLocalPort();
        }
    }

    private static void assertCanBind(int port) throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(LOOPBACK, port), 1);
            assertEquals(port, s.getLocalPort());
        }
    }
}
