using System.Net.Http.Headers;
using System.Text;
using k8s;
using Pipelines.Sandbox.Kube.OpenApi;

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
    public async Task A_protobuf_body_as_kubectl_create_sends_it_is_read_like_json_and_cbor_is_refused_with_415()
    {
        // runtime.Unknown { typeMeta { apiVersion: v1, kind: Namespace }, raw: Namespace { metadata { name, labels { team: shop } } } }
        var label = new ProtobufWriter().String(1, "team").String(2, "shop");
        var metadata = new ProtobufWriter().String(1, "from-protobuf").Message(11, label);
        var raw = new ProtobufWriter().Message(1, metadata).ToArray();
        var envelope = new ProtobufWriter().Message(1, new ProtobufWriter().String(1, "v1").String(2, "Namespace")).Bytes(2, raw).String(4, "application/vnd.kubernetes.protobuf");
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/namespaces") { Content = new ByteArrayContent([.. "k8s\0"u8.ToArray(), .. envelope.ToArray()]) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.kubernetes.protobuf");
        using var cbor = new HttpRequestMessage(HttpMethod.Post, "api/v1/namespaces") { Content = new ByteArrayContent([0xd9, 0xd9, 0xf7]) };
        cbor.Content.Headers.ContentType = new MediaTypeHeaderValue("application/cbor");

        using var response = await fixture.Http.SendAsync(request);
        using var refused = await fixture.Http.SendAsync(cbor);
        var created = await fixture.Client.CoreV1.ReadNamespaceAsync("from-protobuf");

        Assert.Equal(201, (int)response.StatusCode);
        Assert.Equal("shop", created.Metadata.Labels["team"]);
        Assert.Equal(415, (int)refused.StatusCode);
    }

    [Fact]
    public async Task OpenApi_v2_is_served_as_protobuf_to_clients_that_ask_for_it_alone()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "openapi/v2");
        request.Headers.TryAddWithoutValidation("Accept", "application/com.github.proto-openapi.spec.v2@v1.0+protobuf");

        using var response = await fixture.Http.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("application/com.github.proto-openapi.spec.v2.v1.0+protobuf", string.Join(",", response.Content.Headers.GetValues("Content-Type")));
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
