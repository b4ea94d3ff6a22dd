package dev.kiln.node;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;

/** Counts running Spark jobs, and every job start and end (what auto-termination watches). */
final class JobActivity extends SparkListener {
  private final AtomicInteger active = new AtomicInteger();
  private final AtomicLong events = new AtomicLong();

  @Override
  public void onJobStart(SparkListenerJobStart jobStart) {
    active.incrementAndGet();
    events.incrementAndGet();
  }

  @Override
  public void onJobEnd(SparkListenerJobEnd jobEnd) {
    active.updateAndGet(n -> Math.max(0, n - 1));
    events.incrementAndGet();
  }

  int activeJobs() {
    return active.get();
  }

  long activityCount() {
    return events.get();
  }
}
