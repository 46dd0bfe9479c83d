namespace Pipelines.Tests.Server;

/// <summary>
/// Push bodies as each registry documents them, written for these tests (the shape and fields each service sends, with our own
/// values): Docker Hub's repository webhook, Quay's repository push notification, Harbor's PUSH_ARTIFACT event, GitHub's package
/// and registry_package events, Azure Container Registry's push event, and the distribution registry's envelope (also what
/// GitLab's container registry sends).
/// </summary>
internal static class HookBodies
{
    public static string DockerHub(string repository, string tag) => $$"""
        {
          "callback_url": "https://registry.hub.docker.com/u/{{repository}}/hook/2141b5bi5i5b02bec211i4eeih0242eg11000a/",
          "push_data": {"pushed_at": 1417566161, "pusher": "trustedbuilder", "tag": "{{tag}}"},
          "repository": {
            "comment_count": 0, "date_created": 1417494799, "description": "", "is_official": false, "is_private": true, "is_trusted": true,
            "name": "{{repository.Split('/')[^1]}}", "namespace": "{{repository.Split('/')[0]}}", "owner": "{{repository.Split('/')[0]}}",
            "repo_name": "{{repository}}", "repo_url": "https://registry.hub.docker.com/u/{{repository}}/", "star_count": 0, "status": "Active"
          }
        }
        """;

    public static string Quay(string host, string repository, params string[] tags) => $$"""
        {
          "repository": "{{repository}}",
          "namespace": "{{repository.Split('/')[0]}}",
          "name": "{{repository.Split('/')[^1]}}",
          "docker_url": "{{host}}/{{repository}}",
          "homepage": "https://{{host}}/repository/{{repository}}",
          "updated_tags": [{{string.Join(", ", tags.Select(t => $"\"{t}\""))}}]
        }
        """;

    public static string Harbor(string host, string repository, string tag, string type = "PUSH_ARTIFACT") => $$"""
        {
          "type": "{{type}}",
          "occur_at": 1680502375,
          "operator": "admin",
          "event_data": {
            "resources": [
              {"digest": "sha256:{{new string('c', 64)}}", "tag": "{{tag}}", "resource_url": "{{host}}/{{repository}}:{{tag}}"}
            ],
            "repository": {"date_created": 1680501893, "name": "{{repository.Split('/')[^1]}}", "namespace": "{{repository.Split('/')[0]}}",
              "repo_full_name": "{{repository}}", "repo_type": "private"}
          }
        }
        """;

    /// <param name="registry">ghcr.io, or the registry a GitHub Enterprise Server serves packages from (the body's <c>registry.url</c> names it).</param>
    public static string GitHubPackage(string owner, string name, string tag, string action = "published", string registry = "ghcr.io") => $$"""
        {
          "action": "{{action}}",
          "package": {
            "id": 2011371, "name": "{{name}}", "namespace": "{{owner}}", "ecosystem": "CONTAINER", "package_type": "CONTAINER",
            "html_url": "https://github.com/orgs/{{owner}}/packages/container/package/{{name}}",
            "owner": {"login": "{{owner}}", "type": "Organization"},
            "package_version": {
              "id": 91231234, "version": "sha256:{{new string('d', 64)}}", "name": "sha256:{{new string('d', 64)}}",
              "container_metadata": {"tag": {"name": "{{tag}}", "digest": "sha256:{{new string('d', 64)}}"}, "labels": {}, "manifest": {} },
              "package_url": "{{registry}}/{{owner.ToLowerInvariant()}}/{{name}}:{{tag}}"
            },
            "registry": {"about_url": "https://docs.github.com/packages", "name": "GitHub CONTAINER registry", "type": "CONTAINER", "url": "https://{{registry}}/{{owner}}", "vendor": "GitHub Inc"}
          },
          "organization": {"login": "{{owner}}"},
          "sender": {"login": "ci-bot"}
        }
        """;

    public static string GitHubRegistryPackage(string owner, string name, string tag, string registry = "ghcr.io") => $$"""
        {
          "action": "published",
          "registry_package": {
            "name": "{{name}}", "package_type": "CONTAINER", "owner": {"login": "{{owner}}"},
            "package_version": {"version": "sha256:{{new string('e', 64)}}", "container_metadata": {"tag": {"name": "{{tag}}", "digest": "sha256:{{new string('e', 64)}}" } } },
            "registry": {"url": "https://{{registry}}/{{owner}}"}
          }
        }
        """;

    public static string Azure(string host, string repository, string tag) => $$"""
        {
          "id": "cb8c3971-9adc-488b-xxxx-43cbb4974ff5",
          "timestamp": "2017-11-17T16:52:01.343145347Z",
          "action": "push",
          "target": {
            "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
            "size": 524, "digest": "sha256:{{new string('f', 64)}}", "length": 524,
            "repository": "{{repository}}", "tag": "{{tag}}"
          },
          "request": {"id": "3cbb6949-7549-4fa1-xxxx-a6d5451dffc7", "host": "{{host}}", "method": "PUT", "useragent": "docker/17.09.0-ce"}
        }
        """;

    public static string Envelope(string host, string repository, string tag) => $$"""
        {"events": [
          {"id": "320678d8-ca14-430f-8bb6-4ca139cd83f7", "timestamp": "2016-03-09T14:44:26.402973972-08:00", "action": "push",
           "target": {"mediaType": "application/vnd.docker.distribution.manifest.v2+json", "size": 708, "digest": "sha256:{{new string('a', 64)}}",
                      "length": 708, "repository": "{{repository}}", "url": "https://{{host}}/v2/{{repository}}/manifests/sha256:{{new string('a', 64)}}", "tag": "{{tag}}"},
           "request": {"id": "6df24a34-0959-4923-81ca-14f09767db19", "addr": "192.168.64.11:42961", "host": "{{host}}", "method": "PUT", "useragent": "curl/7.38.0"},
           "actor": {}, "source": {"addr": "xtal.local:5000", "instanceID": "a53db899-3b4b-4a62-a067-8dd013beaca4"} }
        ]}
        """;
}
