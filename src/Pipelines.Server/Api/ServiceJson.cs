using System.Text.Json.Nodes;
using Pipelines.Config;
using Pipelines.ReleaseManager;

namespace Pipelines.Server.Api;

/// <summary>The API's JSON for environments and services, from the same status the web UI renders.</summary>
public static class ServiceJson
{
    public static JsonObject Environment(EnvironmentConfig environment) => new()
    {
        ["name"] = environment.Name,
        ["path"] = environment.Path,
        ["namespace"] = environment.Namespace,
        ["automation"] = environment.Automation.ToString().ToLowerInvariant(),
        ["tagFilter"] = environment.TagFilter,
        ["promoteFrom"] = environment.PromoteFrom,
    };

    public static JsonObject Services(EnvironmentStatus status) => new()
    {
        ["environment"] = status.Environment,
        ["commit"] = status.Commit,
        ["problems"] = Array(status.Problems.Select(p => (JsonNode?)p)),
        ["services"] = Array(status.Services.Select(s => (JsonNode?)Service(s))),
    };

    public static JsonObject Service(ServiceStatus service) => new()
    {
        ["workload"] = service.Workload.Id,
        ["kind"] = service.Workload.Kind,
        ["namespace"] = service.Workload.Namespace,
        ["name"] = service.Workload.Name,
        ["file"] = service.Workload.File,
        ["ready"] = service.Ready,
        ["rollout"] = service.Rollout,
        ["hasUpdate"] = service.HasUpdate,
        ["policy"] = new JsonObject
        {
            ["automated"] = service.Policy.Automated,
            ["locked"] = service.Policy.Locked,
            ["lockedBy"] = service.Policy.LockedBy,
            ["lockedMessage"] = service.Policy.LockedMessage,
        },
        ["containers"] = Array(service.Containers.Select(c => (JsonNode?)new JsonObject
        {
            ["name"] = c.Name,
            ["desired"] = c.Desired,
            ["live"] = c.Live,
            ["tagFilter"] = c.TagFilter,
            ["newest"] = c.Newest,
            ["rejected"] = new JsonArray(c.Rejected.Select(r => (JsonNode)new JsonObject { ["image"] = r.Image, ["release"] = r.Release, ["by"] = r.By, ["commit"] = r.Commit }).ToArray()),
            ["passedOver"] = c.PassedOver?.SkipReason,
        })),
    };

    private static JsonArray Array(IEnumerable<JsonNode?> items) => new(items.ToArray());
}
