package io.berth.image.oci;

import java.time.Instant;

/**
 * One entry of an image config's history: roughly one Dockerfile instruction.
 *
 * @param created    null if absent
 * @param createdBy  the command, e.g. {@code /bin/sh -c #(nop)  CMD ["sh"]}; null if absent
 * @param emptyLayer kept exactly as found: null when absent, so re-writing never adds or drops the
 *                   field. Entries with {@code empty_layer: true} have no diff_id; the others match
 *                   {@code rootfs.diff_ids} in order.
 */
public record History(Instant created, String createdBy, String author, String comment, Boolean emptyLayer) {

    public static History of(Instant created, String createdBy) {
        return new History(created, createdBy, null, null, null);
    }

    /** An entry that produced no layer (ENV, CMD, LABEL…). */
    public static History emptyLayer(Instant created, String createdBy) {
        return new History(created, createdBy, null, null, true);
    }

    public boolean isEmptyLayer() {
        return Boolean.TRUE.equals(emptyLayer);
    }
}
