package dev.etaglab.server.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random field values for the new parsers: they never throw, and every decision they return
 * is one the handler can send as is (a Partial lies inside the representation, a weight is 0..1000).
 */
class RangeAndEncodingRobustnessTest {

    private static final int ROUNDS = 20_000;
    private static final String RANGE_ALPHABET = "bytes=0123456789-, \t;*";
    private static final String ENCODING_ALPHABET = "gzipidentity*x-;q=0.15 ,\tQ";
    private static final String IF_RANGE_ALPHABET = "\"W/v12 ,:GMTSunNov-";

    private static String random(Random random, String alphabet, int maxLength) {
        int length = random.nextInt(maxLength + 1);
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    @Test
    void anyRangeFieldYieldsASendableDecision() {
        Random random = new Random(9110);
        for (int i = 0; i < ROUNDS; i++) {
            String field = (random.nextBoolean() ? "bytes=" : "") + random(random, RANGE_ALPHABET, 40);
            long length = random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(50_000);
            ByteRanges.Decision decision = ByteRanges.decide(field, length);
            if (decision instanceof ByteRanges.Partial p) {
                assertThat(field, p.first() >= 0 && p.first() <= p.last() && p.last() < length, is(true));
                assertThat(field, p.completeLength(), is(length));
            } else if (decision instanceof ByteRanges.Unsatisfiable u) {
                assertThat(field, u.completeLength(), is(length));
            }
        }
    }

    @Test
    void anyAcceptEncodingYieldsAnOfferedCoding() {
        Random random = new Random(12_5_3);
        List<String> offered = List.of("gzip", "identity");
        for (int i = 0; i < ROUNDS; i++) {
            AcceptEncoding parsed = AcceptEncoding.parse(random(random, ENCODING_ALPHABET, 60));
            assertThat(offered.contains(parsed.select(offered)), is(true));
            for (AcceptEncoding.Member m : parsed.members()) {
                assertThat(m.qThousandths() >= 0 && m.qThousandths() <= 1000, is(true));
            }
        }
    }

    @Test
    void anyIfRangeValueIsTrueOnlyForTheCurrentStrongValidator() {
        Random random = new Random(13_1_5);
        Validators current = new Validators(EntityTag.strong("v12"), Instant.parse("1994-11-06T08:49:37Z"));
        for (int i = 0; i < ROUNDS; i++) {
            String value = random(random, IF_RANGE_ALPHABET, 30);
            if (IfRange.permitsRange(List.of(value), current)) {
                assertThat(value, value.strip(), is("\"v12\""));
            }
        }
    }
}
