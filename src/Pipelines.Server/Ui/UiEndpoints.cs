using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Pipelines.Config;
using Pipelines.Diagnostics;
using Pipelines.ReleaseManager;
using Pipelines.Releases;
using Pipelines.Server.Access;
using Pipelines.Server.Api;
using Pipelines.Server.Automation;
using Pipelines.Server.SignIn;
using Pipelines.Server.Health;
using Pipelines.Server.Ui.Pages;
using Pipelines.Server.Ui.Progress;

namespace Pipelines.Server.Ui;

/// <summary>
/// The web UI, server-rendered HTML with no script: sign in at <c>/</c> (single sign-on with an OpenID Connect provider,
/// else an API token exchanged for a session cookie), a page per environment with its services and buttons, the history,
/// and the report of each button press. Every button runs the same operation as the JSON API (<see cref="ServiceOperations"/>
/// through <see cref="SerializedOperations"/>) after the same role check (<see cref="EnvironmentAccess"/>), with the signed-in
/// person (or token) as the commit's author and cause. See docs/watch.md.
/// </summary>
public sealed partial class UiEndpoints
{
    private readonly ApiTokens _tokens;
    private readonly SerializedOperations _operations;
    private readonly bool _showsLive;
    private readonly ILog _log;
    private readonly EnvironmentAccess _access;
    private readonly string? _provider;
    private readonly ServiceHealth _health;
    private readonly LiveRuns _runs = new();
    private readonly CancellationToken _stopping;
    private string? CommitUrl { get; init; }

    private UiEndpoints(ApiTokens tokens, SerializedOperations operations, bool showsLive, ILog log, EnvironmentAccess access, string? provider,
        ServiceHealth health, CancellationToken stopping)
    {
        (_tokens, _operations, _showsLive, _log, _access, _provider, _health, _stopping) = (tokens, operations, showsLive, log, access, provider, health, stopping);
    }

    private ReleaseOperations Reads => _operations.Reads;

    /// <param name="stopping">Ends with the service: operations started from the UI run past their request, until this.</param>
    public static UiEndpoints Map(IEndpointRouteBuilder app, WatchOptions options, SerializedOperations operations, ILog log, ServiceHealth health,
        EnvironmentAccess access, CancellationToken stopping)
    {
        var ui = new UiEndpoints(options.Tokens, operations, options.Releases.OpenCluster is not null, log, access, options.SignIn.Oidc?.DisplayName, health, stopping)
        {
            CommitUrl = options.CommitUrl,
        };
        app.MapGet("/ui/style.css", () => Results.Text(UiStyle.Css, "text/css; charset=utf-8"));
        app.MapGet("/", ui.HomeAsync);
        // With a provider, people sign in there only: a pasted token would bypass its sign-in policy (MFA, offboarding).
        if (options.SignIn.Oidc is null) app.MapPost("/ui/sign-in", ui.SignInAsync);
        else app.MapGet(ConsoleAuthentication.StartPath, ConsoleAuthentication.ChallengeAsync);
        app.MapPost("/ui/sign-out", ui.SignOutAsync);
        app.MapGet("/ui/environments/{env}", ui.EnvironmentAsync);
        app.MapGet("/ui/history", ui.HistoryAsync);
        app.MapGet("/ui/reports/{release}", ui.ReportAsync);
        app.MapPost("/ui/environments/{env}/services/{namespace}/{name}/{operation}", ui.ServiceOperationAsync);
        app.MapPost("/ui/environments/{env}/promote", ui.PromoteAsync);
        ui.MapConsole(app, options);
        return ui;
    }

    private static UiSession? Session(HttpContext context) => SessionClaims.Read(context.User);

    private async Task HomeAsync(HttpContext context)
    {
        if (Session(context) is null)
        {
            await SignInFormAsync(context, StatusCodes.Status200OK, null);
            return;
        }
        await Guarded(context, null, async () =>
        {
            var first = (await PageAsync(context, Session(context)!, null)).Environments.FirstOrDefault();
            SeeOther(context, first is null ? "/ui/history" : "/ui");
        });
    }

    private async Task SignInFormAsync(HttpContext context, int status, string? error)
    {
        var csrf = UiSession.NewSecret();
        context.Response.Cookies.Append(UiAccess.SignInCookie, csrf, UiAccess.Cookie(context));
        await UiAccess.WritePageAsync(context, status, SignInPage.Render(csrf, error, _provider));
    }

