package dev.kiln.node;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorAdded;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;

/**
 * Tells that the driver's executors changed: a cluster is RUNNING once every worker's executor
 * registered, and the control plane should not wait for its next look to notice.
 */
final class ExecutorNews extends SparkListener {
  private final Runnable news;

  ExecutorNews(Runnable news) {
    this.news = news;
  }

  @Override
  public void onExecutorAdded(SparkListenerExecutorAdded executorAdded) {
    news.run();
  }

  @Override
  public void onExecutorRemoved(SparkListenerExecutorRemoved executorRemoved) {
    news.run();
  }
}
