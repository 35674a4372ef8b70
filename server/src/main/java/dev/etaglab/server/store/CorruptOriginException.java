package dev.etaglab.server.store;

import java.io.IOException;

/** The origin's document failed its own integrity check (header, length or checksum). */
public final class CorruptOriginException extends IOException {

    public CorruptOriginException(String message) {
        super(message);
    }
}
