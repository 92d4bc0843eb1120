package io.berth.gateway.projection;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Which image a canonical reference ({@code docker.io/library/busybox:latest}) points at. */
@Entity
@Table(name = "image_tag_view")
public class ImageTagView {
    @Id
    @Column(length = 512)
    public String reference;
    @Column(name = "image_id", length = 80)
    public String imageId;
    public Instant taggedAt;
}
