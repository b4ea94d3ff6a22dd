package dev.kiln.cli;

import com.databricks.sdk.service.jobs.BaseJob;
import com.databricks.sdk.service.jobs.CreateJob;
import com.databricks.sdk.service.jobs.CreateResponse;
import com.databricks.sdk.service.jobs.Job;
import com.databricks.sdk.service.jobs.JobSettings;
import com.databricks.sdk.service.jobs.JobsAPI;
import com.databricks.sdk.service.jobs.ListJobsRequest;
import com.databricks.sdk.service.jobs.ResetJob;
import com.databricks.sdk.service.jobs.RunNow;
import com.databricks.sdk.service.jobs.RunNowResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code kiln jobs}: the Jobs API's job definitions, and run-now with {@code --wait}. */
@Command(name = "jobs", description = "Jobs: multi-task workflows, run now or on a schedule.")
final class JobsCommand {
  @ParentCommand Kiln kiln;

  private JobsAPI jobs() {
    return kiln.client().jobs();
  }

  @Command(name = "create", description = "Create a job from its JSON settings; prints its ID.")
  void create(@ArgGroup(multiplicity = "1") JsonBody json) {
    CreateResponse created = jobs().create(json.read(CreateJob.class, kiln.err));
    kiln.output().print(created, null, List.of(List.of(Output.text(created.getJobId()))));
  }

  @Command(name = "list", description = "List jobs.")
  void list(
      @Option(names = "--name", paramLabel = "NAME", description = "Only jobs of this exact name.")
          String name,
      @Option(names = "--expand-tasks", description = "Include the tasks (JSON output).")
          boolean expandTasks) {
    List<BaseJob> all = new ArrayList<>();
    // The SDK follows the pages.
    jobs().list(new ListJobsRequest().setName(name).setExpandTasks(expandTasks)).forEach(all::add);
    List<List<String>> rows = new ArrayList<>();
    all.forEach(j -> rows.add(JobRows.jobRow(j)));
    kiln.output().print(all, JobRows.JOB_HEADER, rows);
  }

  @Command(name = "get", description = "Show one job.")
  void get(@Parameters(paramLabel = "JOB_ID") long jobId) {
    Job job = jobs().get(jobId);
    BaseJob base =
        new BaseJob()
            .setJobId(job.getJobId())
            .setSettings(job.getSettings())
            .setCreatorUserName(job.getCreatorUserName());
    kiln.output().print(job, JobRows.JOB_HEADER, List.of(JobRows.jobRow(base)));
  }

  @Command(name = "reset", description = "Replace a job's settings with the given JSON.")
  void reset(
      @Parameters(paramLabel = "JOB_ID") long jobId, @ArgGroup(multiplicity = "1") JsonBody json) {
    jobs()
        .reset(
            new ResetJob().setJobId(jobId).setNewSettings(json.read(JobSettings.class, kiln.err)));
  }

  @Command(name = "delete", description = "Delete a job (its runs stay listed).")
  void delete(@Parameters(paramLabel = "JOB_ID") long jobId) {
    jobs().delete(jobId);
  }

  @Command(name = "run-now", description = "Run a job now; prints the run's ID.")
  void runNow(
      @Parameters(paramLabel = "JOB_ID") long jobId,
      @Mixin RunParameters params,
      @Mixin RunsCommand.WaitOptions wait) {
    RunNow request = params.apply(new RunNow().setJobId(jobId));
    RunNowResponse started = jobs().runNow(request).getResponse();
    long runId = started.getRunId();
    if (wait.wait) {
      RunWaiter waiter =
          new RunWaiter(jobs(), new StatusLine(kiln.err, kiln.terminal()), Clock.systemUTC());
      waiter.until(runId, wait.timeout);
    }
    kiln.output().print(started, null, List.of(List.of(Long.toString(runId))));
  }
}
