using System.Net;
using System.Text;
using System.Xml.Linq;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Pipelines.Faults;

namespace Pipelines.Server.SignIn;

/// <summary>
/// Data Protection's key ring in a Kubernetes Secret: one entry per key (<c>key-&lt;id&gt;.xml</c>), so replicas sharing the
/// Secret share sessions, and a restarted pod reads the cookies it wrote before. Writes are compare-and-swap on the
/// Secret's resourceVersion, so two replicas creating a key at once both keep theirs. Data Protection calls these methods
/// synchronously; each call is bounded by <see cref="SecretKeyStore.Timeout"/>.
/// </summary>
public sealed class SecretXmlRepository(SecretKeyStore store) : IXmlRepository
{
    private const int Attempts = 5;

    public IReadOnlyCollection<XElement> GetAllElements() => Bounded(async ct =>
    {
        var secret = await ReadAsync(ct);
        return (IReadOnlyCollection<XElement>)(secret?.Data ?? new Dictionary<string, byte[]>())
            .Where(e => e.Key.EndsWith(".xml", StringComparison.Ordinal))
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => XElement.Parse(Encoding.UTF8.GetString(e.Value)))
            .ToList();
    }, "read");

    public void StoreElement(XElement element, string friendlyName) => Bounded(async ct =>
    {
        var entry = $"{EntryName(friendlyName)}.xml";
        var bytes = Encoding.UTF8.GetBytes(element.ToString(SaveOptions.DisableFormatting));
        for (var attempt = 1; ; attempt++)
        {
            var secret = await ReadAsync(ct);
            try
            {
                if (secret is null)
                {
                    await store.Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret
                    {
                        Metadata = new V1ObjectMeta
                        {
                            Name = store.Name,
                            NamespaceProperty = store.Namespace,
                            Labels = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "pipelines" },
                        },
                        Type = "Opaque",
                        Data = new Dictionary<string, byte[]> { [entry] = bytes },
                    }, store.Namespace, cancellationToken: ct);
                }
                else
                {
                    secret.Data ??= new Dictionary<string, byte[]>();
                    secret.Data[entry] = bytes;
                    // The resourceVersion read above makes this a compare-and-swap: a key another replica added meanwhile is a 409, and read again.
                    await store.Client.CoreV1.ReplaceNamespacedSecretAsync(secret, store.Name, store.Namespace, cancellationToken: ct);
                }
                return true;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.Conflict && attempt < Attempts)
            {
                // someone else wrote the Secret first: read it again and add ours to theirs
            }
        }
    }, "write");

    private async Task<V1Secret?> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await store.Client.CoreV1.ReadNamespacedSecretAsync(store.Name, store.Namespace, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    // Secret keys allow [-._a-zA-Z0-9]; Data Protection names keys "key-<guid>".
    private static string EntryName(string friendlyName) =>
        new(friendlyName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-').ToArray());

    private T Bounded<T>(Func<CancellationToken, Task<T>> work, string what)
    {
        using var deadline = new CancellationTokenSource(store.Timeout);
        try
        {
            return Task.Run(() => work(deadline.Token)).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new PipelinesException(FaultKind.Failed, $"The web console's session keys: the {store} did not answer a {what} within {store.Timeout.TotalSeconds:0.#}s. " +
                "Check that the cluster answers, or keep the keys in a folder with --ui-keys-dir.");
        }
        catch (HttpRequestException e)
        {
            throw new PipelinesException(FaultKind.Failed, $"The web console's session keys: could not reach the cluster to {what} the {store} ({e.Message}). " +
                "Check that the cluster answers, or keep the keys in a folder with --ui-keys-dir.");
        }
        catch (HttpOperationException e)
        {
            throw new PipelinesException(FaultKind.Failed, $"The web console's session keys: the cluster refused to {what} the {store} ({(int)e.Response.StatusCode} {e.Response.ReasonPhrase}). " +
                "Give Watch's service account get, create and update on that Secret (deploy/ has the Role), or keep the keys in a folder with --ui-keys-dir.");
        }
    }
}
