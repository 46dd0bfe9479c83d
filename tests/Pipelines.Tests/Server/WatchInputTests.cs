using System.Net;
using System.Net.Http.Json;
using Pipelines.Tests.Registry;
using Pipelines.Tests.Releases;

namespace Pipelines.Tests.Server;

/// <summary>The API and the web UI take free text (a lock's message, an image, a service filter) and refuse a value with a
/// control character as the command line does: a newline in a message would end up in a commit message, where it could
/// forge a trailer. The answer is 400 naming the field; nothing is committed.</summary>
public sealed class WatchInputTests(AnonymousRegistry registry) : IClassFixture<AnonymousRegistry>, IAsyncLifetime
{
    private readonly ReleaseWorld _world = new(registry);
    private WatchHarness _watch = null!;

    public async Task InitializeAsync() => _watch = await WatchHarness.StartAsync(_world.Url, TimeSpan.FromHours(1), automation: false);

    public async Task DisposeAsync()
    {
        await _watch.DisposeAsync();
        _world.Dispose();
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string field, string character)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (response.Content.Headers.ContentType?.MediaType == "text/html") text = WebUtility.HtmlDecode(text);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        Assert.Contains($"'{field}'", text);
        Assert.Contains(character, text);
    }

    [Fact]
    public async Task Api_writes_refuse_a_control_character_in_any_field_with_400_naming_it()
    {
        using var client = _watch.Client();

        await AssertRefusedAsync(await client.PostAsJsonAsync("/api/environments/staging/services/sock-shop/carts/lock",
            new { message = "tonight\nPipelines-Action: rollback" }), "message", "a newline");
        await AssertRefusedAsync(await client.PostAsJsonAsync("/api/environments/staging/services/sock-shop/carts/release",
            new { image = _world.Image("carts", "1.2.0") + "\0" }), "image", "a NUL");
        await AssertRefusedAsync(await client.PostAsJsonAsync("/api/environments/production/promote",
            new { services = new[] { "carts\r" } }), "services", "a carriage return");

        Assert.Equal(1, _world.Commits());
    }

    [Fact]
    public async Task Api_reads_refuse_a_control_character_in_a_query_parameter()
    {
        using var client = _watch.Client(WatchHarness.ReadToken);

        await AssertRefusedAsync(await client.GetAsync("/api/history?service=carts%0A"), "service", "a newline");
    }

    [Fact]
    public async Task Ui_forms_and_queries_refuse_a_control_character_with_400_naming_the_field()
    {
        using var client = _watch.Client(token: null);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["message"] = "tonight\nPipelines-Action: rollback", ["csrf"] = "x" });

        await AssertRefusedAsync(await client.PostAsync("/ui/environments/staging/services/sock-shop/carts/lock", form), "message", "a newline");
        await AssertRefusedAsync(await client.GetAsync("/ui/history?environment=staging%00"), "environment", "a NUL");

        Assert.Equal(1, _world.Commits());
    }
}
