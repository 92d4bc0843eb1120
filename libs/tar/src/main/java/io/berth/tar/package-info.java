/**
 * The one reader for untrusted tars in Berth ({@link io.berth.tar.SafeTarReader}): image-service checks archives and
 * pulled layers with it, runtime-service unpacks layers with it, so a layer is judged by the same rules everywhere.
 * No framework types: only commons-compress.
 *
 * <h2>Rules every tar member must pass (before it is used)</h2>
 * <ul>
 *   <li>Names: no NUL, at most 4096 characters, not empty. A leading '/' or "./" is dropped, so {@code /etc/passwd},
 *       {@code ./etc/passwd} and {@code etc/passwd} are one member (GNU tar and Docker treat them alike). A ".."
 *       that climbs above the root is refused, also after a leading '/' (Docker would clamp {@code /../x}).</li>
 *   <li>No member may be placed through an earlier symlink ({@code etc -> /} then {@code etc/passwd}), under an
 *       earlier non-directory, or replace a directory earlier members were placed in.</li>
 *   <li>Symlinks: relative targets resolve from the link's directory and must stay inside the root; absolute
 *       targets resolve from the root (in a container they point into the container), and must not climb above it
 *       either. Extraction must still confine resolution to the root (chroot, openat2 RESOLVE_IN_ROOT), as an
 *       absolute target would otherwise point into the host.</li>
 *   <li>Hardlinks: the target is a root-relative path naming an earlier, non-directory member.</li>
 *   <li>Character/block devices and FIFOs only where the {@link io.berth.tar.TarPolicy} allows them
 *       (refused for {@code docker import}, allowed in loaded image layers as Docker does).</li>
 *   <li>The same normalised path twice is refused; so is data on a non-file member, a sparse file, an unknown
 *       member type, a bad header checksum, a record cut short and a missing end-of-archive marker.</li>
 *   <li>Member count and uncompressed bytes (headers and trailing bytes included) are bounded by the policy,
 *       so tar and gzip bombs are refused.</li>
 * </ul>
 *
 * Errors about the input are {@link io.berth.tar.InvalidArchiveException} (a client error); other
 * {@link java.io.IOException}s are failures of the streams or disks underneath.
 */
package io.berth.tar;
