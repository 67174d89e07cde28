package org.edgecache.it;

import java.net.http.HttpClient;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/**
 * The setup an IT class run once per container kind shares: the kind as the class's parameter
 * ({@code @ParameterizedClass @ValueSource(strings = {"jetty", "tomcat"})} on the subclass), a work directory, and
 * an {@link Edge} made before the subclass's own {@code @BeforeEach} and closed after its {@code @AfterEach}.
 */
abstract class EdgeFixture {
    @Parameter
    String containerName;

    @TempDir
    Path work;

    /** The edgecache under test with its origins; deploy and start origins through it. */
    Edge edge;

    /** The edge's HTTP/1.1 client. */
    HttpClient http;

    @BeforeEach
    final void openEdge() {
        edge = new Edge(containerName, work);
        http = edge.http();
    }

    @AfterEach
    final void closeEdge() throws Exception {
        edge.close();
    }
}
