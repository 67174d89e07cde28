package org.edgecache.it;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/** Embedded Tomcat 10.1. */
final class TomcatContainer implements Container {
    private Tomcat tomcat;

    @Override
    public URI start(Deployment d, Path workDir) throws Exception {
        d.contextParams.putIfAbsent("edgecache.store.directory", workDir.resolve("store").toString());
        tomcat = new Tomcat();
        tomcat.setBaseDir(workDir.resolve("tomcat").toString());
        Connector connector = tomcat.getConnector();
        connector.setProperty("address", "127.0.0.1");
        connector.setProperty("maxThreads", "400");
        connector.setPort(0);
        Path docBase = Files.createDirectories(workDir.resolve("docbase"));
        Context ctx = tomcat.addContext("", docBase.toString());
        ((org.apache.catalina.core.StandardContext) ctx).setFailCtxIfServletStartFails(Boolean.TRUE);
        d.contextParams.forEach(ctx::addParameter);
        for (String l : d.listeners) {
            ctx.addApplicationListener(l);
        }
        for (Deployment.Component f : d.filters) {
            FilterDef def = new FilterDef();
            def.setFilterName(f.name());
            def.setFilterClass(f.className());
            def.setAsyncSupported("true");
            f.initParams().forEach(def::addInitParameter);
            ctx.addFilterDef(def);
            FilterMap map = new FilterMap();
            map.setFilterName(f.name());
            f.patterns().forEach(map::addURLPattern);
            ctx.addFilterMap(map);
        }
        for (Deployment.Component s : d.servlets) {
            Wrapper w = Tomcat.addServlet(ctx, s.name(), s.className());
            s.initParams().forEach(w::addInitParameter);
            w.setLoadOnStartup(1);
            w.setAsyncSupported(true);
            for (String p : s.patterns()) {
                ctx.addServletMappingDecoded(p, s.name());
            }
        }
        tomcat.start();
        if (ctx.getState() != LifecycleState.STARTED) {
            close();
            throw new IllegalStateException("deployment failed: context is " + ctx.getState());
        }
        return URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    @Override
    public void close() throws Exception {
        if (tomcat != null) {
            Tomcat t = tomcat;
            tomcat = null;
            t.stop();
            t.destroy();
        }
    }

    @Override
    public String name() {
        return "tomcat";
    }

    static {
        // keep Tomcat from looking for a conf/ directory or scanning jars
        System.setProperty("tomcat.util.scan.StandardJarScanFilter.jarsToSkip", "*.jar");
        new File(System.getProperty("java.io.tmpdir")).mkdirs();
    }
}
