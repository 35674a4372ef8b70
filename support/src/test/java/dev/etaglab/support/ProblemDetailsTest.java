package dev.etaglab.support;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProblemDetailsTest {

    @Test
    void writesTheFourMembersEscaped() {
        String json = new String(ProblemDetails.json("about:blank", "Bad Gateway", 502, "said \"no\"\n"),
                StandardCharsets.UTF_8);
        assertThat(json, is("{\"type\":\"about:blank\",\"title\":\"Bad Gateway\",\"status\":502,"
                + "\"detail\":\"said \\\"no\\\"\\n\"}"));
    }

    @Test
    void sha256HexOfTheEmptyInputIsTheKnownValue() {
        assertThat(Sha256.hex(new byte[0]), is("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    }
}
