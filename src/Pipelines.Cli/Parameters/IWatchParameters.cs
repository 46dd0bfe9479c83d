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

    [Parameter("Watch: a file of API tokens, one 'token role [name]' per line; role read or operator.")]
    string? ApiTokensFile => this.Value<string?>();

    [Parameter("Watch: the shared secret registry notifications send in their Authorization header."), Secret]
    string? WebhookSecret => this.Value<string?>();

    [Parameter("Watch: elect a leader among replicas with a Lease; only the leader runs automation (default: on in a cluster, i.e. when KUBERNETES_SERVICE_HOST is set).")]
    bool? LeaderElection => this.Value<bool?>();

    [Parameter("Watch: the namespace of the leader-election Lease (default: the pod's own namespace, else default).")]
    string? LeaderElectionNamespace => this.Value<string?>();

    [Parameter("Watch: the name of the leader-election Lease; replicas sharing it elect one leader.")]
    string LeaderElectionLease => this.Value(LeaderElectionOptions.DefaultLeaseName);
}
