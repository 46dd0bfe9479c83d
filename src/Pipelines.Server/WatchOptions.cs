using Pipelines.Notifications;
using Pipelines.ReleaseManager;
using Pipelines.Server.Api;
using Pipelines.Server.Election;
using Pipelines.Server.SignIn;

namespace Pipelines.Server;

/// <summary>What the Watch service needs: where to listen, how often to look, who may call, and where releases go.</summary>
public sealed record WatchOptions
{
    /// <summary><c>host:port</c>; port 0 picks a free one (see <see cref="WatchServer.Address"/>).</summary>
    public required string Listen { get; init; }

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How long an API read waits for git and the registry before answering from the last state known.</summary>
    public TimeSpan ReadBudget { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How long an API read's answer is given again without asking git, the registry and the cluster: how far behind a
    /// push made elsewhere or a change in the cluster an answer may be (changes made through this service are seen at once).
    /// Zero: every read asks.</summary>
    public TimeSpan ReadFreshness { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A commit's web page on the git host, <c>{commit}</c> standing for its id; null: History links to the release's report.</summary>
    public string? CommitUrl { get; init; }

    /// <summary>How often the leader compares every environment's cluster with the config repo and re-applies drift; zero: never.</summary>
    public TimeSpan SyncInterval { get; init; }

    /// <summary>False: only the API and hooks answer; automation and interval syncs never run (tests of the API alone). A
    /// replica that is not the leader still runs its loops, which leave automation to the leader (<see cref="LeaderElection"/>).</summary>
    public bool RunAutomation { get; init; } = true;

    public required ApiTokens Tokens { get; init; }

    /// <summary>How people sign in to the web console (single sign-on or tokens) and where their sessions' keys are kept.</summary>
    public ConsoleSignIn SignIn { get; init; } = new();

    /// <summary>The shared secret registry notifications carry in their Authorization header; null: <c>/hooks/*</c> refuse everything.</summary>
    public string? WebhookSecret { get; init; }

    public required ReleaseManagerSettings Releases { get; init; }

    /// <summary>Where notifications of releases, rollbacks, promotions and locks go (<c>--notify-url</c>).</summary>
    public IReadOnlyList<NotifyUrl> NotifyUrls { get; init; } = [];

    /// <summary>Null: this process always leads (one replica). Set: only the replica holding the Lease runs automation.</summary>
    public LeaderElectionOptions? LeaderElection { get; init; }

    /// <summary>Null: <see cref="NotifierTiming.Default"/> (tests shorten it).</summary>
    public NotifierTiming? NotifierTiming { get; init; }
}
