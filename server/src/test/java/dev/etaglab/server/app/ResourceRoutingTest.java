package dev.etaglab.server.app;

import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.DirectClient;
import io.helidon.webserver.testing.junit5.RoutingTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;

/** The resource contract in memory: Helidon's routing without a socket. */
@RoutingTest
class ResourceRoutingTest extends AbstractResourceTest {

    private static final Replica REPLICA = SharedReplica.create();

    ResourceRoutingTest(DirectClient client) {
        super(client);
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        REPLICA.routing(routing);
    }
}
