package dev.kiln.cli;

import com.databricks.sdk.service.compute.CreateInstancePool;
import com.databricks.sdk.service.compute.CreateInstancePoolResponse;
import com.databricks.sdk.service.compute.EditInstancePool;
import com.databricks.sdk.service.compute.GetInstancePool;
import com.databricks.sdk.service.compute.InstancePoolAndStats;
import com.databricks.sdk.service.compute.InstancePoolStats;
import com.databricks.sdk.service.compute.InstancePoolsAPI;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code kiln pools}: instance pools of warm nodes for fast cluster starts. */
@Command(name = "pools", description = "Instance pools: warm nodes for fast cluster starts.")
final class PoolsCommand {
  static final List<String> HEADER =
      List.of("Pool ID", "Name", "Node type", "State", "Idle", "Used", "Min idle", "Max");

  @ParentCommand Kiln kiln;

  private InstancePoolsAPI pools() {
    return kiln.client().instancePools();
  }

  @Command(name = "create", description = "Create a pool from its JSON spec; prints its ID.")
  void create(@ArgGroup(multiplicity = "1") JsonBody json) {
    CreateInstancePoolResponse created =
        pools().create(json.read(CreateInstancePool.class, kiln.err));
    kiln.output().print(created, null, List.of(List.of(created.getInstancePoolId())));
  }

  @Command(name = "edit", description = "Change a pool (name, sizes, idle timeout).")
  void edit(
      @Parameters(
              paramLabel = "POOL_ID",
              arity = "0..1",
              description = "Or instance_pool_id in the JSON.")
          String poolId,
      @ArgGroup(multiplicity = "1") JsonBody json) {
    EditInstancePool spec = json.read(EditInstancePool.class, kiln.err);
    if (poolId != null) {
      spec.setInstancePoolId(poolId);
    }
    if (spec.getInstancePoolId() == null) {
      throw new CliFailure("no pool: give POOL_ID or instance_pool_id in the JSON");
    }
    pools().edit(spec);
  }

  @Command(name = "list", description = "List pools with their idle and used instances.")
  void list() {
    List<InstancePoolAndStats> all = new ArrayList<>();
    pools().list().forEach(all::add);
    List<List<String>> rows = new ArrayList<>();
    for (InstancePoolAndStats p : all) {
      rows.add(
          row(
              p.getInstancePoolId(),
              p.getInstancePoolName(),
              p.getNodeTypeId(),
              p.getState(),
              p.getStats(),
              p.getMinIdleInstances(),
              p.getMaxCapacity()));
    }
    kiln.output().print(all, HEADER, rows);
  }

  @Command(name = "get", description = "Show one pool.")
  void get(@Parameters(paramLabel = "POOL_ID") String poolId) {
    GetInstancePool p = pools().get(poolId);
    kiln.output()
        .print(
            p,
            HEADER,
            List.of(
                row(
                    p.getInstancePoolId(),
                    p.getInstancePoolName(),
                    p.getNodeTypeId(),
                    p.getState(),
                    p.getStats(),
                    p.getMinIdleInstances(),
                    p.getMaxCapacity())));
  }

  @Command(name = "delete", description = "Delete a pool and end its idle instances.")
  void delete(@Parameters(paramLabel = "POOL_ID") String poolId) {
    pools().delete(poolId);
  }

  private static List<String> row(
      String id,
      String name,
      String nodeType,
      Object state,
      InstancePoolStats stats,
      Long minIdle,
      Long max) {
    return List.of(
        Output.text(id),
        Output.text(name),
        Output.text(nodeType),
        Output.text(state),
        stats == null ? "0" : Output.text(nz(stats.getIdleCount())),
        stats == null ? "0" : Output.text(nz(stats.getUsedCount())),
        Output.text(nz(minIdle)),
        Output.text(max));
  }

  private static long nz(Long value) {
    return value == null ? 0 : value;
  }
}
