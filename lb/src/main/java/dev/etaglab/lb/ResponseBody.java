package dev.etaglab.lb;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import io.helidon.common.buffers.DataReader;

/**
 * A backend response body read from the connection's {@link DataReader}, delimited as RFC 9112 §6.3 says and
 * with the chunked transfer coding removed (the balancer's server frames the body again for its own hop).
 * Each ends with -1 exactly at the message's end, so the connection is positioned at the next response; an
 * end of stream before that is an {@link EOFException}, which the client sees as a cut-off body.
 */
abstract sealed class ResponseBody extends InputStream {
    /** A chunk-size line longer than this is not a size line: the backend is broken. */
    private static final int MAX_CHUNK_LINE = 1024;
    private static final int MAX_TRAILER_SECTION = 16 * 1024;

    final DataReader reader;

    private ResponseBody(DataReader reader) {
        this.reader = reader;
    }

    static InputStream fixedLength(DataReader reader, long length) {
        return new FixedLength(reader, length);
    }

    static InputStream chunked(DataReader reader) {
        return new Chunked(reader);
    }

    static InputStream untilClose(DataReader reader) {
        return new UntilClose(reader);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    /** Up to {@code max} bytes, at least one, from what the reader holds or pulls next. */
    int take(byte[] to, int offset, int max) throws IOException {
        try {
            reader.ensureAvailable();
        } catch (DataReader.InsufficientDataAvailableException e) {
            throw new EOFException("the backend closed the connection before the end of the body");
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        int count = Math.min(max, reader.available());
        reader.readBuffer(count).read(to, offset, count);
        return count;
    }

    private static final class FixedLength extends ResponseBody {
        private long remaining;

        FixedLength(DataReader reader, long length) {
            super(reader);
            this.remaining = length;
        }

        @Override
        public int read(byte[] to, int offset, int length) throws IOException {
            if (remaining == 0) {
                return -1;
            }
            int read = take(to, offset, (int) Math.min(length, remaining));
            remaining -= read;
            return read;
        }

        @Override
        public int available() {
            return (int) Math.min(reader.available(), remaining);
        }
    }

    /** RFC 9112 §7.1: {@code chunk-size [chunk-ext] CRLF chunk-data CRLF}, ended by a zero size and trailers. */
    private static final class Chunked extends ResponseBody {
        private long chunkRemaining;
        private boolean started;
        private boolean ended;

        Chunked(DataReader reader) {
            super(reader);
        }

        @Override
        public int read(byte[] to, int offset, int length) throws IOException {
            if (ended) {
                return -1;
            }
            if (chunkRemaining == 0) {
                nextChunk();
                if (ended) {
                    return -1;
                }
            }
            int read = take(to, offset, (int) Math.min(length, chunkRemaining));
            chunkRemaining -= read;
            return read;
        }

        private void nextChunk() throws IOException {
            try {
                if (started) {
                    expectCrlf();
                }
                started = true;
                String line = line(MAX_CHUNK_LINE);
                int extension = line.indexOf(';');
                String size = (extension < 0 ? line : line.substring(0, extension)).strip();
                if (size.isEmpty() || size.length() > 15) {
                    throw new IOException("bad chunk size line from the backend: " + line);
                }
                chunkRemaining = Long.parseLong(size, 16);
                if (chunkRemaining < 0) {
                    throw new IOException("bad chunk size from the backend: " + size);
                }
                if (chunkRemaining == 0) {
                    skipTrailers();
                    ended = true;
                }
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size from the backend", e);
            } catch (DataReader.InsufficientDataAvailableException e) {
                throw new EOFException("the backend closed the connection inside the chunked framing");
            } catch (UncheckedIOException e) {
                throw e.getCause();
            } catch (RuntimeException e) {
                // DataReader.IncorrectNewLineException: a bare CR or LF in the framing.
                throw new IOException("bad chunked framing from the backend", e);
            }
        }

        /** Trailer fields describe the backend's hop; like nginx, the balancer does not pass them on. */
        private void skipTrailers() throws IOException {
            int total = 0;
            while (true) {
                String line = line(MAX_TRAILER_SECTION - total);
                total += line.length() + 2;
                if (line.isEmpty()) {
                    return;
                }
            }
        }

        private String line(int max) throws IOException {
            if (max <= 0) {
                throw new IOException("chunked trailer section longer than " + MAX_TRAILER_SECTION + " bytes");
            }
            int end = reader.findNewLine(max);
            if (end >= max) {
                throw new IOException("chunk framing line longer than " + max + " bytes from the backend");
            }
            String line = reader.readAsciiString(end);
            reader.skip(2);
            return line;
        }

        private void expectCrlf() throws IOException {
            if (!reader.startsWithNewLine()) {
                throw new IOException("chunk data not followed by CRLF");
            }
            reader.skip(2);
        }

        @Override
        public int available() {
            return (int) Math.min(reader.available(), chunkRemaining);
        }
    }

    private static final class UntilClose extends ResponseBody {
        private boolean ended;

        UntilClose(DataReader reader) {
            super(reader);
        }

        @Override
        public int read(byte[] to, int offset, int length) throws IOException {
            if (ended) {
                return -1;
            }
            try {
                return take(to, offset, length);
            } catch (EOFException e) {
                ended = true;
                return -1;
            }
        }

        @Override
        public int available() {
            return reader.available();
        }
    }
}
