using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace CommunityPortal.Tests.Infrastructure;

/// <summary>
/// The in-memory test server has no client address. A request with <see cref="Header"/> comes "from" that address, so
/// tests can play an attacker and an owner on different machines. Test-only: the app never reads this header.
/// </summary>
public sealed class ClientAddresses : IStartupFilter
{
    public const string Header = "X-Test-Client-Address";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (IPAddress.TryParse(context.Request.Headers[Header].ToString(), out var address))
            {
                context.Connection.RemoteIpAddress = address;
            }

            return nextMiddleware(context);
        });
        next(app);
    };

    /// <summary>A client (no redirects followed, own cookies) whose requests come from <paramref name="address"/>.</summary>
    public static HttpClient From(PortalAppFactory factory, string address)
    {
        var client = factory.CreateAnonymousClient();
        client.DefaultRequestHeaders.Add(Header, address);
        return client;
    }
}
