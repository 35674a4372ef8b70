package dev.etaglab.lb;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import io.helidon.common.buffers.DataReader;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * How the balancer's backend client reads a response head and delimits its body (RFC 9112 §6.3), on bytes as a
 * backend would send them, split across reads where that matters. After each complete message the reader
 * must stand exactly at the next one: that is what makes reusing the connection safe.
 */
class BackendResponseTest {
    private static final String NEXT = "HTTP/1.1 204 No Content\r\n\r\n";

    @Test
    void notModifiedHasNoBodyWhateverItsContentLengthSaysAndKeepsTheConnection() throws IOException {
        DataReader reader = reader("HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\nContent-Length: 20480\r\n\r\n" + NEXT);

        BackendResponse response = BackendResponse.read(reader, Method.GET);

        assertThat(response.status().code(), is(304));
        assertThat(response.headers().first(HeaderNames.ETAG).orElseThrow(), is("\"v1\""));
        assertThat(response.hasContent(), is(false));
        assertThat(response.keepAlive(), is(true));
        assertNextResponseIs204(reader);
    }

    @Test
    void responseToHeadHasNoBody() throws IOException {
        DataReader reader = reader("HTTP/1.1 200 OK\r\nContent-Length: 20480\r\n\r\n" + NEXT);

        BackendResponse response = BackendResponse.read(reader, Method.HEAD);

        assertThat(response.hasContent(), is(false));
        assertNextResponseIs204(reader);
    }

    @Test
    void contentLengthBodySplitAcrossReadsEndsExactlyAtItsLength() throws IOException {
        DataReader reader = reader("HTTP/1.1 200 OK\r\nContent-", "Length: 11\r\n\r\nhello", " world" + NEXT);

        BackendResponse response = BackendResponse.read(reader, Method.GET);

        assertThat(body(response, reader), is("hello world"));
        assertThat(response.keepAlive(), is(true));
        assertNextResponseIs204(reader);
    }

    @Test
    void chunkedBodyIsDecodedIgnoringExtensionsAndTrailers() throws IOException {
        DataReader reader = reader("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;name=value\r\nhel",
                                   "lo\r\n6\r\n world\r\n0\r\nX-Checksum: 1\r\n\r\n" + NEXT);

        BackendResponse response = BackendResponse.read(reader, Method.GET);

        assertThat(body(response, reader), is("hello world"));
        assertThat(response.keepAlive(), is(true));
        assertNextResponseIs204(reader);
    }

    @Test
    void interimResponsesAreSkipped() throws IOException {
        DataReader reader = reader("HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
                                           + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");

        BackendResponse response = BackendResponse.read(reader, Method.GET);

        assertThat(response.status().code(), is(200));
        assertThat(body(response, reader), is("ok"));
    }

    /** RFC 9112 §6.1: Transfer-Encoding overrides Content-Length, which a proxy must not pass on. */
    @Test
    void transferEncodingWithContentLengthDropsTheLengthAndTheConnection() throws IOException {
        DataReader reader = reader("HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n"
                                           + "2\r\nok\r\n0\r\n\r\n");

        BackendResponse response = BackendResponse.read(reader, Method.GET);

        assertThat(response.headers().contains(HeaderNames.CONTENT_LENGTH), is(false));
        assertThat(body(response, reader), is("ok"));
        assertThat(response.keepAlive(), is(false));
    }

    /** RFC 9112 §6.3 item 4: a final coding other than chunked is delimited by the close. */
    @Test
    void transferEncodingNotEndingInChunkedIsReadUntilClose() throws IOException {
        DataReader reader = reader("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nraw bytes");

        BackendResponse response = BackendResponse.read(reader, Method.GET);

        assertThat(body(response, reader), is("raw bytes"));
        assertThat(response.keepAlive(), is(false));
    }

    @Test
    void bodyWithoutLengthOrTransferEncodingEndsAtCloseAndEndsTheConnection() throws IOException {
        DataReader reader = reader("HTTP/1.1 200 OK\r\n\r\nuntil", " close");

        BackendResponse response = BackendResponse.read(reader, Method.GET);

        assertThat(body(response, reader), is("until close"));
        assertThat(response.keepAlive(), is(false));
    }

    /** RFC 9112 §9.3: HTTP/1.1 persists unless "close" is named; HTTP/1.0 does not persist here. */
    @Test
    void connectionCloseOrHttp10EndsTheConnection() {
        assertThat(BackendResponse.read(reader("HTTP/1.1 204 No Content\r\nConnection: keep-alive, Close\r\n\r\n"),
                                        Method.GET).keepAlive(), is(false));
        assertThat(BackendResponse.read(reader("HTTP/1.0 204 No Content\r\n\r\n"), Method.GET).keepAlive(), is(false));
    }

    @Test
    void bodyCutShortIsAnEndOfStreamNotAShortBody() {
        DataReader reader = reader("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
        BackendResponse response = BackendResponse.read(reader, Method.GET);

        assertThrows(EOFException.class, () -> body(response, reader));
    }

    @Test
    void brokenChunkFramingIsAnIoError() {
        for (String framing : List.of("zz\r\nab\r\n0\r\n\r\n", "2\r\nabXY0\r\n\r\n", "2\nab\r\n0\r\n\r\n")) {
            DataReader reader = reader("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + framing);
            BackendResponse response = BackendResponse.read(reader, Method.GET);

            assertThrows(IOException.class, () -> body(response, reader), framing);
        }
    }

    @Test
    void malformedHeadIsRejected() {
        assertThrows(RuntimeException.class,
                     () -> BackendResponse.read(reader("HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n"), Method.GET));
        assertThrows(RuntimeException.class,
                     () -> BackendResponse.read(reader("SPDY/3 200 OK\r\n\r\n"), Method.GET));
        assertThrows(RuntimeException.class,
                     () -> BackendResponse.read(reader("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n"), Method.GET));
    }

    private static void assertNextResponseIs204(DataReader reader) {
        assertThat(BackendResponse.read(reader, Method.GET).status().code(), is(204));
    }

    private static String body(BackendResponse response, DataReader reader) throws IOException {
        try (InputStream body = response.body(reader)) {
            return new String(body.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** A reader that gets {@code reads} one per socket read, then the end of the stream. */
    private static DataReader reader(String... reads) {
        Deque<byte[]> pending = new ArrayDeque<>();
        for (String read : reads) {
            pending.add(read.getBytes(StandardCharsets.ISO_8859_1));
        }
        return DataReader.create(pending::poll);
    }
}
