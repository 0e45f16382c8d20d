using System.Net.Http.Json;
using System.Text.Json;
using CommunityPortal.Tests.Infrastructure;

namespace CommunityPortal.Tests.Api;

/// <summary>The OpenAPI document lists the contract so a client generator produces a usable client.</summary>
public class OpenApiDocumentTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    public static TheoryData<string, string, string[]> ContractOperations => new()
    {
        { "post", "/api/auth/login", ["200", "401", "429"] },
        { "post", "/api/auth/refresh", ["200", "401"] },
        { "post", "/api/auth/logout", ["204", "400", "401"] },
        { "post", "/api/auth/forgot-password", ["202", "400", "429"] },
        { "post", "/api/auth/reset-password", ["204", "400", "429"] },
        { "get", "/api/auth/me", ["200", "401"] },
        { "get", "/api/categoriaticket", ["200", "401"] },
        { "get", "/api/categoriaticket/{id}", ["200", "401", "404"] },
        { "post", "/api/categoriaticket", ["201", "400", "401", "403", "409"] },
        { "put", "/api/categoriaticket/{id}", ["200", "400", "401", "403", "404", "409"] },
        { "delete", "/api/categoriaticket/{id}", ["204", "401", "403", "404"] },
        { "get", "/api/statusticket", ["200", "401"] },
        { "put", "/api/statusticket/{id}", ["200", "400", "401", "403", "404"] },
        { "get", "/api/tickets", ["200", "400", "401", "403"] },
        { "get", "/api/tickets/community/{communityId}", ["200", "401", "403", "404"] },
        { "get", "/api/tickets/my", ["200", "401"] },
        { "get", "/api/tickets/{id}", ["200", "401", "404"] },
        { "post", "/api/tickets", ["201", "400", "401", "403"] },
        { "put", "/api/tickets/{id}", ["200", "400", "401", "403", "404", "412"] },
        { "delete", "/api/tickets/{id}", ["204", "401", "404", "412"] },
        { "get", "/api/tickets/{id}/history", ["200", "401", "404"] },
        { "get", "/api/comentarios/origen/{origen}/{idOrigen}", ["200", "400", "401", "404"] },
        { "get", "/api/comentarios/{id}", ["200", "401", "404"] },
        { "post", "/api/comentarios", ["201", "400", "401", "404"] },
        { "put", "/api/comentarios/{id}", ["200", "400", "401", "403", "404"] },
        { "delete", "/api/comentarios/{id}", ["204", "401", "403", "404"] },
    };

    [Theory]
    [MemberData(nameof(ContractOperations))]
    public async Task Every_contract_operation_is_documented_with_its_status_codes(string method, string path, string[] statuses)
    {
        var document = await DocumentAsync();

        Assert.True(document.GetProperty("paths").TryGetProperty(path, out var item), $"{path} is missing");
        Assert.True(item.TryGetProperty(method, out var operation), $"{method.ToUpperInvariant()} {path} is missing");
        var responses = operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToList();
        Assert.All(statuses, status => Assert.Contains(status, responses));
    }

    [Fact]
    public async Task The_bearer_scheme_is_declared_and_required_except_on_login_and_refresh()
    {
        var document = await DocumentAsync();

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        var paths = document.GetProperty("paths");
        Assert.True(paths.GetProperty("/api/tickets/{id}").GetProperty("get").TryGetProperty("security", out _));
        Assert.False(paths.GetProperty("/api/auth/login").GetProperty("post").TryGetProperty("security", out _));
    }

    [Fact]
    public async Task Schemas_use_the_contracts_json_names()
    {
        var document = await DocumentAsync();

        var ticket = document.GetProperty("components").GetProperty("schemas").GetProperty("TicketDto").GetProperty("properties");
        foreach (var name in new[] { "id", "categoriaTicketId", "categoria", "statusId", "status", "fechaReporte", "contenido", "imageUrls", "communityId", "communityName", "residentId", "residentName", "unit", "commentCount", "createdAt", "updatedAt" })
        {
            Assert.True(ticket.TryGetProperty(name, out _), $"TicketDto.{name} is missing");
        }

        Assert.False(ticket.TryGetProperty("version", out _));
        Assert.False(document.GetProperty("paths").TryGetProperty("/Account/Logout", out _), "UI endpoints stay out of the API document");
    }

    private async Task<JsonElement> DocumentAsync()
    {
        using var client = factory.CreateAnonymousClient();
        return await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
    }
}
