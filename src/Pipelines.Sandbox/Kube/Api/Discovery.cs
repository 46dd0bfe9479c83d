using System.Text.Json.Nodes;
using Pipelines.Sandbox.Kube.Kinds;

namespace Pipelines.Sandbox.Kube.Api;

/// <summary>The discovery documents (/version, /api, /apis, /api/v1, /apis/&lt;group&gt;/&lt;version&gt;), made from the kind catalog.</summary>
public static class Discovery
{
    public const string GitVersion = "v1.33.0";

    public static JsonObject Version() => new()
    {
        ["major"] = "1",
        ["minor"] = "33",
        ["emulationMajor"] = "1",
        ["emulationMinor"] = "33",
        ["minCompatibilityMajor"] = "1",
        ["minCompatibilityMinor"] = "32",
        ["gitVersion"] = GitVersion,
        ["gitCommit"] = "0000000000000000000000000000000000000000",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2025-04-23T00:00:00Z",
        ["goVersion"] = "go1.24.2",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };

    public static JsonObject CoreVersions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject
        {
            ["clientCIDR"] = "0.0.0.0/0",
            ["serverAddress"] = serverAddress,
        }),
    };

    public static JsonObject Groups(KindCatalog catalog) => new()
    {
        ["kind"] = "APIGroupList",
        ["apiVersion"] = "v1",
        ["groups"] = new JsonArray(catalog.GroupVersions.Where(gv => gv.Group.Length > 0)
            .Select(gv => gv.Group).Distinct().Select(g => (JsonNode)Group(catalog, g)!).ToArray()),
    };

    public static JsonObject? Group(KindCatalog catalog, string group)
    {
        var versions = catalog.GroupVersions.Where(gv => gv.Group == group).Select(gv => gv.Version).ToList();
        if (versions.Count == 0) return null;
        JsonObject Version(string v) => new() { ["groupVersion"] = $"{group}/{v}", ["version"] = v };
        return new JsonObject
        {
            ["kind"] = "APIGroup",
            ["apiVersion"] = "v1",
            ["name"] = group,
            ["versions"] = new JsonArray(versions.Select(v => (JsonNode)Version(v)).ToArray()),
            ["preferredVersion"] = Version(versions[0]),
        };
    }

    public static JsonObject? Resources(KindCatalog catalog, string group, string version)
    {
        var kinds = catalog.Kinds.Where(k => k.Group == group && k.Version == version).ToList();
        if (kinds.Count == 0) return null;
        var resources = new JsonArray();
        foreach (var kind in kinds.OrderBy(k => k.Plural, StringComparer.Ordinal))
        {
            var resource = new JsonObject
            {
                ["name"] = kind.Plural,
                ["singularName"] = kind.Singular,
                ["namespaced"] = kind.Namespaced,
                ["kind"] = kind.Kind,
                ["verbs"] = new JsonArray(kind.Verbs.Select(v => (JsonNode)v).ToArray()),
            };
            if (kind.ShortNames.Count > 0) resource["shortNames"] = new JsonArray(kind.ShortNames.Select(s => (JsonNode)s).ToArray());
            if (kind.Categories.Count > 0) resource["categories"] = new JsonArray(kind.Categories.Select(s => (JsonNode)s).ToArray());
            resources.Add(resource);
            if (kind.HasStatus)
                resources.Add(new JsonObject
                {
                    ["name"] = kind.Plural + "/status",
                    ["singularName"] = "",
                    ["namespaced"] = kind.Namespaced,
                    ["kind"] = kind.Kind,
                    ["verbs"] = new JsonArray("get", "patch", "update"),
                });
            if (kind.HasScale)
                resources.Add(new JsonObject
                {
                    ["name"] = kind.Plural + "/scale",
                    ["singularName"] = "",
                    ["namespaced"] = kind.Namespaced,
                    ["group"] = "autoscaling",
                    ["version"] = "v1",
                    ["kind"] = "Scale",
                    ["verbs"] = new JsonArray("get", "patch", "update"),
                });
        }
        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
            ["resources"] = resources,
        };
    }
}
