package org.edgecache.web;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Feeds {@link LiveFigures} from the engine's counters every interval, on a daemon thread of its own. */
final class FigureSampler implements AutoCloseable {
    private final ScheduledExecutorService timer;

    FigureSampler(LiveFigures figures, Clock clock, Supplier<LiveFigures.Counters> counters, Duration interval) {
        timer = Executors.newSingleThreadScheduledExecutor(Engine.daemonThreads("edgecache-inspector-sampler"));
        figures.sample(clock.instant(), counters.get());
        long millis = interval.toMillis();
        timer.scheduleAtFixedRate(() -> figures.sample(clock.instant(), counters.get()), millis, millis,
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
