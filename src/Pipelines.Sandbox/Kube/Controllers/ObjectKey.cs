using System.Text.Json.Nodes;
using Pipelines.Sandbox.Kube.Kinds;
using Pipelines.Sandbox.Kube.Objects;

namespace Pipelines.Sandbox.Kube.Controllers;

/// <summary>An object's place in the store (its namespace is "" when cluster-scoped): what the work queue holds.</summary>
internal readonly record struct ObjectKey(ResourceKind Kind, string Namespace, string Name)
{
    public static ObjectKey Of(ResourceKind kind, JsonObject obj) => new(kind, obj.Namespace() ?? "", obj.Name());
}
