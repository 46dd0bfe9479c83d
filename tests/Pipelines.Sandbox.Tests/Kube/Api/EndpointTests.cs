using System.Net.Http.Headers;
using System.Text;
using k8s;

namespace Pipelines.Sandbox.Tests.Kube.Api;

/// <summary>The endpoints beyond resources that kubectl and operators use: health, what a pod cannot do here, codecs.</summary>
public sealed class EndpointTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    [Theory]
    [InlineData("/healthz")]
    [InlineData("/livez")]
    [InlineData("/readyz")]
    public async Task Health_endpoints_answer_ok_and_list_their_checks_when_verbose(string path)
    {
        Assert.Equal("ok", await fixture.Http.GetStringAsync(path.TrimStart('/')));
        var verbose = await fixture.Http.GetStringAsync(path.TrimStart('/') + "?verbose");
        Assert.StartsWith("[+]ping ok\n", verbose);
        Assert.EndsWith($"{path.TrimStart('/')} check passed\n", verbose);
    }

    [Fact]
    public async Task A_pods_logs_are_not_emulated_and_say_so_and_a_missing_pod_is_still_not_found()
    {
        var ns = await fixture.NewNamespace();
        await fixture.Client.CoreV1.CreateNamespacedPodAsync(new k8s.Models.V1Pod
        {
            Metadata = new k8s.Models.V1ObjectMeta { Name = "web" },
            Spec = new k8s.Models.V1PodSpec { Containers = [new k8s.Models.V1Container { Name = "web", Image = "shop/web:1" }] },
        }, ns);

        var (code, status) = await fixture.Send(HttpMethod.Get, $"/api/v1/namespaces/{ns}/pods/web/log");
        var (missing, _) = await fixture.Send(HttpMethod.Get, $"/api/v1/namespaces/{ns}/pods/nope/log");

        Assert.Equal(501, code);
        Assert.StartsWith("pods/log is not emulated: the Kubernetes API emulator runs no containers", (string?)status["message"]);
        Assert.Equal(404, missing);
    }

    [Fact]
    public async Task A_protobuf_body_is_refused_with_415_so_that_clients_send_json()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/namespaces/default/configmaps") { Content = new ByteArrayContent([0x6b, 0x38, 0x73, 0x00]) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.kubernetes.protobuf");

        using var response = await fixture.Http.SendAsync(request);

        Assert.Equal(415, (int)response.StatusCode);
    }

    [Fact]
    public async Task OpenApi_v2_is_served_as_protobuf_to_clients_that_ask_for_it_alone()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "openapi/v2");
        request.Headers.TryAddWithoutValidation("Accept", "application/com.github.proto-openapi.spec.v2@v1.0+protobuf");

        using var response = await fixture.Http.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("application/com.github.proto-openapi.spec.v2@v1.0+protobuf", string.Join(",", response.Content.Headers.GetValues("Content-Type")));
        // Field 1 (swagger), length 3, "2.0"; the definitions and paths follow, with the vendor extensions kubectl reads.
        Assert.Equal(new byte[] { 0x0a, 0x03, (byte)'2', (byte)'.', (byte)'0' }, bytes[..5]);
        var text = Encoding.UTF8.GetString(bytes);
        Assert.Contains("io.k8s.api.apps.v1.Deployment", text);
        Assert.Contains("x-kubernetes-patch-merge-key", text);
    }

    [Fact]
    public async Task Self_subject_access_review_allows_everything_while_authorization_is_off()
    {
        var (code, review) = await fixture.Send(HttpMethod.Post, "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
            """{"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectAccessReview","spec":{"resourceAttributes":{"verb":"delete","group":"apps","resource":"deployments","namespace":"default"}}}""");

        Assert.Equal(201, code);
        Assert.True((bool)review["status"]!["allowed"]!);
    }
}
