using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommunityPortal.Features.Categories;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityPortal.Tests.Api;

/// <summary>Reads of the seeded categories. Nothing here writes, so the seeded list can be asserted exactly.</summary>
public class CategoryApiReadTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private static readonly string[] SeededNames =
        ["Áreas comunes", "Amenidades", "Mantenimiento", "Seguridad", "Administrativo", "Otros"];

    [Theory]
    [InlineData("ana@demo.local")]
    [InlineData("gestor@demo.local")]
    [InlineData("admin@demo.local")]
    public async Task Every_user_lists_the_active_categories_ordered_by_orden(string email)
    {
        using var client = await factory.CreateApiClientAsync(email);

        using var response = await client.GetAsync("/api/categoriaticket");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var list = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Array, list.ValueKind);
        Assert.Equal(SeededNames, list.EnumerateArray().Select(c => c.GetProperty("nombre").GetString()));
        Assert.Equal([1, 2, 3, 4, 5, 6], list.EnumerateArray().Select(c => c.GetProperty("orden").GetInt32()));
        Assert.All(list.EnumerateArray(), c => Assert.True(c.GetProperty("activo").GetBoolean()));
        var first = list[0];
        Assert.True(first.GetProperty("id").GetInt32() > 0);
        Assert.Equal("Pasillos, jardines, estacionamientos y otras zonas compartidas.", first.GetProperty("descripcion").GetString());
    }

    [Theory]
    [InlineData("ana@demo.local")]
    [InlineData("gestor@demo.local")]
    [InlineData("admin@demo.local")]
    public async Task Every_user_reads_one_category_by_id(string email)
    {
        using var client = await factory.CreateApiClientAsync(email);
        var id = await CategoryIdAsync(factory, "Seguridad");

        using var response = await client.GetAsync($"/api/categoriaticket/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(id, body.GetProperty("id").GetInt32());
        Assert.Equal("Seguridad", body.GetProperty("nombre").GetString());
        Assert.Equal("Accesos, cámaras, vigilancia, iluminación.", body.GetProperty("descripcion").GetString());
        Assert.True(body.GetProperty("activo").GetBoolean());
        Assert.Equal(4, body.GetProperty("orden").GetInt32());
    }

    [Theory]
    [InlineData("ana@demo.local")]
    [InlineData("admin@demo.local")]
    public async Task An_unknown_id_is_a_404_problem(string email)
    {
        using var client = await factory.CreateApiClientAsync(email);

        using var response = await client.GetAsync("/api/categoriaticket/987654");

        await ApiErrorTests.AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("GET", "/api/categoriaticket")]
    [InlineData("GET", "/api/categoriaticket?includeInactive=true")]
    [InlineData("GET", "/api/categoriaticket/1")]
    [InlineData("POST", "/api/categoriaticket")]
    [InlineData("PUT", "/api/categoriaticket/1")]
    [InlineData("DELETE", "/api/categoriaticket/1")]
    public async Task Without_a_token_every_endpoint_is_a_401_problem(string method, string path)
    {
        using var client = factory.CreateAnonymousClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT")
        {
            request.Content = JsonContent.Create(new { nombre = "Anónima", descripcion = (string?)null, activo = true, orden = 1 });
        }

        using var response = await client.SendAsync(request);

        await ApiErrorTests.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        await using var db = factory.CreateDbContext();
        Assert.False(await db.Categorias.AnyAsync(c => c.Nombre == "Anónima"));
        Assert.Equal(6, await db.Categorias.CountAsync(c => c.Activo));
    }

    internal static async Task<int> CategoryIdAsync(PortalAppFactory factory, string nombre)
    {
        await using var db = factory.CreateDbContext();
        return await db.Categorias.Where(c => c.Nombre == nombre).Select(c => c.Id).SingleAsync();
    }
}