    private async Task SignInAsync(HttpContext context)
    {
        var form = await FormAsync(context);
        var expected = context.Request.Cookies[UiAccess.SignInCookie];
        var sent = form?[UiAccess.CsrfField].ToString();
        if (string.IsNullOrEmpty(sent) || string.IsNullOrEmpty(expected))
        {
            await SignInFormAsync(context, StatusCodes.Status400BadRequest, "The sign-in form carried no CSRF token (or cookies are off). Sign in from this page.");
            return;
        }
        if (!UiSession.SameSecret(sent, expected))
        {
            await SignInFormAsync(context, StatusCodes.Status403Forbidden, "The sign-in form is not the one this browser was given. Sign in from this page.");
            return;
        }
        if (_tokens.Find(form?["token"].ToString().Trim() ?? "") is not { } caller)
        {
            await SignInFormAsync(context, StatusCodes.Status401Unauthorized, "That is not a token of --api-tokens-file. Check for a missing character and try again.");
            return;
        }
        // A new session (and CSRF token) at every sign-in: a cookie planted before signing in is worth nothing after.
        await context.SignInAsync(ConsoleAuthentication.CookieScheme, SessionClaims.For(caller));
        _log.Info($"Web UI: {caller.Name} signed in ({caller.RoleText}).");
        context.Response.Cookies.Delete(UiAccess.SignInCookie, UiAccess.Cookie(context));
        SeeOther(context, "/");
    }

    private async Task SignOutAsync(HttpContext context)
    {
        var session = Session(context);
        var form = await FormAsync(context);
        if (await RefusedAsync(context, session, form)) return;
        await context.SignOutAsync(ConsoleAuthentication.CookieScheme);
        SeeOther(context, "/");
    }

    private async Task EnvironmentAsync(HttpContext context)
    {
        if (SignedIn(context) is not { } session) return;
        var name = Route(context, "env");
        await Guarded(context, session, async () =>
        {
            var environments = await Reads.EnvironmentsAsync(context.RequestAborted);
            var page = await PageAsync(context, session, name);
            if (environments.FirstOrDefault(e => e.Name == name) is not { } environment)
            {
                await NotFoundAsync(context, page, $"No environment '{name}'; environments: {string.Join(", ", page.Environments)}.");
                return;
            }
            var role = await _access.RoleAsync(session.Caller, name, context.RequestAborted);
            if (AccessDecision.Refusal(session.Caller, name, role, Config.AccessRole.Viewer, "seeing it") is { } refusal)
            {
                await UiAccess.WritePageAsync(context, StatusCodes.Status403Forbidden, ErrorPage.Render(StatusCodes.Status403Forbidden, refusal, page, "/", "Back"));
                return;
            }
            page = page with { Session = InEnvironment(session, name, role) };
            var status = await Reads.StatusAsync(environment.Name, context.RequestAborted);
            await UiAccess.WritePageAsync(context, StatusCodes.Status200OK, DashboardPage.Render(page, environment, status, _showsLive));
        });
    }

    private async Task HistoryAsync(HttpContext context)
    {
        if (SignedIn(context) is not { } session) return;
        await Guarded(context, session, async () =>
        {
            var query = context.Request.Query;
            var environment = NullIfEmpty(query["environment"]);
            var service = NullIfEmpty(query["service"]);
            var limit = int.TryParse(query["limit"], out var n) && n > 0 ? Math.Min(n, 1000) : 50;
            var page = await PageAsync(context, session, "history");
            var entries = (await Reads.HistoryAsync(environment, service, limit, context.RequestAborted)).Where(e => page.Environments.Contains(e.Environment)).ToList();
            await UiAccess.WritePageAsync(context, StatusCodes.Status200OK,
                HistoryPage.Render(page, entries, environment, service, limit, release => _runs.Find(release)?.Report, CommitUrl));
        });
    }

    private async Task ReportAsync(HttpContext context)
    {
        if (SignedIn(context) is not { } session) return;
        await Guarded(context, session, async () =>
        {
            var page = await PageAsync(context, session, null);
            var release = Route(context, "release");
            // A report of an environment this caller may not see is not theirs to read.
            if (_runs.Find(release) is { } run && page.Environments.Contains(run.Environment))
            {
                await RunReportAsync(context, page, run);
                return;
            }
            // Every release of every path (CLI, CI, automation, another replica) is a commit: its report is read back from there.
            var history = await Reads.HistoryAsync(null, null, HistoryReach, context.RequestAborted);
            if (history.FirstOrDefault(e => e.Release == release && page.Environments.Contains(e.Environment)) is { } entry)
            {
                await UiAccess.WritePageAsync(context, StatusCodes.Status200OK, HistoryReportPage.Render(page, entry, history));
                return;
            }
            await NotFoundAsync(context, page, $"No release {release} in the last {HistoryReach} commits of the config repo's history, nor running here.");
        });
    }

    private async Task ServiceOperationAsync(HttpContext context)
    {
        var session = Session(context);
        var form = await FormAsync(context);
        if (await RefusedAsync(context, session, form)) return;
        var (env, operation) = (Route(context, "env"), Route(context, "operation"));
        var service = $"{Route(context, "namespace")}/{Route(context, "name")}";
        var write = Write(form!);
        var (options, progress) = Started(ServiceOperations.For(env, session!.Caller, NullIfEmpty(form!["message"])));
        if (ServiceOperations.Find(operation, options, service, write) is not { } found)
        {
            await NotFoundAsync(context, await PageAsync(context, session, env), $"No operation '{operation}'; operations: {ServiceOperations.Names}.");
            return;
        }
        if (await NotAllowedAsync(context, session, env, AccessDecision.Needed(operation, write.Force), $"{operation} of {service}")) return;
        Start(context, options, progress, found.Action, found.Run);
    }

