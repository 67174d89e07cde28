package org.edgecache.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Reads one counter from a proxy's stats page (StatsServlet, mapped at {@link #PATH}): "name value" per line. */
public final class StatsPage {
    public static final String PATH = "/edgecache/stats";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private StatsPage() {
    }

    /** The counter's value; an AssertionError naming it when the page does not list it. */
    public static long value(URI proxy, String name) throws IOException, InterruptedException {
        String text = HTTP.send(HttpRequest.newBuilder(proxy.resolve(PATH)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        for (String line : text.split("\n")) {
            String[] nv = line.trim().split(" ");
            if (nv.length == 2 && nv[0].equals(name)) {
                return Long.parseLong(nv[1]);
            }
        }
        throw new AssertionError("no statistic " + name + " on the stats page:\n" + text);
    }
}
