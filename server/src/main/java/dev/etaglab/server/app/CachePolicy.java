package dev.etaglab.server.app;

import dev.etaglab.server.http.CacheControl;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;

/**
 * The Cache-Control this replica sends on 200 and 304 alike. An operator may change it at run time
 * (the experiment switches from a max-age phase to a revalidation phase without restarting anything).
 */
final class CachePolicy {

    private volatile Header header;

    CachePolicy(String value) {
        set(value);
    }

    Header header() {
        return header;
    }

    String value() {
        return header.get();
    }

    /** @throws IllegalArgumentException when {@code value} is not a Cache-Control field value */
    void set(String value) {
        String v = value == null ? null : value.strip();
        if (!CacheControl.isValid(v)) {
            throw new IllegalArgumentException("'" + value + "' is not a Cache-Control value (RFC 9111 §5.2), "
                    + "e.g. 'max-age=30' or 'no-cache'");
        }
        header = HeaderValues.createCached(HeaderNames.CACHE_CONTROL, v);
    }
}
