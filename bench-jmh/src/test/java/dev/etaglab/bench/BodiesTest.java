package dev.etaglab.bench;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BodiesTest {

    @ParameterizedTest
    @ValueSource(strings = {"1KiB", "20KiB", "64KiB", "1MiB"})
    void catalogueIsExactlyTheNamedSizeAndStillJson(String size) throws IOException {
        byte[] body = Bodies.catalogue(Bodies.bytes(size));

        assertThat(body.length, is(Bodies.bytes(size)));
        assertThat(new ObjectMapper().readTree(body).path("products").isArray(), is(true));
    }

    @Test
    void unknownSizeFailsLoudly() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> Bodies.bytes("2KiB"));
    }
}
