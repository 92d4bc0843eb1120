package io.berth.runtime.application.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerUserTest {
    @TempDir
    Path rootfs;

    private void etc() throws Exception {
        Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(rootfs.resolve("etc/passwd"), """
                root:x:0:0:root:/root:/bin/sh
                www:x:33:33:www:/var/www:/bin/false
                nobody:x:65534:65534:nobody:/nonexistent:/bin/false
                """);
        Files.writeString(rootfs.resolve("etc/group"), """
                root:x:0:
                www:x:33:
                web:x:500:www,nobody
                audio:x:29:www
                """);
    }

    @Test
    void emptyIsRoot() throws Exception {
        assertEquals(ContainerUser.ROOT, ContainerUser.resolve("", rootfs));
    }

    @Test
    void aNameTakesItsIdsAndSupplementaryGroupsFromTheContainersFiles() throws Exception {
        etc();
        assertEquals(new ContainerUser(33, 33, List.of(500, 29)), ContainerUser.resolve("www", rootfs));
        assertEquals(new ContainerUser(33, 500, List.of(29)), ContainerUser.resolve("www:web", rootfs));
    }

    @Test
    void numbersNeedNoEntry() throws Exception {
        etc();
        assertEquals(new ContainerUser(1234, 0, List.of()), ContainerUser.resolve("1234", rootfs));
        assertEquals(new ContainerUser(1234, 77, List.of()), ContainerUser.resolve("1234:77", rootfs));
        assertEquals(new ContainerUser(65534, 65534, List.of(500)), ContainerUser.resolve("65534", rootfs));
    }

    @Test
    void unknownNamesFailWithDockersWording() throws Exception {
        etc();
        var user = assertThrows(ContainerUser.UnknownUserException.class, () -> ContainerUser.resolve("nosuch", rootfs));
        assertEquals("unable to find user nosuch: no matching entries in passwd file", user.getMessage());
        var group = assertThrows(ContainerUser.UnknownUserException.class, () -> ContainerUser.resolve("www:nogroup", rootfs));
        assertEquals("unable to find group nogroup: no matching entries in group file", group.getMessage());
    }

    @Test
    void aSymlinkedPasswdIsNotFollowedOutOfTheRootfs() throws Exception {
        Files.createDirectories(rootfs.resolve("etc"));
        Files.createSymbolicLink(rootfs.resolve("etc/passwd"), Path.of("/etc/passwd"));
        assertThrows(ContainerUser.UnknownUserException.class, () -> ContainerUser.resolve("root", rootfs));
    }
}
