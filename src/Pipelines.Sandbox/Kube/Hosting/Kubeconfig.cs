using System.Security.Cryptography.X509Certificates;

namespace Pipelines.Sandbox.Kube.Hosting;

/// <summary>A kubeconfig with one cluster, user and context pointing at the emulator.</summary>
public static class Kubeconfig
{
    public static string For(Uri server, string name, string? certificateAuthorityPem = null) => $$"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: {{name}}
          cluster:
            server: {{server.ToString().TrimEnd('/')}}{{(certificateAuthorityPem is null ? "" : "\n    certificate-authority-data: " + Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(certificateAuthorityPem)))}}
        users:
        - name: {{name}}
          user:
            token: {{name}}
        contexts:
        - name: {{name}}
          context:
            cluster: {{name}}
            user: {{name}}
            namespace: default
        current-context: {{name}}
        preferences: {}

        """;

    /// <summary>The same cluster and context, the user authenticating with a client certificate and its key (PEM, base64 as kubeconfigs hold them).</summary>
    public static string ForClientCertificate(Uri server, string name, string certificateAuthorityPem, X509Certificate2 client)
    {
        var key = client.GetECDsaPrivateKey()?.ExportECPrivateKeyPem() ?? client.GetRSAPrivateKey()?.ExportRSAPrivateKeyPem()
            ?? throw new ArgumentException("The client certificate has no private key.", nameof(client));
        return For(server, name, certificateAuthorityPem).Replace($"    token: {name}\n", $"""
                client-certificate-data: {Base64(client.ExportCertificatePem())}
                client-key-data: {Base64(key)}

            """, StringComparison.Ordinal);
    }

    private static string Base64(string pem) => Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(pem));
}
