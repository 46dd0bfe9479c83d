using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Pipelines.Server.Hooks;

/// <summary>
/// GitHub's package events for the GitHub Container Registry: <c>X-GitHub-Event: package</c> (<c>{"action": "published", "package":
/// {…}}</c>) or the older <c>registry_package</c> (<c>{"registry_package": {…}}</c>), the package's <c>package_type</c> container, its
/// owner's login and name giving <c>ghcr.io/owner/name</c> (lowercased, as image references are) and
/// <c>package_version.container_metadata.tag.name</c> the tag. GitHub signs each delivery: <c>X-Hub-Signature-256: sha256=&lt;HMAC-SHA256
/// of the body with the hook's secret&gt;</c>. Pure.
/// </summary>
public static class GitHubPackagePush
{
    public static readonly string[] Events = ["package", "registry_package"];

    public static IReadOnlyList<PushedTag> Pushes(string gitHubEvent, JsonElement body)
    {
        var package = gitHubEvent == "registry_package" ? Property(body, "registry_package") : Property(body, "package");
        if (package is not { } p) throw new JsonException($"expected GitHub's {gitHubEvent} event: {{\"action\": …, \"{(gitHubEvent == "registry_package" ? "registry_package" : "package")}\": {{…}}}}");
        if (body.Text("action") is not ("published" or "updated") || !string.Equals(p.Text("package_type"), "container", StringComparison.OrdinalIgnoreCase)) return [];
        var owner = p.Text("owner", "login");
        var name = p.Text("name");
        var tag = p.Text("package_version", "container_metadata", "tag", "name");
        if (string.IsNullOrEmpty(owner) || string.IsNullOrEmpty(name) || string.IsNullOrEmpty(tag)) return [];
        var host = JsonText.HostOf(p.Text("registry", "url")) ?? "ghcr.io";
        return [new PushedTag($"{host}/{owner}/{name}".ToLowerInvariant(), tag)];
    }

    /// <summary>Whether <paramref name="signature"/> (<c>sha256=&lt;hex&gt;</c>) is the body's HMAC-SHA256 with <paramref name="secret"/>. Constant time.</summary>
    public static bool Signed(byte[] body, string? signature, string secret)
    {
        if (signature is null || !signature.StartsWith("sha256=", StringComparison.Ordinal)) return false;
        var expected = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body)));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature[7..].ToLowerInvariant()));
    }

    private static JsonElement? Property(JsonElement body, string name) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;
}
