using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace CommunityPortal.Shared;

/// <summary>
/// Behind a TLS reverse proxy the app sees plain http from the proxy's address. <c>X-Forwarded-For</c>, <c>-Proto</c>
/// and <c>-Host</c> tell it the client's address and scheme, and are believed only from the addresses (or networks,
/// <c>10.0.0.0/8</c>) in <c>ReverseProxy:KnownProxies</c>: anyone else could claim any address or https.
/// Then cookies get <c>Secure</c>, HSTS is sent and the sign-in rate limiter counts per real client.
/// </summary>
public static class ReverseProxy
{
    public const string KnownProxiesKey = "ReverseProxy:KnownProxies";

    public static IServiceCollection AddPortalReverseProxy(this IServiceCollection services, IConfiguration configuration)
    {
        var known = configuration.GetSection(KnownProxiesKey).Get<string[]>() ?? [];
        var allowedHosts = (configuration["AllowedHosts"] ?? "*")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            // The framework trusts loopback by default; only the setting decides.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var entry in known.Where(e => !string.IsNullOrWhiteSpace(e)).Select(e => e.Trim()))
            {
                if (entry.Contains('/', StringComparison.Ordinal) && System.Net.IPNetwork.TryParse(entry, out var network))
                {
                    options.KnownIPNetworks.Add(network);
                }
                else if (IPAddress.TryParse(entry, out var address))
                {
                    options.KnownProxies.Add(address);
                }
                else
                {
                    throw new InvalidOperationException(
                        $"{KnownProxiesKey} holds '{entry}', which is neither an IP address nor a network (10.0.0.0/8).");
                }
            }

            // A forwarded host outside AllowedHosts is ignored like the Host header itself would be refused.
            if (!allowedHosts.Contains("*"))
            {
                foreach (var host in allowedHosts)
                {
                    options.AllowedHosts.Add(host);
                }
            }
        });
        return services;
    }
}
