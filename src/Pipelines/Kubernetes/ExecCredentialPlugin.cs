using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Authentication;
using k8s.KubeConfigModels;

namespace Pipelines.Kubernetes;

/// <summary>
/// A kubeconfig's <c>exec</c> credential plugin (aws eks get-token, gke-gcloud-auth-plugin, kubelogin…) run the way
/// client-go runs it: the arguments as arguments, the kubeconfig's <c>env</c> added to this process's environment, and
/// <c>KUBERNETES_EXEC_INFO</c> holding an <c>ExecCredential</c> of the plugin's apiVersion whose spec says
/// <c>interactive: false</c> (stdin is not given to the plugin) and, with <c>provideClusterInfo</c>, the cluster. The
/// token is kept until its <c>expirationTimestamp</c>. The plugin has a deadline; its stderr is kept for the error.
/// </summary>
internal sealed class ExecCredentialPlugin(ExternalExecution exec, JsonObject cluster, TimeSpan timeout, string where) : ITokenProvider
{
    private static readonly string[] ApiVersions = ["client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1"];
    private readonly SemaphoreSlim _running = new(1, 1);
    private (string Token, DateTimeOffset? Expires)? _credential;

    /// <summary>The input client-go gives a plugin in <c>KUBERNETES_EXEC_INFO</c>, field for field and in client-go's order.</summary>
    public static string Input(string apiVersion, JsonObject? cluster)
    {
        var spec = new JsonObject();
        if (cluster is not null) spec["cluster"] = cluster.DeepClone();
        spec["interactive"] = false;
        return new JsonObject { ["kind"] = "ExecCredential", ["apiVersion"] = apiVersion, ["spec"] = spec }.ToJsonString();
    }

    /// <summary>The <c>spec.cluster</c> of the input (client-go's clientauthentication Cluster): server, TLS settings, proxy and the plugin's own config.</summary>
    public static JsonObject ClusterInfo(Cluster cluster, string? proxyUrl)
    {
        var endpoint = cluster.ClusterEndpoint;
        var info = new JsonObject { ["server"] = endpoint?.Server ?? "" };
        if (!string.IsNullOrEmpty(endpoint?.TlsServerName)) info["tls-server-name"] = endpoint.TlsServerName;
        if (endpoint?.SkipTlsVerify == true) info["insecure-skip-tls-verify"] = true;
        var ca = !string.IsNullOrEmpty(endpoint?.CertificateAuthorityData) ? endpoint.CertificateAuthorityData
            : !string.IsNullOrEmpty(endpoint?.CertificateAuthority) && File.Exists(endpoint.CertificateAuthority) ? Convert.ToBase64String(File.ReadAllBytes(endpoint.CertificateAuthority))
            : null;
        if (ca is not null) info["certificate-authority-data"] = ca;
        if (!string.IsNullOrEmpty(proxyUrl)) info["proxy-url"] = proxyUrl;
        var config = endpoint?.Extensions?.FirstOrDefault(e => e.Name == "client.authentication.k8s.io/exec")?.Extension;
        if (config is not null) info["config"] = JsonSerializer.SerializeToNode(config);
        return info;
    }

    public async Task<AuthenticationHeaderValue> GetAuthenticationHeaderAsync(CancellationToken cancellationToken)
    {
        await _running.WaitAsync(cancellationToken);
        try
        {
            // client-go asks again shortly before the token expires, not after a request failed with it.
            if (_credential is not { } known || (known.Expires is { } expires && expires - TimeSpan.FromSeconds(10) <= DateTimeOffset.UtcNow))
            {
                _credential = known = await RunAsync(cancellationToken);
            }
            return new AuthenticationHeaderValue("Bearer", known.Token);
        }
        finally
        {
            _running.Release();
        }
    }

    private async Task<(string Token, DateTimeOffset? Expires)> RunAsync(CancellationToken cancellationToken)
    {
        var apiVersion = exec.ApiVersion;
        if (!ApiVersions.Contains(apiVersion))
        {
            throw new ClusterConnectionException($"{where}: exec apiVersion '{apiVersion}' is not supported; use {string.Join(" or ", ApiVersions)} (v1alpha1 was removed in Kubernetes 1.24).");
        }
        var start = new ProcessStartInfo(exec.Command)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in exec.Arguments ?? []) start.ArgumentList.Add(argument);
        foreach (var variable in exec.EnvironmentVariables ?? [])
        {
            if (!variable.TryGetValue("name", out var name) || !variable.TryGetValue("value", out var value))
            {
                throw new ClusterConnectionException($"{where}: every exec env entry needs a name and a value; one has {string.Join(", ", variable.Keys)}.");
            }
            start.Environment[name] = value;
        }
        start.Environment["KUBERNETES_EXEC_INFO"] = Input(apiVersion, exec.ProvideClusterInfo ? cluster : null);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new ClusterConnectionException($"{where}: the credential plugin '{exec.Command}' cannot be run ({e.Message})." +
                (string.IsNullOrEmpty(exec.InstallHint) ? "" : $" {exec.InstallHint.Trim()}"));
        }
        using (process)
        {
            // Not interactive: the plugin gets no stdin, as client-go gives none when it is not a terminal.
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                throw new ClusterConnectionException($"{where}: the credential plugin '{exec.Command}' did not answer within {timeout.TotalSeconds:0}s.");
            }
            var output = await stdout;
            var errors = (await stderr).Trim();
            if (process.ExitCode != 0)
            {
                throw new ClusterConnectionException($"{where}: the credential plugin '{exec.Command}' failed (exit code {process.ExitCode})" +
                    (errors.Length == 0 ? "." : $": {Shorten(errors)}"));
            }
            return Parse(output, apiVersion);
        }
    }

    private (string Token, DateTimeOffset? Expires) Parse(string output, string apiVersion)
    {
        JsonObject? credential;
        try
        {
            credential = JsonNode.Parse(output) as JsonObject;
        }
        catch (JsonException e)
        {
            throw new ClusterConnectionException($"{where}: the credential plugin '{exec.Command}' did not print an ExecCredential as JSON ({e.Message}).");
        }
        if ((string?)credential?["apiVersion"] != apiVersion || (string?)credential?["kind"] != "ExecCredential")
        {
            throw new ClusterConnectionException($"{where}: the credential plugin '{exec.Command}' answered apiVersion '{credential?["apiVersion"]}', kind '{credential?["kind"]}'; " +
                $"client-go needs kind ExecCredential of the apiVersion asked for ({apiVersion}).");
        }
        var status = credential!["status"] as JsonObject;
        if (status?["token"]?.GetValue<string>() is not { Length: > 0 } token)
        {
            throw new ClusterConnectionException(status?["clientCertificateData"] is not null
                ? $"{where}: the credential plugin '{exec.Command}' answered with a client certificate; Pipelines takes tokens from exec plugins (as EKS, GKE and AKS plugins give). Put the certificate in the kubeconfig (client-certificate-data) instead."
                : $"{where}: the credential plugin '{exec.Command}' answered without status.token.");
        }
        var expires = status["expirationTimestamp"]?.GetValue<string>() is { } text
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : (DateTimeOffset?)null;
        return (token, expires);
    }

    private static string Shorten(string text) => text.Length <= 500 ? text : text[..500] + "…";
}
