using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CommunityPortal.Tests.Infrastructure;

/// <summary>The portal with a command counter on its DbContexts.</summary>
public sealed class CountingPortalAppFactory : PortalAppFactory
{
    public SqlCommandCounter Counter { get; } = new();

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
            Microsoft.Extensions.DependencyInjection.EntityFrameworkServiceCollectionExtensions.ConfigureDbContext<CommunityPortal.Data.AppDbContext>(
                services, options => options.AddInterceptors(Counter)));
    }

    /// <summary>The number of SQL commands one GET costs.</summary>
    public async Task<int> CountCommandsAsync(HttpClient client, string url)
    {
        Counter.Reset();
        using var response = await client.GetAsync(url);
        response.EnsureSuccessStatusCode();
        return Counter.Count;
    }
}
