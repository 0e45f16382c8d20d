using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CommunityPortal.Tests.Infrastructure;

/// <summary>The app with its <see cref="TimeProvider"/> replaced by a <see cref="TestClock"/> the test drives.</summary>
public class ClockFactory : PortalAppFactory
{
    public ClockFactory()
        : this(null)
    {
    }

    protected ClockFactory(string? root)
        : base(root)
    {
    }

    public TestClock Clock { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }
}
