package dev.etaglab.server.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CacheControlTest {

    @ParameterizedTest
    @ValueSource(strings = {"no-cache", "max-age=30", "max-age=0, must-revalidate", "public,max-age=60",
            "private=\"Set-Cookie\"", "no-store,\tno-transform"})
    void acceptsDirectiveListsOfRfc9111(String value) {
        assertThat(CacheControl.isValid(value), is(true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "max-age=", "max age=3", "no-cache,", ",no-cache", "max-age=30\r\nX-Evil: 1",
            "private=\"unterminated", "naïve"})
    void rejectsWhatCouldNotBeSentAsAFieldValue(String value) {
        assertThat(CacheControl.isValid(value), is(false));
    }
}
