package dev.etaglab.server.http;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes Accept-Encoding (RFC 9110 §12.5.3) with arbitrary field lines. See {@link EntityTagFuzzTest} for
 * how inputs are read and replayed.
 */
class AcceptEncodingFuzzTest {

    private static final List<String> OFFERED = List.of(AcceptEncoding.GZIP, AcceptEncoding.IDENTITY);

    /**
     * Total and bounded; every weight is a qvalue (0 to 1 in thousandths, §12.4.2); the selected coding is
     * one the server offered, and gzip is selected only for a client that accepts it.
     */
    @FuzzTest
    void parseIsTotalBoundedAndSelectsOnlyWhatWasOffered(FuzzedDataProvider data) {
        int count = data.consumeInt(1, 3);
        List<String> lines = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            lines.add(new String(data.consumeBytes(data.consumeInt(0, 160)), ISO_8859_1));
        }

        AcceptEncoding field = AcceptEncoding.parse(lines);

        assertThat(field.members().size(), lessThanOrEqualTo(AcceptEncoding.MAX_MEMBERS));
        for (AcceptEncoding.Member member : field.members()) {
            assertThat(0 <= member.qThousandths() && member.qThousandths() <= 1000, is(true));
        }
        for (String coding : OFFERED) {
            int q = field.quality(coding);
            assertThat(0 <= q && q <= 1000, is(true));
            assertThat(field.accepts(coding), is(q > 0));
        }
        String selected = field.select(OFFERED);
        assertThat(OFFERED.contains(selected), is(true));
        if (selected.equals(AcceptEncoding.GZIP)) {
            assertThat(field.accepts(AcceptEncoding.GZIP), is(true));
        }
    }
}
