using Microsoft.AspNetCore.Http;
using Pipelines.Server.Health;

namespace Pipelines.Server.Api;

/// <summary>How an answer from the last known state says so: <c>Age</c> (seconds since it was read, as HTTP caches say
/// it), <c>Warning: 110</c> ("Response is Stale") and <c>Pipelines-Stale</c> with the reason.</summary>
internal static class Stale
{
    public static T Mark<T>(HttpContext context, Known<T> known)
    {
        if (known.Stale is null) return known.Value;
        var age = Math.Max(0, (long)(DateTimeOffset.UtcNow - known.At).TotalSeconds);
        context.Response.Headers.Age = age.ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.Headers.Warning = "110 pipelines \"Response is Stale\"";
        context.Response.Headers["Pipelines-Stale"] = $"as of {known.At:O}: {known.Stale}";
        return known.Value;
    }

    public static string Problem<T>(Known<T> known) => $"stale: this is the state as of {known.At:O} ({known.Stale})";
}
