package io.berth.gateway.projection;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One row per image in the local store, folded from {@code berth.image.events}. */
@Entity
@Table(name = "image_view")
public class ImageView {
    @Id
    @Column(name = "image_id", length = 80)
    public String imageId;
    public String manifestDigest;
    public String manifestMediaType;
    public long manifestSize;
    /** Sum of the layers' uncompressed sizes, what {@code docker images} shows. */
    public long size;
    public Instant created;
    public String source;
    /** The layers as the {@code image.stored} event listed them, JSON. */
    @Column(columnDefinition = "text")
    public String layers;
    public Instant storedAt;
}
