using System.Text.Json.Nodes;

namespace Pipelines.Sandbox.Kube.Controllers;

/// <summary>Setting a status condition as the controllers do: the transition time changes only when the status does.</summary>
public static class Conditions
{
    public static JsonObject? Find(JsonObject status, string type) =>
        (status["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == type);

    /// <summary>
    /// Sets a condition; an existing one with the same status and reason is left alone (as
    /// SetDeploymentCondition does), unless <paramref name="touch"/> asks to renew its lastUpdateTime.
    /// </summary>
    public static void Set(JsonObject status, string type, string value, string reason, string message, string now,
        bool withUpdateTime = true, bool touch = false)
    {
        var conditions = status["conditions"] as JsonArray;
        if (conditions is null) status["conditions"] = conditions = [];
        var current = Find(status, type);
        if (current is not null && (string?)current["status"] == value && (string?)current["reason"] == reason && !touch)
            return;
        var transition = current is not null && (string?)current["status"] == value ? (string?)current["lastTransitionTime"] : now;
        var condition = new JsonObject { ["type"] = type, ["status"] = value };
        if (withUpdateTime) condition["lastUpdateTime"] = now;
        condition["lastTransitionTime"] = transition;
        condition["reason"] = reason;
        condition["message"] = message;
        var index = current is null ? -1 : conditions.IndexOf(current);
        if (index >= 0) conditions[index] = condition;
        else conditions.Add(condition);
    }
}
