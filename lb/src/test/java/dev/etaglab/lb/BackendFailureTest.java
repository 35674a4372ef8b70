package dev.etaglab.lb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

class BackendFailureTest {
    private final Backend backend = new Backend(URI.create("http://127.0.0.1:1"));

    @Test
    void refusedConnectionIsAConnectFailureAnswered502() {
        BackendFailure failure = BackendFailure.classify(backend, new UncheckedIOException(new ConnectException("refused")), false);

        assertThat(failure.kind(), is(BackendFailure.Kind.CONNECT_FAILED));
        assertThat(failure.kind().status().code(), is(502));
    }

    @Test
    void readTimeoutIsAnswered504() {
        BackendFailure failure = BackendFailure.classify(backend, new UncheckedIOException(new SocketTimeoutException("Read timed out")), false);

        assertThat(failure.kind().status().code(), is(504));
    }

    @Test
    void readTimeoutOnAKeptAliveConnectionIsStillATimeout() {
        BackendFailure failure = BackendFailure.classify(backend, new UncheckedIOException(new SocketTimeoutException("Read timed out")), true);

        assertThat(failure.kind(), is(BackendFailure.Kind.TIMED_OUT));
    }

    @Test
    void anyOtherFailureIsAnIoFailureAnswered502() {
        BackendFailure failure = BackendFailure.classify(backend, new UncheckedIOException(new IOException("reset")), false);

        assertThat(failure.kind(), is(BackendFailure.Kind.IO_FAILED));
        assertThat(failure.kind().status().code(), is(502));
    }

    @Test
    void brokenKeptAliveConnectionIsStaleNotAnIoFailure() {
        BackendFailure failure = BackendFailure.classify(backend, new UncheckedIOException(new IOException("reset")), true);

        assertThat(failure.kind(), is(BackendFailure.Kind.STALE_CONNECTION));
        assertThat(failure.kind().status().code(), is(502));
    }
}
