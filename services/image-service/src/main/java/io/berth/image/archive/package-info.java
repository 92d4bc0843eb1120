/**
 * Untrusted tars in, layer blobs and {@code docker save} archives out: safe tar reading
 * ({@link io.berth.tar.SafeTarReader}), layer blobs ({@link io.berth.image.archive.LayerBlob},
 * {@link io.berth.image.archive.RootfsImport}) and the archive format
 * ({@link io.berth.image.archive.DockerArchiveReader}, {@link io.berth.image.archive.DockerArchiveWriter}).
 *
 * <p>Every tar is read with {@link io.berth.tar.SafeTarReader} (module {@code libs/tar}), whose package
 * documentation lists the rules each member must pass.
 *
 * <p>Layers keep their original bytes (the diffID is their digest), names included: whoever extracts a layer must
 * normalise names with {@link io.berth.tar.TarPaths}. Errors about the input are
 * {@link io.berth.tar.InvalidArchiveException} (a client error); other {@link java.io.IOException}s are
 * failures of the streams or disks underneath.
 */
package io.berth.image.archive;
