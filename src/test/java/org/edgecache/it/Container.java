package org.edgecache.it;

import java.net.URI;
import java.nio.file.Path;

/** A servlet container the suite deploys edgecache into: the same tests run over every implementation. */
public interface Container extends AutoCloseable {
    /** Deploys at the root context on 127.0.0.1 and an ephemeral port; throws if the deployment fails. */
    URI start(Deployment deployment, Path workDir) throws Exception;

    /** Stops cleanly (listeners' contextDestroyed run). */
    @Override
    void close() throws Exception;

    String name();

    static Container create(String name) {
        return switch (name) {
            case "jetty" -> new JettyContainer();
            case "tomcat" -> new TomcatContainer();
            default -> throw new IllegalArgumentException(name);
        };
    }
}
