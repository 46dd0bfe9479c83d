using System.Net.Http.Headers;
using Pipelines.Sandbox.Kube.Auth;
using Pipelines.Sandbox.Kube.Hosting;

namespace Pipelines.Sandbox.Tests.Kube.Api;

/// <summary>Authentication by token and RBAC, when asked for: the least-privilege tests of the product rely on them.</summary>
public sealed class AuthorizationTests : IAsyncLifetime
{
    private KubeApiEmulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await KubeApiEmulator.StartAsync(new EmulatorOptions
    {
        Authorization = true,
        Tls = true,
        Tokens = new Dictionary<string, EmulatorUser> { ["reader-token"] = EmulatorUser.ServiceAccount("default", "reader") },
    });

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    private async Task<(int Code, string Body)> Send(string? token, HttpMethod method, string path, string? body = null)
    {
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
            certificate?.ExportCertificatePem() == _emulator.CertificateAuthorityPem };
        using var http = new HttpClient(handler) { BaseAddress = _emulator.BaseAddress };
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null) request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_request_without_a_known_token_is_unauthorized()
    {
        Assert.Equal(401, (await Send(null, HttpMethod.Get, "/api/v1/namespaces")).Code);
        Assert.Equal(401, (await Send("guess", HttpMethod.Get, "/api/v1/namespaces")).Code);
    }

    [Fact]
    public async Task A_service_account_may_do_what_its_role_binding_allows_and_nothing_else()
    {
        var admin = _emulator.Options.ClusterName;
        Assert.Equal(201, (await Send(admin, HttpMethod.Post, "/apis/rbac.authorization.k8s.io/v1/namespaces/default/roles",
            """{"metadata":{"name":"read-config"},"rules":[{"apiGroups":[""],"resources":["configmaps"],"verbs":["get","list"]}]}""")).Code);
        Assert.Equal(201, (await Send(admin, HttpMethod.Post, "/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings",
            """{"metadata":{"name":"reader"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"read-config"},"subjects":[{"kind":"ServiceAccount","name":"reader","namespace":"default"}]}""")).Code);

        var listed = await Send("reader-token", HttpMethod.Get, "/api/v1/namespaces/default/configmaps");
        var secrets = await Send("reader-token", HttpMethod.Get, "/api/v1/namespaces/default/secrets/token");
        var create = await Send("reader-token", HttpMethod.Post, "/api/v1/namespaces/default/configmaps", """{"metadata":{"name":"x"}}""");
        var discovery = await Send("reader-token", HttpMethod.Get, "/apis");

        Assert.Equal(200, listed.Code);
        Assert.Equal(403, secrets.Code);
        Assert.Contains("secrets \\\"token\\\" is forbidden: User \\\"system:serviceaccount:default:reader\\\" cannot get resource \\\"secrets\\\" in API group \\\"\\\" in the namespace \\\"default\\\"", secrets.Body);
        Assert.Equal(403, create.Code);
        Assert.Equal(200, discovery.Code);
    }

    [Fact]
    public async Task Self_subject_access_review_answers_with_the_callers_own_rights()
    {
        var review = await Send("reader-token", HttpMethod.Post, "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
            """{"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectAccessReview","spec":{"resourceAttributes":{"verb":"delete","resource":"pods","namespace":"default"}}}""");

        Assert.Equal(201, review.Code);
        Assert.Contains("\"allowed\":false", review.Body);
    }
}
