using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CommunityPortal.Tests.Infrastructure;

namespace CommunityPortal.Tests.Images;

/// <summary>The app on a real Kestrel port, for the request-size behaviour the in-memory test server does not have.</summary>
public sealed class KestrelAppFixture : IAsyncLifetime
{
    public PortalAppFactory App { get; } = new();

    public Uri BaseUri { get; private set; } = null!;

    public Task InitializeAsync()
    {
        BaseUri = App.StartKestrel();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}
