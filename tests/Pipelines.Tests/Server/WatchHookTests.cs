using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Pipelines.Tests.Registry;
using Pipelines.Tests.Releases;

namespace Pipelines.Tests.Server;

/// <summary>
/// Each registry's push body, posted to a running Watch the way that registry sends it (its own path, its own proof of the
/// secret), starts automation at once: with an hour between polls, only the hook explains the release that follows.
/// </summary>
public sealed class WatchHookTests(AnonymousRegistry registry) : IClassFixture<AnonymousRegistry>, IDisposable
{
    private readonly ReleaseWorld _world = new(registry);

    public void Dispose() => _world.Dispose();

    private const string Secret = WatchHarness.WebhookSecret;

    public static TheoryData<string> Services => ["dockerhub", "quay", "harbor", "gitlab", "github", "github-registry-package", "acr", "registry", "image"];

    /// <summary>The request a service sends for a push of <paramref name="image"/> (host/path/repository:tag), and what Watch logs of it.</summary>
    private static (HttpRequestMessage Request, string Logged) Push(string service, string image)
    {
        var host = image.Split('/')[0];
        var repository = image[(host.Length + 1)..image.LastIndexOf(':')];
        var tag = image[(image.LastIndexOf(':') + 1)..];
        HttpRequestMessage Post(string path, string body, string contentType = "application/json") =>
            new(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, contentType) };
        switch (service)
        {
            case "dockerhub":
                // Docker Hub's body can only name an image on docker.io, and no registry here serves docker.io: this one proves the
                // hook reads and triggers, not which image it named.
                return (Post($"/hooks/dockerhub/{Secret}", HookBodies.DockerHub("shop/carts", tag)), $"Docker Hub pushed docker.io/shop/carts:{tag}");
            case "quay":
                return (Post($"/hooks/quay?secret={Secret}", HookBodies.Quay(host, repository, tag)), $"Quay pushed {image}");
            case "harbor":
            {
                var request = Post("/hooks/harbor", HookBodies.Harbor(host, repository, tag));
                request.Headers.TryAddWithoutValidation("Authorization", Secret); // Harbor sends its "Auth Header" as given
                return (request, $"Harbor pushed {image}");
            }
            case "gitlab":
            {
                var request = Post("/hooks/gitlab", HookBodies.Envelope(host, repository, tag), "application/vnd.docker.distribution.events.v1+json");
                request.Headers.TryAddWithoutValidation("Authorization", Secret);
                return (request, $"registry pushed {image}");
            }
            case "github" or "github-registry-package":
            {
                var registryPackage = service == "github-registry-package";
                // The package lives where the test's registry serves it (as on a GitHub Enterprise Server's own registry): the body's
                // registry URL names that host, the owner and name the repository's path.
                var (owner, name) = (repository[..repository.IndexOf('/')], repository[(repository.IndexOf('/') + 1)..]);
                var body = registryPackage ? HookBodies.GitHubRegistryPackage(owner, name, tag, registry: host) : HookBodies.GitHubPackage(owner, name, tag, registry: host);
                var request = Post("/hooks/github", body);
                request.Headers.Add("X-GitHub-Event", registryPackage ? "registry_package" : "package");
                request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(body))));
                return (request, $"GitHub pushed {image}");
            }
            case "acr":
            {
                var request = Post("/hooks/acr", HookBodies.Azure(host, repository, tag));
                request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {Secret}"); // an Azure webhook's custom header
                return (request, $"Azure Container Registry pushed {image}");
            }
            case "registry":
            {
                var request = Post("/hooks/registry", HookBodies.Envelope(host, repository, tag), "application/vnd.docker.distribution.events.v1+json");
                request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {Secret}");
                return (request, $"registry pushed {image}");
            }
            default:
                // A body of a known shape sent to the generic hook is read as that registry's.
                return (Post($"/hooks/image/{Secret}", HookBodies.Quay(host, repository, tag)), $"Quay pushed {image}");
        }
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task A_push_posted_as_the_registry_sends_it_releases_at_once(string service)
    {
        await _world.PushUsualAsync();
        await using var watch = await WatchHarness.StartAsync(_world.Url, TimeSpan.FromHours(1));
        await WatchHarness.EventuallyAsync(() => watch.Server.Automation.Cycles > 0, "the first automation cycle");
        await WatchHarness.EventuallyAsync(() => _world.Show("environments/staging/carts.yaml").Contains("carts:1.2.0"), "the first cycle's release");
        await _world.PushAsync("carts", "1.3.0");
        using var http = new HttpClient { BaseAddress = new Uri(watch.Server.Address) };

        var (request, logged) = Push(service, _world.Image("carts", "1.3.0"));
        var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await WatchHarness.EventuallyAsync(() => _world.Show("environments/staging/carts.yaml").Contains("carts:1.3.0"), $"automation after {service}'s push");
        Assert.Contains(logged, watch.LogText);
        // What the body named is what got released (Docker Hub's names only docker.io, which this sandbox cannot serve; see Push).
        if (service != "dockerhub") Assert.EndsWith($"pushed {_world.Image("carts", "1.3.0")}", logged);
        Assert.Matches($"image: {Regex.Escape(_world.Image("carts", "1.3.0"))}(@sha256:[0-9a-f]{{64}})?\\s", _world.Show("environments/staging/carts.yaml"));
        Assert.DoesNotContain(Secret, watch.LogText);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task A_push_without_the_secret_is_refused_and_starts_nothing(string service)
    {
        await using var watch = await WatchHarness.StartAsync(_world.Url, TimeSpan.FromHours(1), automation: false);
        using var http = new HttpClient { BaseAddress = new Uri(watch.Server.Address) };
        var (request, _) = Push(service, _world.Image("carts", "1.3.0"));
        var forged = new HttpRequestMessage(HttpMethod.Post, request.RequestUri!.OriginalString.Replace(Secret, "guess")) { Content = request.Content };
        foreach (var header in request.Headers.Where(h => h.Key != "Authorization" && h.Key != "X-Hub-Signature-256")) forged.Headers.TryAddWithoutValidation(header.Key, header.Value);
        if (service.StartsWith("github", StringComparison.Ordinal)) forged.Headers.Add("X-Hub-Signature-256", "sha256=" + new string('0', 64));
        else forged.Headers.TryAddWithoutValidation("Authorization", "Bearer guess");

        var response = await http.SendAsync(forged);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("looking now", watch.LogText);
    }
}
