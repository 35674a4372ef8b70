package dev.etaglab.lb;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

import io.helidon.http.Status;

/**
 * A backend exchange that failed before anything was sent to the client, so the balancer can still retry it
 * or answer with a problem of its own.
 */
final class BackendFailure extends Exception {
    enum Kind {
        /** Nothing reached the backend: safe to eject it and to retry an idempotent request elsewhere. */
        CONNECT_FAILED(Status.BAD_GATEWAY_502, "connection failed"),
        /** The backend accepted the request but did not answer in time; it may still be working on it. */
        TIMED_OUT(Status.GATEWAY_TIMEOUT_504, "timed out"),
        /**
         * A kept-alive connection broke before any answer: the backend most likely closed it while it was idle
         * (its keep-alive timeout), which says nothing about the backend's health.
         */
        STALE_CONNECTION(Status.BAD_GATEWAY_502, "kept-alive connection closed"),
        /** The connection broke mid-exchange or the backend sent something unreadable. */
        IO_FAILED(Status.BAD_GATEWAY_502, "I/O error");

        private final Status status;
        private final String description;

        Kind(Status status, String description) {
            this.status = status;
            this.description = description;
        }

        Status status() {
            return status;
        }

        String description() {
            return description;
        }
    }

    private final Kind kind;
    private final Backend backend;

    private BackendFailure(Kind kind, Backend backend, Throwable cause) {
        super(kind.description + " on " + backend + ": " + cause, cause);
        this.kind = kind;
        this.backend = backend;
    }

    /**
     * The one place where a backend exception becomes a failure kind (and so a status): timeouts → 504,
     * refused or unroutable connections → 502 and ejection, any other I/O or protocol error → 502, told apart
     * as {@link Kind#STALE_CONNECTION} when the connection had already carried an exchange.
     */
    static BackendFailure classify(Backend backend, Exception exception, boolean reusedConnection) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException) {
                return new BackendFailure(Kind.TIMED_OUT, backend, exception);
            }
            if (cause instanceof ConnectException || cause instanceof NoRouteToHostException
                    || cause instanceof UnknownHostException) {
                return new BackendFailure(Kind.CONNECT_FAILED, backend, exception);
            }
        }
        return new BackendFailure(reusedConnection ? Kind.STALE_CONNECTION : Kind.IO_FAILED, backend, exception);
    }

    /** The exchange outlived {@code --backend-timeout} (see {@link BackendTimeout}). */
    static BackendFailure timedOut(Backend backend, Exception exception) {
        return new BackendFailure(Kind.TIMED_OUT, backend, exception);
    }

    Kind kind() {
        return kind;
    }

    Backend backend() {
        return backend;
    }
}
