using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace CommunityPortal.Tests.Infrastructure;

/// <summary>What /api/auth/login and /refresh answer.</summary>
public sealed record ApiTokens(string AccessToken, string RefreshToken, long ExpiresIn)
{
    public static async Task<ApiTokens> LoginAsync(PortalAppFactory factory, string email, string password = PortalAppFactory.DemoPassword)
    {
        using var client = factory.CreateAnonymousClient();
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ReadAsync(response);
    }

    /// <summary>POST /api/auth/refresh; null when the answer is 401.</summary>
    public static async Task<ApiTokens?> RefreshAsync(PortalAppFactory factory, string refreshToken)
    {
        using var client = factory.CreateAnonymousClient();
        using var response = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken });
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            return null;
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ReadAsync(response);
    }

    /// <summary>The status of GET /api/auth/me with this access token.</summary>
    public async Task<HttpStatusCode> MeStatusAsync(PortalAppFactory factory)
    {
        using var client = Client(factory);
        using var response = await client.GetAsync("/api/auth/me");
        return response.StatusCode;
    }

    public HttpClient Client(PortalAppFactory factory)
    {
        var client = factory.CreateAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AccessToken);
        return client;
    }

    private static async Task<ApiTokens> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new ApiTokens(
            body.GetProperty("accessToken").GetString()!, body.GetProperty("refreshToken").GetString()!, body.GetProperty("expiresIn").GetInt64());
    }
}
