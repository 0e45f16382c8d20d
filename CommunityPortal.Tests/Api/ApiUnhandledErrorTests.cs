using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using CommunityPortal.Tests.Infrastructure;

namespace CommunityPortal.Tests.Api;

public class ApiUnhandledErrorTests : IAsyncLifetime
{
    private readonly ThrowingFactory factory = new();

    [Fact]
    public async Task An_unhandled_exception_is_a_500_problem_without_internals()
    {
        using var client = await factory.CreateApiClientAsync("ana@demo.local");

        using var response = await client.GetAsync("/api/auth/me");

        var problem = await ApiErrorTests.AssertProblemAsync(response, HttpStatusCode.InternalServerError);
        var text = problem.ToString();
        Assert.DoesNotContain("secret-internal-detail", text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await factory.DisposeAsync();

    private sealed class ThrowingFactory : PortalAppFactory
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddScoped<CommunityPortal.Features.Residents.ResidentService>(
                _ => throw new InvalidOperationException("secret-internal-detail")));
        }
    }
}
