using System.Text.Json;

namespace Pipelines.Server.Hooks;

/// <summary>Reading the few strings a registry's push body carries, whatever else it holds.</summary>
internal static class JsonText
{
    public static string? Text(this JsonElement element, params string[] path)
    {
        foreach (var property in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(property, out element)) return null;
        }
        return element.ValueKind == JsonValueKind.String ? element.GetString() : null;
    }

    public static bool Has(this JsonElement element, string property) => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out _);

    /// <summary>The host of a URL or a <c>host/path</c> reference (<c>https://quay.example.com/ns/repo</c>, <c>harbor.example.com/p/app:1</c>).</summary>
    public static string? HostOf(string? reference)
    {
        if (string.IsNullOrEmpty(reference)) return null;
        var rest = reference.Contains("://", StringComparison.Ordinal) ? reference[(reference.IndexOf("://", StringComparison.Ordinal) + 3)..] : reference;
        var host = rest.Split('/')[0];
        return host.Contains('.') || host.Contains(':') || host == "localhost" ? host : null;
    }
}
