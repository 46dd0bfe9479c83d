using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Http;
using Pipelines.Sandbox.Kube.Api;
using Pipelines.Sandbox.Kube.Hosting;

namespace Pipelines.Sandbox.Kube.Auth;

/// <summary>
/// Authentication and authorization in front of every request, when <see cref="EmulatorOptions.Authorization"/> is on:
/// a client certificate the cluster's CA signed, else a bearer token, names the user (401 Unauthorized without a known
/// one), as the API server's x509 and token authenticators do in that order; RBAC decides (403 Forbidden with the API
/// server's message). Off, every request is the administrator's. The user is kept on the request for access reviews.
/// </summary>
internal sealed class AccessControl(EmulatorOptions options, RbacAuthorizer rbac, X509Certificate2? clientAuthority)
{
    public const string UserItem = "kube.user";

    public static EmulatorUser UserOf(HttpContext context) => context.Items[UserItem] as EmulatorUser ?? EmulatorUser.Admin;

    public async Task<bool> Admit(HttpContext context)
    {
        if (!options.Authorization)
        {
            context.Items[UserItem] = EmulatorUser.Admin;
            return true;
        }
        var user = CertificateUser(context) ?? TokenUser(context);
        if (user is null)
        {
            await HttpResults.Write(context, ApiErrors.Unauthorized());
            return false;
        }
        context.Items[UserItem] = user;
        var request = RequestAttributes.For(context.Request.Method, context.Request.Path.Value ?? "/", context.Request.Query["watch"] is var w && (w == "true" || w == "1"));
        if (rbac.Allows(user, request)) return true;
        await HttpResults.Write(context, ApiErrors.ForbiddenRequest(RbacAuthorizer.Denial(user, request), request));
        return false;
    }

    private EmulatorUser? CertificateUser(HttpContext context) =>
        clientAuthority is not null && context.Connection.ClientCertificate is { } presented
            ? ClientCertificates.UserOf(presented, clientAuthority)
            : null;

    private EmulatorUser? TokenUser(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
        return token is null ? null
            : token == options.ClusterName ? EmulatorUser.Admin
            : options.Tokens.TryGetValue(token, out var known) ? known
            : null;
    }
}
