using Pipelines.Config;
using Pipelines.Manifests;
using Pipelines.ReleaseManager;
using Pipelines.Server.Api;
using Pipelines.Server.Ui;
using Pipelines.Server.Ui.Pages;

namespace Pipelines.Tests.Server;

/// <summary>The web UI's pure parts: escaping, sessions, the CSRF and role decision, and what each role is rendered.</summary>
public sealed class WatchUiPureTests
{
    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static readonly ApiCaller Dana = new("dana", ApiRole.Operator);
    private static readonly ApiCaller Rita = new("rita", ApiRole.Read);

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
    public void Sessions_have_random_ids_and_csrf_tokens_end_at_sign_out_and_expire()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));
        var sessions = new UiSessions(clock, TimeSpan.FromHours(12));

        var first = sessions.SignIn(Dana);
        var second = sessions.SignIn(Dana);
        Assert.NotEqual(first.Id, second.Id);
        Assert.NotEqual(first.Csrf, second.Csrf);
        Assert.NotEqual(first.Id, first.Csrf);
        Assert.True(first.Id.Length >= 43); // 256 bits
        Assert.Equal(Dana, sessions.Find(first.Id)?.Caller);
        Assert.Null(sessions.Find("made-up"));
        Assert.Null(sessions.Find(null));

        sessions.SignOut(first.Id);
        Assert.Null(sessions.Find(first.Id));
        Assert.NotNull(sessions.Find(second.Id));

        clock.Now += TimeSpan.FromHours(12);
        Assert.Null(sessions.Find(second.Id));
    }

    [Fact]
    public void A_form_needs_a_session_its_own_csrf_token_and_for_writes_an_operator()
    {
        var sessions = new UiSessions(TimeProvider.System, TimeSpan.FromHours(1));
        var dana = sessions.SignIn(Dana);
        var rita = sessions.SignIn(Rita);

        Assert.Equal(FormRefusal.NoSession, UiAccess.Check(null, dana.Csrf, writes: true));
        Assert.Equal(FormRefusal.NoCsrf, UiAccess.Check(dana, null, writes: true));
        Assert.Equal(FormRefusal.NoCsrf, UiAccess.Check(dana, "", writes: true));
        Assert.Equal(FormRefusal.WrongCsrf, UiAccess.Check(dana, rita.Csrf, writes: true));
        Assert.Equal(FormRefusal.None, UiAccess.Check(dana, dana.Csrf, writes: true));
        Assert.Equal(FormRefusal.ReadOnly, UiAccess.Check(rita, rita.Csrf, writes: true));
        Assert.Equal(FormRefusal.None, UiAccess.Check(rita, rita.Csrf, writes: false)); // signing out is for everyone
        Assert.Equal((403, "rita has a read-only token; changes need an operator token. Nothing was changed."), UiAccess.Explain(FormRefusal.ReadOnly, rita));
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
        var sessions = new UiSessions(TimeProvider.System, TimeSpan.FromHours(1));

        var forOperator = DashboardPage.Render(new PageContext(sessions.SignIn(Dana), ["staging"], "staging"), Staging, status, showsLive: false).Value;
        Assert.Contains("locked by mallory</span>: &lt;img src=x onerror=alert(1)&gt;", forOperator);
        Assert.DoesNotContain("<img", forOperator);
        Assert.Contains("registry: &lt;b&gt;down&lt;/b&gt;", forOperator);
        // Every action opens its preview (a GET); the only form that posts from here is sign-out's.
        Assert.Single(forOperator.Split("<form").Skip(1), f => f.Contains("method=\"post\""));
        var previews = forOperator.Split("<form").Skip(1).Where(f => f.Contains("method=\"get\"")).Select(f => f[..f.IndexOf('>')]).ToList();
        Assert.Equal(["release/preview", "rollback/preview", "unlock/preview", "deautomate/preview"], previews.Select(f => string.Join('/', f.Split('"')[5].Split('/')[^2..])));

        var forReader = DashboardPage.Render(new PageContext(sessions.SignIn(Rita), ["staging"], "staging"), Staging, status, showsLive: false).Value;
        Assert.Single(forReader.Split("<form").Skip(1), f => f.Contains("method=\"post\""));
        Assert.Contains("action=\"/ui/sign-out\"", forReader);
        Assert.DoesNotContain("Actions", forReader);
    }
}
