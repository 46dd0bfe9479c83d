using System.Diagnostics;
using System.Text.Json;

namespace Pipelines.Registry;

/// <summary>
/// Runs a Docker credential helper (<c>docker-credential-&lt;name&gt; get</c>, registry on stdin, JSON
/// <c>{"Username","Secret"}</c> on stdout), as the Docker CLI does for <c>credHelpers</c> and <c>credsStore</c>.
/// </summary>
internal sealed class DockerCredentialHelper(string name, IReadOnlyList<string> searchPath)
{
    public string Name { get; } = name;

    public string ProgramName => "docker-credential-" + Name;

    /// <summary>The credential the helper holds for the registry; null when it has none.</summary>
    public async Task<RegistryCredential?> GetAsync(string registry, CancellationToken ct)
    {
        var program = searchPath.Select(dir => System.IO.Path.Combine(dir, ProgramName)).FirstOrDefault(File.Exists)
            ?? throw new RegistryException(RegistryErrorKind.Unauthorized, registry,
                $"The Docker config names credential helper '{Name}' for {registry}, but {ProgramName} is not on PATH. Install it, or remove it from the Docker config, or pass --registry-username and --registry-password.");
        var start = new ProcessStartInfo(program, "get")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new RegistryException(RegistryErrorKind.Unauthorized, registry,
                $"{program} could not be run ({e.Message}); make it executable, or pass --registry-username and --registry-password.", inner: e);
        }
        using var _ = process;
        await process.StandardInput.WriteAsync(registry.AsMemory(), ct);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        var stdout = await output;
        var stderr = await error;
        if (process.ExitCode != 0)
        {
            if ((stdout + stderr).Contains("credentials not found", StringComparison.OrdinalIgnoreCase))
                return null;
            // The helper's own output may echo secrets, so only its exit code is reported.
            throw new RegistryException(RegistryErrorKind.Unauthorized, registry,
                $"{ProgramName} get failed with exit code {process.ExitCode} for {registry}. Run 'echo {registry} | {ProgramName} get' to see why, or pass --registry-username and --registry-password.");
        }
        try
        {
            using var json = JsonDocument.Parse(stdout);
            var username = json.RootElement.GetProperty("Username").GetString() ?? "";
            var secret = json.RootElement.GetProperty("Secret").GetString() ?? "";
            return username == "<token>"
                ? new RegistryCredential("", secret, IsIdentityToken: true) { Source = ProgramName }
                : new RegistryCredential(username, secret) { Source = ProgramName };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new RegistryException(RegistryErrorKind.Unauthorized, registry,
                $"{ProgramName} get printed something other than {{\"Username\",\"Secret\"}} JSON for {registry}; check the helper, or pass --registry-username and --registry-password.");
        }
    }
}
