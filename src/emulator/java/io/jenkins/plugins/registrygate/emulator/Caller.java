package io.jenkins.plugins.registrygate.emulator;

import java.util.Objects;

/**
 * One request's caller: the access key id its SigV4 {@code Authorization} header names ("" when unsigned) and the
 * principal the emulator's {@link Identities} resolved it to.
 */
public record Caller(String accessKeyId, Principal principal) {

    public Caller {
        accessKeyId = accessKeyId == null ? "" : accessKeyId;
        Objects.requireNonNull(principal, "principal");
    }
}
