package dev.etaglab.lb;

import java.net.InetAddress;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

class ForwardingHeadersTest {
    @Test
    void ipv4NodeIsAToken() throws Exception {
        assertThat(ForwardingHeaders.forwarded(InetAddress.getByName("192.0.2.60"), "http", Optional.empty()),
                   is("for=192.0.2.60;proto=http"));
    }

    @Test
    void ipv6NodeIsBracketedAndQuoted() throws Exception {
        assertThat(ForwardingHeaders.forwarded(InetAddress.getByName("2001:db8::1"), "http", Optional.empty()),
                   is("for=\"[2001:db8:0:0:0:0:0:1]\";proto=http"));
    }

    @Test
    void hostWithPortIsQuotedBecauseColonIsNotATokenCharacter() throws Exception {
        assertThat(ForwardingHeaders.forwarded(InetAddress.getByName("192.0.2.60"), "http", Optional.of("example.com:8080")),
                   is("for=192.0.2.60;proto=http;host=\"example.com:8080\""));
    }

    @Test
    void hostWithoutPortStaysAToken() throws Exception {
        assertThat(ForwardingHeaders.forwarded(InetAddress.getByName("192.0.2.60"), "http", Optional.of("example.com")),
                   is("for=192.0.2.60;proto=http;host=example.com"));
    }

    @Test
    void quotesAndBackslashesInAQuotedValueAreEscaped() throws Exception {
        assertThat(ForwardingHeaders.forwarded(InetAddress.getByName("192.0.2.60"), "http", Optional.of("a\"b\\c")),
                   is("for=192.0.2.60;proto=http;host=\"a\\\"b\\\\c\""));
    }

    @Test
    void viaNamesTheReceivedProtocolAndThePseudonym() {
        assertThat(ForwardingHeaders.via("1.0"), is("1.0 etag-lab-lb"));
    }
}
