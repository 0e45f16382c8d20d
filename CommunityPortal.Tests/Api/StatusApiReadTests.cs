using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommunityPortal.Features.Statuses;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityPortal.Tests.Api;

/// <summary>Reads of the seeded statuses. Nothing here writes, so the seeded values can be asserted exactly.</summary>
public class StatusApiReadTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Theory]
    [InlineData("ana@demo.local")]
    [InlineData("gestor@demo.local")]
    [InlineData("admin@demo.local")]
    public async Task Every_user_lists_all_statuses_ordered_with_the_seeded_colors(string email)
    {
        using var client = await factory.CreateApiClientAsync(email);

        using var response = await client.GetAsync("/api/statusticket");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var list = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Array, list.ValueKind);
        var actual = list.EnumerateArray().Select(s => (
            s.GetProperty("code").GetString(),
            s.GetProperty("descripcion").GetString(),
            s.GetProperty("color").GetString(),
            s.GetProperty("esFinal").GetBoolean(),
            s.GetProperty("orden").GetInt32())).ToList();
        (string?, string?, string?, bool, int)[] expected =
        [
            ("NUEVO", "Nuevo", "#1E88E5", false, 1),
            ("EN_REVISION", "En revisión", "#8E24AA", false, 2),
            ("EN_INVESTIGACION", "En investigación", "#FB8C00", false, 3),
            ("EN_PROCESO", "En proceso", "#FDD835", false, 4),
            ("CANCELADO", "Cancelado", "#757575", true, 5),
            ("RESUELTO", "Resuelto", "#43A047", true, 6),
        ];
        Assert.Equal(expected, actual);
        Assert.All(list.EnumerateArray(), s => Assert.True(s.GetProperty("id").GetInt32() > 0));
    }

    [Theory]
    [InlineData("GET", "/api/statusticket")]
    [InlineData("PUT", "/api/statusticket/1")]
    public async Task Without_a_token_every_endpoint_is_a_401_problem(string method, string path)
    {
        using var client = factory.CreateAnonymousClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "PUT")
        {
            request.Content = JsonContent.Create(new { descripcion = "Anónimo", color = "#000000" });
        }

        using var response = await client.SendAsync(request);

        await ApiErrorTests.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        await using var db = factory.CreateDbContext();
        Assert.False(await db.Statuses.AnyAsync(s => s.Descripcion == "Anónimo"));
    }
}
