using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using CommunityPortal.Tests.Infrastructure;

namespace CommunityPortal.Tests.Api;

/// <summary>The contract's error conventions: problem+json for every failure, never HTML or a redirect.</summary>
public class ApiErrorTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task An_unknown_api_path_is_a_404_problem()
    {
        using var client = await factory.CreateApiClientAsync("ana@demo.local");

        using var response = await client.GetAsync("/api/nothing-here");

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_wrong_method_is_a_405_problem()
    {
        using var client = await factory.CreateApiClientAsync("ana@demo.local");

        using var response = await client.DeleteAsync("/api/auth/me");

        await AssertProblemAsync(response, HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem()
    {
        using var client = factory.CreateAnonymousClient();

        using var response = await client.PostAsync("/api/auth/login",
            new StringContent("{\"email\": \"ana@demo.local\", ", Encoding.UTF8, "application/json"));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_wrong_content_type_is_a_415_problem()
    {
        using var client = factory.CreateAnonymousClient();

        using var response = await client.PostAsync("/api/auth/login",
            new StringContent("email=ana@demo.local", Encoding.UTF8, "text/plain"));

        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_json_body_over_one_megabyte_is_a_413_problem(bool withContentLength)
    {
        using var client = factory.CreateAnonymousClient();
        var big = JsonSerializer.Serialize(new { email = "ana@demo.local", password = new string('x', 1024 * 1024) });
        HttpContent content = withContentLength
            ? new StringContent(big, Encoding.UTF8, "application/json")
            : new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big)));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        if (!withContentLength)
        {
            content.Headers.ContentLength = null;
        }

        using var response = await client.PostAsync("/api/auth/login", content);

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task A_json_body_just_under_the_limit_is_read()
    {
        using var client = factory.CreateAnonymousClient();
        var body = JsonSerializer.Serialize(new { email = "ana@demo.local", password = new string('x', 1000 * 1000) });

        using var response = await client.PostAsync("/api/auth/login", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_missing_required_field_is_a_validation_problem_naming_the_json_field()
    {
        using var client = factory.CreateAnonymousClient();

        using var response = await client.PostAsJsonAsync("/api/auth/login", new { email = "ana@demo.local" });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("password", out _), problem.ToString());
    }

    internal static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }
}