    private async Task PromoteAsync(HttpContext context)
    {
        var session = Session(context);
        var form = await FormAsync(context);
        if (await RefusedAsync(context, session, form)) return;
        var env = Route(context, "env");
        if (await NotAllowedAsync(context, session!, env, AccessDecision.Needed("promote", force: false), "promote")) return;
        IReadOnlyList<string> services = NullIfEmpty(form!["service"]) is { } one ? [one] : [];
        var (options, progress) = Started(ServiceOperations.For(env, session!.Caller, NullIfEmpty(form["message"])));
        Start(context, options, progress, ReleaseAction.Promote, (o, ct) => o.PromoteAsync(options, null, services, false, ct));
    }

    /// <summary>Answers a refused form with its reason and true; false when the form may proceed.</summary>
    private async Task<bool> RefusedAsync(HttpContext context, UiSession? session, IFormCollection? form)
    {
        var refusal = UiAccess.Check(session, form?[UiAccess.CsrfField].ToString());
        if (refusal == FormRefusal.None) return false;
        var (status, message) = UiAccess.Explain(refusal, session);
        var page = session is null ? null : await PageAsync(context, session, null);
        await UiAccess.WritePageAsync(context, status, ErrorPage.Render(status, message, page, "/", session is null ? "Sign in" : "Back"));
        return true;
    }

    /// <summary>Answers 403 with the reason and true when the session's caller lacks <paramref name="needed"/> in <paramref name="env"/>.</summary>
    private async Task<bool> NotAllowedAsync(HttpContext context, UiSession session, string env, Config.AccessRole needed, string what)
    {
        if (await _access.RefusalAsync(session.Caller, env, needed, what, context.RequestAborted) is not { } refusal) return false;
        var page = await PageAsync(context, session, env);
        await UiAccess.WritePageAsync(context, StatusCodes.Status403Forbidden, ErrorPage.Render(StatusCodes.Status403Forbidden, refusal, page, "/", "Back"));
        return true;
    }

    /// <summary>The session as a page of <paramref name="env"/> shows it: write buttons for a deployer there, and the role there in the header.</summary>
    private static UiSession InEnvironment(UiSession session, string env, Config.AccessRole? role)
    {
        var caller = session.Caller;
        var text = role is null ? $"no role in {env}"
            : caller.RoleText is { } tokenRole && role == caller.Everywhere ? tokenRole
            : $"{AccessDecision.Name(role.Value)} of {env}";
        return session with { Caller = caller with { Role = role >= Config.AccessRole.Deployer ? ApiRole.Operator : ApiRole.Read, RoleText = text } };
    }

    /// <summary>The session of a GET; without one, a redirect to the sign-in page and null.</summary>
    private UiSession? SignedIn(HttpContext context)
    {
        var session = Session(context);
        if (session is null) SeeOther(context, "/");
        return session;
    }

    private async Task<PageContext> PageAsync(HttpContext context, UiSession session, string? current)
    {
        // Only the environments this caller may see are offered.
        var visible = new List<string>();
        try
        {
            var rules = await _access.RulesAsync(context.RequestAborted);
            visible.AddRange((await Reads.EnvironmentsAsync(context.RequestAborted)).Select(e => e.Name).Where(e => AccessDecision.RoleOf(session.Caller, e, rules) is not null));
        }
        catch (Exception e) when (ApiErrors.StatusOf(e) is not null)
        {
            visible.Clear(); // the page says what failed; the navigation can do without
        }
        return new PageContext(session, visible, current) { Problems = _health.Report().Problems };
    }

    /// <summary>Runs a page's work; a failure of git, the registry, the cluster or the request becomes an error page
    /// with the status and message the API would give.</summary>
    private async Task Guarded(HttpContext context, UiSession? session, Func<Task> work, string? back = null)
    {
        try
        {
            await work();
        }
        catch (Exception e) when (ApiErrors.StatusOf(e) is { } status && !context.Response.HasStarted)
        {
            var page = session is null ? null : await PageAsync(context, session, back);
            var backHref = back is null ? "/" : Html.Path("ui", "environments", back);
            await UiAccess.WritePageAsync(context, status, ErrorPage.Render(status, e.Message, page, backHref, back is null ? "Back" : $"Back to {back}"));
        }
    }

    private static Task NotFoundAsync(HttpContext context, PageContext page, string message) =>
        UiAccess.WritePageAsync(context, StatusCodes.Status404NotFound, ErrorPage.Render(StatusCodes.Status404NotFound, message, page, "/", "Back"));

    /// <summary>The posted form; null when the body is not a form (which then carries no CSRF token either).</summary>
    private static async Task<IFormCollection?> FormAsync(HttpContext context) =>
        context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : null;

    private static void SeeOther(HttpContext context, string location)
    {
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = location;
    }

    private static string Route(HttpContext context, string name) => (string)context.Request.RouteValues[name]!;

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
