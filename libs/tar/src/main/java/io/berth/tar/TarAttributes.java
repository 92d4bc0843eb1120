package io.berth.tar;

import java.nio.file.attribute.FileTime;

/**
 * What a member's header says about the file besides its name and kind: what an extractor needs to recreate it.
 * The values are the tar's word, not checked against anything; they cannot escape the root, so they need no rule.
 *
 * @param mode     permission bits including setuid, setgid and sticky ({@code 07777}); the file type is not here
 * @param uid      owner as a number (names in the header are ignored, as Docker ignores them)
 * @param gid      group as a number
 * @param mtime    modification time, to the precision the header carries (pax records give sub-seconds)
 * @param devMajor device major number (character and block devices only, else 0)
 * @param devMinor device minor number (character and block devices only, else 0)
 */
public record TarAttributes(int mode, long uid, long gid, FileTime mtime, int devMajor, int devMinor) {
}
