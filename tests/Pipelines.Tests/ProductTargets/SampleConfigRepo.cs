namespace Pipelines.Tests.ProductTargets;

/// <summary>A small config repo in the format of DESIGN.md: pipelines.yaml and a staging environment of N services.</summary>
internal static class SampleConfigRepo
{
    public const string PipelinesYaml = """
        environments:
          staging:
            path: environments/staging
            namespace: sock-shop
            automation: automatic
          production:
            path: environments/production
            namespace: sock-shop
            automation: manual
            promoteFrom: staging
        """;

    /// <summary>The image pinned to a made-up digest, as PushImage records what it pushed: releases take it as given, without a registry.</summary>
    public static string Pinned(string image) =>
        image + "@sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(image)));

    public static string Service(string name, string image) => $$"""
        # {{name}}: owned by the {{name}} team
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{name}}
          labels:
            app.kubernetes.io/version: "{{image.Split(':')[^1]}}"
        spec:
          replicas: 2
          template:
            spec:
              containers:
              - name: {{name}}
                image: {{image}}   # set by CI
                ports: [{containerPort: 8080}]
        """ + "\n";

    public static (string Path, string Content)[] Files(int services) =>
        Enumerable.Range(1, services)
            .Select(i => ($"environments/staging/service-{i}.yaml", Service($"service-{i}", $"registry.example.com/service-{i}:1.0.0")))
            .Append(("pipelines.yaml", PipelinesYaml))
            .Append(("environments/production/service-1.yaml", Service("service-1", "registry.example.com/service-1:0.9.0")))
            .ToArray();
}
