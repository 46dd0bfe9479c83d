using k8s;
using Pipelines.Kubernetes;
using Pipelines.Sandbox.Kube.Faults;

namespace Pipelines.Tests.Kubernetes;

/// <summary>
/// A real API server answers 429 when it is busy, 5xx when it restarts, and drops connections behind load
/// balancers; these come after the config repo's push, so a run must ride them out where that is safe.
/// </summary>
public sealed class RetryTests : IAsyncLifetime
{
    private ClusterHarness _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ClusterHarness.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Sync_succeeds_through_429s_with_Retry_After_a_503_and_a_dropped_connection()
    {
        var faults = _cluster.Emulator.Faults;
        faults.Next(2, FaultKind.TooManyRequests, (method, path) => method == "PATCH" && path.EndsWith("/namespaces/sock-shop", StringComparison.Ordinal));
        faults.Next(1, FaultKind.ServiceUnavailable, (method, path) => method == "GET" && path.EndsWith("/services/front-end", StringComparison.Ordinal));
        faults.Next(1, FaultKind.Reset, (method, path) => method == "PATCH" && path.EndsWith("/deployments/front-end", StringComparison.Ordinal));

        var (exitCode, stdout, stderr) = await _cluster.Run("Sync", "--environment", "staging");

        Assert.True(exitCode == 0, stderr);
        Assert.Matches(@"2\d created", stdout);
        var requests = _cluster.Emulator.Requests;
        Assert.Equal(2, requests.Count(r => r.StatusCode == 429));
        Assert.Single(requests, r => r.StatusCode == 503);
        Assert.Single(requests, r => r.StatusCode == 0);
        Assert.Equal("weaveworksdemos/front-end:0.3.12",
            (await _cluster.Client().AppsV1.ReadNamespacedDeploymentAsync("front-end", "sock-shop")).Spec.Template.Spec.Containers[0].Image);
    }

    [Fact]
    public async Task SetImage_keeps_waiting_for_its_rollout_through_API_errors_that_outlast_the_retries()
    {
        Assert.Equal(0, (await _cluster.Run("Sync", "--environment", "staging")).ExitCode);
        var patched = false;
        // After the image is set, the deployment cannot be read for a while: more 503s in a row than one read retries.
        _cluster.Emulator.Faults.Next(8, FaultKind.ServiceUnavailable, (method, path) =>
        {
            if (method == "PATCH" && path.EndsWith("/deployments/front-end", StringComparison.Ordinal)) patched = true;
            return patched && method == "GET" && path.EndsWith("/deployments/front-end", StringComparison.Ordinal);
        });

        var (exitCode, stdout, stderr) = await _cluster.Run("SetImage", "--service", "sock-shop/front-end", "--container", "front-end", "--image", "weaveworksdemos/front-end:0.3.13", "--rollout-timeout", "2m");

        Assert.True(exitCode == 0, stderr);
        Assert.Contains("reading the rollout failed", stderr);
        Assert.Contains("the Kubernetes API answers again", stderr);
        Assert.Contains("rolled out", stdout);
        Assert.Equal(8, _cluster.Emulator.Requests.Count(r => r.StatusCode == 503));
    }

    [Fact]
    public async Task Sync_succeeds_under_seeded_random_faults_on_every_kind_of_request()
    {
        await using var faulty = await ClusterHarness.StartAsync(options => options with { Faults = FaultRates.Parse("429:0.05,503:0.05,reset:0.03,seed:20") });

        var (exitCode, stdout, stderr) = await faulty.Run("Sync", "--environment", "staging");

        Assert.True(exitCode == 0, stderr);
        Assert.Matches(@"2\d created", stdout);
        Assert.Contains(faulty.Emulator.Requests, r => r.StatusCode is 429 or 503 or 0);
    }

    [Theory]
    [InlineData("GET", null, 503, true)]
    [InlineData("GET", null, null, true)]
    [InlineData("PATCH", "application/apply-patch+yaml", 503, true)]
    [InlineData("PATCH", "application/strategic-merge-patch+json", null, true)]
    [InlineData("PUT", "application/json", 500, false)]
    [InlineData("PUT", "application/json", 504, true)]
    [InlineData("DELETE", "application/json", 502, true)]
    [InlineData("POST", "application/json", 503, false)]
    [InlineData("POST", "application/json", null, false)]
    [InlineData("PATCH", "application/json-patch+json", 503, false)]
    [InlineData("POST", "application/json", 429, true)]
    [InlineData("GET", null, 404, false)]
    [InlineData("PATCH", "application/apply-patch+yaml", 409, false)]
    public void Only_requests_that_mean_the_same_when_sent_twice_are_retried_after_a_502_503_504_or_a_dropped_connection(string method, string? contentType, int? status, bool retried)
    {
        Assert.Equal(retried, KubeRequestPolicy.ShouldRetry(new HttpMethod(method), contentType, (System.Net.HttpStatusCode?)status, failedToAnswer: status is null));
    }
}
