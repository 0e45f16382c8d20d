using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace CommunityPortal.Shared;

/// <summary>
/// The base of every absolute link the portal writes (e-mails, set-password and reset links, <c>Link</c> headers):
/// <c>Portal:PublicUrl</c>, never the request's Host header, which a client chooses. Without the setting the
/// server's own listening address is used (fine for one machine; a deployment behind a proxy sets it).
/// </summary>
public sealed class PublicLinks(IConfiguration configuration, IServer server)
{
    private Uri? baseUri;

    /// <summary>The public base, always ending in <c>/</c>.</summary>
    public Uri BaseUri => baseUri ??= Resolve();

    /// <summary>An absolute link for a path relative to the portal's root (<c>Account/SetupPassword?…</c>).</summary>
    public string Absolute(string relativePath) => new Uri(BaseUri, relativePath.TrimStart('/')).AbsoluteUri;

    private Uri Resolve()
    {
        var configured = configuration["Portal:PublicUrl"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            if (!Uri.TryCreate(configured.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                throw new InvalidOperationException($"Portal:PublicUrl must be an absolute http(s) URL; '{configured}' is not.");
            }

            return WithSlash(uri);
        }

        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost";
        var listening = new UriBuilder(address.Replace("://+", "://localhost").Replace("://*", "://localhost")
            .Replace("://0.0.0.0", "://localhost").Replace("://[::]", "://localhost"));
        return WithSlash(listening.Uri);
    }

    private static Uri WithSlash(Uri uri) =>
        new(uri.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");
}
