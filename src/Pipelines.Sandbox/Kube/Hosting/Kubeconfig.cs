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
}
