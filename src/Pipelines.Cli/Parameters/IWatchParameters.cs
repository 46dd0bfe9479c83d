using Pipelines.Server.Election;
using Pipelines.Targets;

namespace Pipelines.Cli;

/// <summary>The Watch service's own parameters: how often it looks, who may call its API, how its replicas elect a leader
/// (<see cref="WatchTargets"/>; where it listens is <see cref="IListenParameters"/>).</summary>
public interface IWatchParameters : IParameterComponent
{
    [Parameter("Watch: how often to look in the registry for new images (a registry notification looks at once); 100ms to 24h."), ValueRange("100ms", "24h")]
    TimeSpan PollInterval => this.Value(TimeSpan.FromMinutes(1));

    [Parameter("Watch: how often the leader compares each environment's cluster with the config repo and re-applies what drifted (without pruning); 0 (default): never; at most 24h.")]
    [ValueRange("0s", "24h")]
    TimeSpan SyncInterval => this.Value(TimeSpan.Zero);

    [Parameter("Watch: the web page of a config repo commit on your git host, with {commit} where its id goes (e.g. https://github.com/acme/config/commit/{commit}); the console's History links each commit there. Without it, a commit links to its release's report.")]
    string? CommitUrl => this.Value<string?>(null);

    [Parameter("Watch: a file of API tokens, one 'token role [name]' per line; role viewer, deployer, approver or admin in every environment (read and operator as before), or none: only what pipelines.yaml's access: grants token:<name>.")]
    string? ApiTokensFile => this.Value<string?>();

    [Parameter("Watch: the web console's OpenID Connect provider (its issuer URL, https); with it people sign in there, roles come from pipelines.yaml's access:, and token sign-in is off.")]
    string? UiOidcAuthority => this.Value<string?>();

    [Parameter("Watch: the console's client id at the OpenID Connect provider (redirect URI <console address>/ui/signin-oidc).")]
    string? UiOidcClientId => this.Value<string?>();

    [Parameter("Watch: the console's client secret at the OpenID Connect provider (better from PIPELINES_UI_OIDC_CLIENT_SECRET or --ui-oidc-client-secret-file)."), Secret]
    string? UiOidcClientSecret => this.Value<string?>();

    [Parameter("Watch: a file holding the console's OpenID Connect client secret (a mounted Kubernetes Secret, for instance).")]
    string? UiOidcClientSecretFile => this.Value<string?>();

    [Parameter("Watch: the scopes the console asks the OpenID Connect provider for besides openid, space-separated.")]
    string UiOidcScopes => this.Value("profile email");

    [Parameter("Watch: the ID token claim listing the user's groups (group:<name> in pipelines.yaml's access:).")]
    string UiOidcGroupsClaim => this.Value("groups");

    [Parameter("Watch: what the console's sign-in button calls the OpenID Connect provider.")]
    string UiOidcName => this.Value("single sign-on");

    [Parameter("Watch: a folder for the keys that protect console sessions (ASP.NET Core Data Protection); a restart or another replica mounting it keeps everyone signed in. Default: keys in memory, a restart signs everyone out.")]
    string? UiKeysDir => this.Value<string?>();

    [Parameter("Watch: a Kubernetes Secret namespace/name for the keys that protect console sessions, instead of --ui-keys-dir (replicas share it; needs get, create, update on it).")]
    string? UiKeysSecret => this.Value<string?>();

    [Parameter("Watch: how long a console session lasts from sign-in; 1m to 30d."), ValueRange("1m", "30d")]
    TimeSpan UiSessionLifetime => this.Value(TimeSpan.FromHours(12));

    [Parameter("Watch: the shared secret registry notifications send in their Authorization header."), Secret]
    string? WebhookSecret => this.Value<string?>();

    [Parameter("Watch: elect a leader among replicas with a Lease; only the leader runs automation (default: on in a cluster, i.e. when KUBERNETES_SERVICE_HOST is set).")]
    bool? LeaderElection => this.Value<bool?>();

    [Parameter("Watch: the namespace of the leader-election Lease (default: the pod's own namespace, else default).")]
    string? LeaderElectionNamespace => this.Value<string?>();

    [Parameter("Watch: the name of the leader-election Lease; replicas sharing it elect one leader.")]
    string LeaderElectionLease => this.Value(LeaderElectionOptions.DefaultLeaseName);
}
