package io.berth.gateway.projection;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A registry digest of an image ({@code 127.0.0.1:5000/demo@sha256:…}): Docker's RepoDigests. */
@Entity
@Table(name = "image_repo_digest_view")
public class ImageRepoDigestView {
    @Id
    @Column(name = "repo_digest", length = 600)
    public String repoDigest;
    @Column(name = "image_id", length = 80)
    public String imageId;
}
