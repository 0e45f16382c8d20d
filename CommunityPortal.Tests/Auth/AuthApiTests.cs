using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CommunityPortal.Tests.Infrastructure;

namespace CommunityPortal.Tests.Auth;

public class AuthApiTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task Login_returns_bearer_tokens_that_open_the_api()
    {
        using var client = factory.CreateAnonymousClient();

        using var response = await client.PostAsJsonAsync("/api/auth/login", new { email = "ana@demo.local", password = PortalAppFactory.DemoPassword });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Bearer", body.GetProperty("tokenType").GetString());
        Assert.True(body.GetProperty("expiresIn").GetInt64() > 0);
        Assert.False(string.IsNullOrEmpty(body.GetProperty("refreshToken").GetString()));

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.GetProperty("accessToken").GetString());
        var me = await client.GetFromJsonAsync<JsonElement>("/api/auth/me");
        Assert.Equal("ana@demo.local", me.GetProperty("email").GetString());
    }

    [Fact]
    public async Task Login_input_names_are_case_insensitive()
    {
        using var client = factory.CreateAnonymousClient();

        using var response = await client.PostAsJsonAsync("/api/auth/login", new { Email = "luis@demo.local", PASSWORD = PortalAppFactory.DemoPassword });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_is_401_problem_details()
    {
        using var client = factory.CreateAnonymousClient();

        using var response = await client.PostAsJsonAsync("/api/auth/login", new { email = "marta@demo.local", password = "wrong-password-123" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_unknown_account_is_401_like_a_wrong_password()
    {
        using var client = factory.CreateAnonymousClient();

        using var response = await client.PostAsJsonAsync("/api/auth/login", new { email = "nobody@demo.local", password = "whatever-password" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Five_failures_lock_the_account_and_the_right_password_is_then_refused()
    {
        var email = await TestUsers.CreateResidentAsync(factory, "api-lockout");
        using var client = factory.CreateAnonymousClient();

        for (var i = 0; i < 5; i++)
        {
            using var wrong = await client.PostAsJsonAsync("/api/auth/login", new { email, password = $"wrong-password-{i}" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var right = await client.PostAsJsonAsync("/api/auth/login", new { email, password = PortalAppFactory.DemoPassword });
        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
    }

    [Fact]
    public async Task Refresh_exchanges_a_refresh_token_for_new_tokens_and_rejects_garbage()
    {
        using var client = factory.CreateAnonymousClient();
        using var login = await client.PostAsJsonAsync("/api/auth/login", new { email = "gestor@demo.local", password = PortalAppFactory.DemoPassword });
        var tokens = await login.Content.ReadFromJsonAsync<JsonElement>();

        using var refresh = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = tokens.GetProperty("refreshToken").GetString() });
        Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);
        var renewed = await refresh.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Bearer", renewed.GetProperty("tokenType").GetString());
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", renewed.GetProperty("accessToken").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/auth/me")).StatusCode);

        using var anonymous = factory.CreateAnonymousClient();
        using var bad = await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = "not-a-token" });
        Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);
    }

    [Fact]
    public async Task Me_without_credentials_is_401_never_a_redirect_to_the_login_page()
    {
        using var client = factory.CreateAnonymousClient();

        using var response = await client.GetAsync("/api/auth/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task Me_with_an_invalid_bearer_token_is_401()
    {
        using var client = factory.CreateAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "garbage");

        using var response = await client.GetAsync("/api/auth/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Me_describes_a_resident_with_their_unit()
    {
        using var client = await factory.CreateApiClientAsync("ana@demo.local");

        var me = await client.GetFromJsonAsync<JsonElement>("/api/auth/me");

        Assert.Equal("Ana Pérez", me.GetProperty("displayName").GetString());
        Assert.Equal(["RESIDENT"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(JsonValueKind.Null, me.GetProperty("companyId").ValueKind);
        var resident = Assert.Single(me.GetProperty("residents").EnumerateArray().ToList());
        Assert.Equal("Residencial Los Robles", resident.GetProperty("communityName").GetString());
        Assert.Equal("Casa 12", resident.GetProperty("unit").GetString());
        Assert.True(resident.GetProperty("residentId").GetInt32() > 0);
        Assert.True(resident.GetProperty("communityId").GetInt32() > 0);
    }

    [Theory]
    [InlineData("gestor@demo.local", "ADMIN_COMPANY", true)]
    [InlineData("gestor.norte@demo.local", "ADMIN_COMPANY", true)]
    [InlineData("admin@demo.local", "SYSTEM_ADMIN", false)]
    public async Task Me_describes_administrators_with_their_company(string email, string role, bool hasCompany)
    {
        using var client = await factory.CreateApiClientAsync(email);

        var me = await client.GetFromJsonAsync<JsonElement>("/api/auth/me");

        Assert.Equal([role], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(hasCompany, me.GetProperty("companyId").ValueKind == JsonValueKind.Number);
        Assert.Empty(me.GetProperty("residents").EnumerateArray());
    }
}
