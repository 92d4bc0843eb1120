package io.berth.image.oci;

/** A well-formed document of a kind Berth refuses, such as a Docker schema1 manifest. */
public class UnsupportedManifestException extends OciFormatException {
    public UnsupportedManifestException(String message) {
        super(message);
    }
}
