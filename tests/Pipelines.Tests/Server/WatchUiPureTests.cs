using Pipelines.Config;
using Pipelines.Manifests;
using Pipelines.ReleaseManager;
using Pipelines.Server.Api;
using Pipelines.Server.SignIn;
using Pipelines.Server.Ui;
using Pipelines.Server.Ui.Pages;

namespace Pipelines.Tests.Server;

/// <summary>The web UI's pure parts: escaping, sessions, the CSRF and role decision, and what each role is rendered.</summary>
public sealed class WatchUiPureTests
{
    private static readonly ApiTokens Tokens = ApiTokens.Parse("operator-token-0123456789 operator dana\nread-token-0123456789 read rita\n", "tokens");
    private static readonly ApiCaller Dana = Tokens.Find("operator-token-0123456789")!;
    private static readonly ApiCaller Rita = Tokens.Find("read-token-0123456789")!;

    [Fact]
    public void Every_hole_is_html_encoded_unless_it_is_html_already()
    {
        var message = "<script>alert('x')</script> & \"quotes\"";
        var cell = Html.Of($"<td title=\"{message}\">{message}</td>");
        Assert.Equal("<td title=\"&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;</td>", cell.Value);
        Assert.Equal("<tr><td>a&amp;b</td></tr>", Html.Of($"<tr>{Html.Of($"<td>{"a&b"}</td>")}</tr>").Value); // not encoded twice
        Assert.Equal("/ui/environments/a%2Fb/x%20y", Html.Path("ui", "environments", "a/b", "x y"));
    }

    [Fact]
    public void A_session_cookie_carries_who_and_a_fresh_csrf_token_never_a_token()
    {
        var first = SessionClaims.Read(SessionClaims.For(Dana))!;
        var second = SessionClaims.Read(SessionClaims.For(Dana))!;
        Assert.NotEqual(first.Id, second.Id);
        Assert.NotEqual(first.Csrf, second.Csrf);
        Assert.NotEqual(first.Id, first.Csrf);
        Assert.True(first.Csrf.Length >= 43); // 256 bits
        Assert.Equal(Dana, first.Caller);
        Assert.Null(SessionClaims.Read(new System.Security.Claims.ClaimsPrincipal()));

        var person = new ApiCaller("Alice Example", ApiRole.Read) { Email = "alice@example.com", Principals = ["user:alice@example.com", "group:ops", "everyone"] };
        Assert.Equal(person, SessionClaims.Read(SessionClaims.For(person))!.Caller);
        Assert.Equal("Alice Example <alice@example.com>", person.Cause);
    }

    [Fact]
    public void A_form_needs_a_session_and_its_own_csrf_token()
    {
        var dana = SessionClaims.Read(SessionClaims.For(Dana))!;
        var rita = SessionClaims.Read(SessionClaims.For(Rita))!;

        Assert.Equal(FormRefusal.NoSession, UiAccess.Check(null, dana.Csrf));
        Assert.Equal(FormRefusal.NoCsrf, UiAccess.Check(dana, null));
        Assert.Equal(FormRefusal.NoCsrf, UiAccess.Check(dana, ""));
        Assert.Equal(FormRefusal.WrongCsrf, UiAccess.Check(dana, rita.Csrf));
        Assert.Equal(FormRefusal.None, UiAccess.Check(dana, dana.Csrf));
        Assert.Equal(FormRefusal.None, UiAccess.Check(rita, rita.Csrf)); // the role is the environment's to decide (AccessDecision)
    }

    private static readonly EnvironmentConfig Staging = new("staging", "environments/staging", "sock-shop", Pipelines.Config.Automation.Automatic, "glob:*", null, null, null, 1);

    private static EnvironmentStatus Status(string lockMessage)
    {
        var workload = new Workload("sock-shop:deployment/carts", "Deployment", "sock-shop", "carts", "environments/staging/carts.yaml", 0, 1,
            new Dictionary<string, string>(), [new WorkloadContainer("carts", "shop/carts:1.0.0", false, null!)], null!);
        var policy = new WorkloadPolicy(true, true, "mallory", lockMessage, new Dictionary<string, string>());
        var service = new ServiceStatus(workload, policy, [new ContainerStatus("carts", "shop/carts:1.0.0", null, "glob:*", "shop/carts:1.2.0", [])], null, null);
        return new EnvironmentStatus("staging", "0123456789abcdef", [service], ["registry: <b>down</b>"]);
    }

    [Fact]
    public void Dashboard_encodes_what_the_config_repo_says_and_gives_read_sessions_no_write_forms()
    {
        var status = Status("<img src=x onerror=alert(1)>");
        var forOperator = DashboardPage.Render(new PageContext(SessionClaims.Read(SessionClaims.For(Dana))!, ["staging"], "staging"), Staging, status, showsLive: false).Value;
        Assert.Contains("locked by mallory</span>: &lt;img src=x onerror=alert(1)&gt;", forOperator);
        Assert.DoesNotContain("<img", forOperator);
        Assert.Contains("registry: &lt;b&gt;down&lt;/b&gt;", forOperator);
        // Every action opens its preview (a GET); the only form that posts from here is sign-out's.
        Assert.Single(forOperator.Split("<form").Skip(1), f => f.Contains("method=\"post\""));
        var previews = forOperator.Split("<form").Skip(1).Where(f => f.Contains("method=\"get\"")).Select(f => f[..f.IndexOf('>')]).ToList();
        Assert.Equal(["release/preview", "rollback/preview", "unlock/preview", "deautomate/preview"], previews.Select(f => string.Join('/', f.Split('"')[5].Split('/')[^2..])));

        var forReader = DashboardPage.Render(new PageContext(SessionClaims.Read(SessionClaims.For(Rita))!, ["staging"], "staging"), Staging, status, showsLive: false).Value;
        Assert.Single(forReader.Split("<form").Skip(1), f => f.Contains("method=\"post\""));
        Assert.Contains("action=\"/ui/sign-out\"", forReader);
        Assert.DoesNotContain("Actions", forReader);
    }

    [Fact]
    public void History_links_each_commit_to_the_git_hosts_page_when_given_one_else_to_the_report()
    {
        var entry = new Pipelines.Releases.HistoryEntry("rel-01kbgx5m8n2p4q6r8s0t2v4w6y", Pipelines.Releases.ReleaseAction.Release, "staging",
            [new ContainerChange("sock-shop:deployment/carts", "carts", "shop/carts:1.0.0", "shop/carts:1.2.0")], "dana", new string('c', 40),
            DateTimeOffset.UnixEpoch, "Release", null, ["sock-shop:deployment/carts"]);
        var page = new PageContext(SessionClaims.Read(SessionClaims.For(Dana))!, ["staging"], "history");

        var hosted = HistoryPage.Render(page, [entry], null, null, 50, _ => null, "https://git.example.com/platform/config/-/commit/{commit}").Value;
        var plain = HistoryPage.Render(page, [entry], null, null, 50, _ => null).Value;

        Assert.Contains($"href=\"https://git.example.com/platform/config/-/commit/{entry.Commit}\"", hosted);
        Assert.Contains("href=\"/ui/reports/rel-01kbgx5m8n2p4q6r8s0t2v4w6y#commit\"", plain);
    }
}
