using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommunityPortal.Features.Categories;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityPortal.Tests.Api;

/// <summary>
/// Writes. They share one database, so every test makes its own uniquely named categories and
/// asserts no exact counts; the seeded names are only used where a clash is the point.
/// </summary>
public class CategoryApiTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private const string Admin = "admin@demo.local";

    [Fact]
    public async Task Admin_creates_a_category_with_201_location_and_orden_after_the_last()
    {
        using var client = await factory.CreateApiClientAsync(Admin);
        var maxOrden = (await ListAsync(client, includeInactive: true)).Max(c => c.Orden);
        var nombre = UniqueName("Jardinería");

        using var response = await client.PostAsJsonAsync("/api/categoriaticket",
            new { nombre = $"  {nombre}  ", descripcion = "Poda y riego." });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<CategoriaDto>())!;
        Assert.Equal(nombre, created.Nombre);
        Assert.Equal("Poda y riego.", created.Descripcion);
        Assert.True(created.Activo);
        Assert.Equal(maxOrden + 1, created.Orden);
        Assert.Equal($"/api/categoriaticket/{created.Id}", response.Headers.Location?.OriginalString);

        var read = await client.GetFromJsonAsync<CategoriaDto>(response.Headers.Location);
        Assert.Equal(created, read);
        Assert.Contains(created, await ListAsync(client, includeInactive: false));
    }

    [Fact]
    public async Task Create_keeps_an_explicit_orden_and_lists_by_orden_then_nombre()
    {
        using var client = await factory.CreateApiClientAsync(Admin);
        var b = await CreateAsync(client, UniqueName("Orden B"), orden: 3);
        var a = await CreateAsync(client, UniqueName("Orden A"), orden: 3);

        Assert.Equal(3, b.Orden);
        Assert.Equal(3, a.Orden);
        var list = await ListAsync(client, includeInactive: false);
        Assert.Equal(list.OrderBy(c => c.Orden).ThenBy(c => c.Nombre, StringComparer.Ordinal).Select(c => c.Id), list.Select(c => c.Id));
        Assert.True(list.FindIndex(c => c.Id == a.Id) < list.FindIndex(c => c.Id == b.Id));
    }

    [Theory]
    [InlineData("Mantenimiento")]
    [InlineData("mantenimiento")]
    [InlineData("  MANTENIMIENTO ")]
    [InlineData("áreas COMUNES")]
    public async Task Creating_a_duplicate_nombre_is_a_409_problem_naming_nombre(string nombre)
    {
        using var client = await factory.CreateApiClientAsync(Admin);
        var before = await CountAsync();

        using var response = await client.PostAsJsonAsync("/api/categoriaticket", new { nombre });

        var problem = await ApiErrorTests.AssertProblemAsync(response, HttpStatusCode.Conflict);
        Assert.True(problem.GetProperty("errors").TryGetProperty("nombre", out _), problem.ToString());
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task Renaming_onto_another_categorys_nombre_is_a_409_problem_and_changes_nothing()
    {
        using var client = await factory.CreateApiClientAsync(Admin);
        var first = await CreateAsync(client, UniqueName("Primera"));
        var second = await CreateAsync(client, UniqueName("Segunda"));

        using var response = await client.PutAsJsonAsync($"/api/categoriaticket/{second.Id}",
            new { nombre = first.Nombre.ToUpperInvariant(), descripcion = "otra", activo = true, orden = 1 });

        var problem = await ApiErrorTests.AssertProblemAsync(response, HttpStatusCode.Conflict);
        Assert.True(problem.GetProperty("errors").TryGetProperty("nombre", out _), problem.ToString());
        Assert.Equal(second, await client.GetFromJsonAsync<CategoriaDto>($"/api/categoriaticket/{second.Id}"));
    }

    [Fact]
    public async Task Admin_updates_every_field_and_may_change_only_the_case_of_its_own_nombre()
    {
        using var client = await factory.CreateApiClientAsync(Admin);
        var categoria = await CreateAsync(client, UniqueName("Editable"), descripcion: "antes");

        using var response = await client.PutAsJsonAsync($"/api/categoriaticket/{categoria.Id}",
            new { nombre = " " + categoria.Nombre.ToUpperInvariant() + " ", descripcion = "después", activo = false, orden = 42 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var expected = new CategoriaDto(categoria.Id, categoria.Nombre.ToUpperInvariant(), "después", false, 42);
        Assert.Equal(expected, await response.Content.ReadFromJsonAsync<CategoriaDto>());
        Assert.Equal(expected, await client.GetFromJsonAsync<CategoriaDto>($"/api/categoriaticket/{categoria.Id}"));

        using var cleared = await client.PutAsJsonAsync($"/api/categoriaticket/{categoria.Id}",
            new { nombre = categoria.Nombre, descripcion = (string?)null, activo = true, orden = 7 });
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        Assert.Equal(new CategoriaDto(categoria.Id, categoria.Nombre, null, true, 7),
            await client.GetFromJsonAsync<CategoriaDto>($"/api/categoriaticket/{categoria.Id}"));
    }

    [Theory]
    [InlineData("activo")]
    [InlineData("orden")]
    public async Task A_put_without_activo_or_orden_is_a_400_and_changes_nothing(string missing)
    {
        using var client = await factory.CreateApiClientAsync(Admin);
        var categoria = (await ListAsync(client, includeInactive: false)).First();
        object body = missing == "activo"
            ? new { nombre = categoria.Nombre, descripcion = "sin activo", orden = 5 }
            : new { nombre = categoria.Nombre, descripcion = "sin orden", activo = false };

        using var response = await client.PutAsJsonAsync($"/api/categoriaticket/{categoria.Id}", body);

        var problem = await ApiErrorTests.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(missing, out _), problem.ToString());
        var after = (await ListAsync(client, includeInactive: true)).Single(c => c.Id == categoria.Id);
        Assert.True(after.Activo);
        Assert.Equal(categoria.Orden, after.Orden);
    }

    [Fact]
    public async Task Updating_or_deleting_an_unknown_id_is_a_404_problem()
    {
        using var client = await factory.CreateApiClientAsync(Admin);

        using var put = await client.PutAsJsonAsync("/api/categoriaticket/987654",
            new { nombre = UniqueName("Nadie"), activo = true, orden = 1 });
        using var delete = await client.DeleteAsync("/api/categoriaticket/987654");

        await ApiErrorTests.AssertProblemAsync(put, HttpStatusCode.NotFound);
        await ApiErrorTests.AssertProblemAsync(delete, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("gestor@demo.local")]
    [InlineData("ana@demo.local")]
    public async Task Non_system_admins_get_403_on_every_write_and_nothing_changes(string email)
    {
        using var admin = await factory.CreateApiClientAsync(Admin);
        var target = await CreateAsync(admin, UniqueName("Protegida"), descripcion: "intacta");
        using var client = await factory.CreateApiClientAsync(email);
        var attempted = UniqueName("Intrusa");

        using var post = await client.PostAsJsonAsync("/api/categoriaticket", new { nombre = attempted });
        using var put = await client.PutAsJsonAsync($"/api/categoriaticket/{target.Id}",
            new { nombre = attempted, descripcion = "cambiada", activo = false, orden = 99 });
        using var delete = await client.DeleteAsync($"/api/categoriaticket/{target.Id}");

        await ApiErrorTests.AssertProblemAsync(post, HttpStatusCode.Forbidden);
        await ApiErrorTests.AssertProblemAsync(put, HttpStatusCode.Forbidden);
        await ApiErrorTests.AssertProblemAsync(delete, HttpStatusCode.Forbidden);
        Assert.Equal(target, await client.GetFromJsonAsync<CategoriaDto>($"/api/categoriaticket/{target.Id}"));
        await using var db = factory.CreateDbContext();
        Assert.False(await db.Categorias.AnyAsync(c => c.Nombre == attempted));
    }

    [Theory]
    [InlineData("gestor@demo.local", true)]
    [InlineData("admin@demo.local", true)]
    [InlineData("ana@demo.local", false)]
    public async Task IncludeInactive_is_honoured_for_admins_and_ignored_for_residents(string email, bool seesInactive)
    {
        using var admin = await factory.CreateApiClientAsync(Admin);
        var inactive = await CreateAsync(admin, UniqueName("Inactiva"));
        using (var put = await admin.PutAsJsonAsync($"/api/categoriaticket/{inactive.Id}",
            new { nombre = inactive.Nombre, activo = false, orden = inactive.Orden }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        using var client = await factory.CreateApiClientAsync(email);

        var withInactive = await ListAsync(client, includeInactive: true);
        var plain = await ListAsync(client, includeInactive: false);

        Assert.Equal(seesInactive, withInactive.Exists(c => c.Id == inactive.Id));
        Assert.Equal(seesInactive, withInactive.Exists(c => !c.Activo));
        Assert.DoesNotContain(plain, c => !c.Activo);
        Assert.Contains(plain, c => c.Nombre == "Seguridad");
        Assert.Contains(withInactive, c => c.Nombre == "Seguridad");
        // Still readable by id: tickets keep pointing at it.
        var byId = await client.GetFromJsonAsync<CategoriaDto>($"/api/categoriaticket/{inactive.Id}");
        Assert.False(byId!.Activo);
    }

    [Fact]
    public async Task Deleting_an_unused_category_removes_it()
    {
        using var client = await factory.CreateApiClientAsync(Admin);
        var categoria = await CreateAsync(client, UniqueName("Efímera"));

        using var response = await client.DeleteAsync($"/api/categoriaticket/{categoria.Id}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(0, response.Content.Headers.ContentLength ?? 0);
        using var read = await client.GetAsync($"/api/categoriaticket/{categoria.Id}");
        await ApiErrorTests.AssertProblemAsync(read, HttpStatusCode.NotFound);
        Assert.DoesNotContain(await ListAsync(client, includeInactive: true), c => c.Id == categoria.Id);
        await using var db = factory.CreateDbContext();
        Assert.False(await db.Categorias.AnyAsync(c => c.Id == categoria.Id));
    }

    [Fact]
    public async Task Deleting_a_category_in_use_deactivates_it_instead()
    {
        using var client = await factory.CreateApiClientAsync(Admin);
        var id = await CategoryApiReadTests.CategoryIdAsync(factory, "Mantenimiento");
        await using (var db = factory.CreateDbContext())
        {
            Assert.True(await db.Tickets.AnyAsync(t => t.CategoriaTicketId == id));
        }

        using var response = await client.DeleteAsync($"/api/categoriaticket/{id}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var read = await client.GetFromJsonAsync<CategoriaDto>($"/api/categoriaticket/{id}");
        Assert.Equal("Mantenimiento", read!.Nombre);
        Assert.False(read.Activo);
        Assert.DoesNotContain(await ListAsync(client, includeInactive: false), c => c.Id == id);
        Assert.Contains(await ListAsync(client, includeInactive: true), c => c.Id == id && !c.Activo);
        using var ana = await factory.CreateApiClientAsync("ana@demo.local");
        Assert.DoesNotContain(await ListAsync(ana, includeInactive: false), c => c.Id == id);
    }

    [Fact]
    public async Task A_category_used_only_by_a_soft_deleted_ticket_is_deactivated_not_removed()
    {
        using var client = await factory.CreateApiClientAsync(Admin);
        var categoria = await CreateAsync(client, UniqueName("Con ticket borrado"));
        await using (var db = factory.CreateDbContext())
        {
            var ticket = await db.Tickets.OrderBy(t => t.Id).FirstAsync(t => t.Categoria.Nombre != "Mantenimiento");
            ticket.CategoriaTicketId = categoria.Id;
            ticket.IsDeleted = true;
            await db.SaveChangesAsync();
        }

        using var response = await client.DeleteAsync($"/api/categoriaticket/{categoria.Id}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var read = await client.GetFromJsonAsync<CategoriaDto>($"/api/categoriaticket/{categoria.Id}");
        Assert.False(read!.Activo);
    }

    [Fact]
    public async Task Nombre_of_100_characters_is_accepted_and_101_is_a_400_naming_nombre()
    {
        using var client = await factory.CreateApiClientAsync(Admin);
        var ok = UniqueName("N").PadRight(CategoriaTicket.NombreMaxLength, 'n');
        var tooLong = UniqueName("L").PadRight(CategoriaTicket.NombreMaxLength + 1, 'l');

        using var created = await client.PostAsJsonAsync("/api/categoriaticket", new { nombre = ok });
        using var rejected = await client.PostAsJsonAsync("/api/categoriaticket", new { nombre = tooLong });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var categoria = (await created.Content.ReadFromJsonAsync<CategoriaDto>())!;
        Assert.Equal(ok, categoria.Nombre);
        await AssertValidationProblemAsync(rejected, "nombre");

        var id = categoria.Id;
        var renamed = UniqueName("R").PadRight(CategoriaTicket.NombreMaxLength, 'r');
        using var putOk = await client.PutAsJsonAsync($"/api/categoriaticket/{id}", new { nombre = renamed, activo = true, orden = 1 });
        using var putTooLong = await client.PutAsJsonAsync($"/api/categoriaticket/{id}", new { nombre = tooLong, activo = true, orden = 1 });
        Assert.Equal(HttpStatusCode.OK, putOk.StatusCode);
        await AssertValidationProblemAsync(putTooLong, "nombre");
        Assert.Equal(renamed, (await client.GetFromJsonAsync<CategoriaDto>($"/api/categoriaticket/{id}"))!.Nombre);
        await using var db = factory.CreateDbContext();
        Assert.False(await db.Categorias.AnyAsync(c => c.Nombre == tooLong));
    }

    [Fact]
    public async Task Descripcion_of_500_characters_is_accepted_and_501_is_a_400_naming_descripcion()
    {
        using var client = await factory.CreateApiClientAsync(Admin);
        var ok = new string('d', CategoriaTicket.DescripcionMaxLength);
        var tooLong = new string('d', CategoriaTicket.DescripcionMaxLength + 1);

        using var created = await client.PostAsJsonAsync("/api/categoriaticket", new { nombre = UniqueName("Larga"), descripcion = ok });
        using var rejected = await client.PostAsJsonAsync("/api/categoriaticket", new { nombre = UniqueName("Muy larga"), descripcion = tooLong });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var categoria = (await created.Content.ReadFromJsonAsync<CategoriaDto>())!;
        Assert.Equal(ok, categoria.Descripcion);
        await AssertValidationProblemAsync(rejected, "descripcion");

        using var putTooLong = await client.PutAsJsonAsync($"/api/categoriaticket/{categoria.Id}",
            new { nombre = categoria.Nombre, descripcion = tooLong, activo = true, orden = 1 });
        await AssertValidationProblemAsync(putTooLong, "descripcion");
        Assert.Equal(categoria, await client.GetFromJsonAsync<CategoriaDto>($"/api/categoriaticket/{categoria.Id}"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public async Task A_missing_empty_or_blank_nombre_is_a_400_naming_nombre(string? nombre)
    {
        using var client = await factory.CreateApiClientAsync(Admin);
        var existing = await CreateAsync(client, UniqueName("Sin nombre"));

        using var post = await client.PostAsJsonAsync("/api/categoriaticket", new { nombre, descripcion = "x" });
        using var put = await client.PutAsJsonAsync($"/api/categoriaticket/{existing.Id}", new { nombre, activo = true, orden = 1 });

        await AssertValidationProblemAsync(post, "nombre");
        await AssertValidationProblemAsync(put, "nombre");
        Assert.Equal(existing, await client.GetFromJsonAsync<CategoriaDto>($"/api/categoriaticket/{existing.Id}"));
    }

    private static async Task AssertValidationProblemAsync(HttpResponseMessage response, string field)
    {
        var problem = await ApiErrorTests.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), problem.ToString());
        Assert.NotEqual(0, messages.GetArrayLength());
    }

    private async Task<int> CountAsync()
    {
        await using var db = factory.CreateDbContext();
        return await db.Categorias.CountAsync();
    }

    private static string UniqueName(string prefix) => $"{prefix} {Guid.NewGuid():N}"[..(prefix.Length + 13)];

    private static async Task<CategoriaDto> CreateAsync(HttpClient client, string nombre, string? descripcion = null, int? orden = null)
    {
        using var response = await client.PostAsJsonAsync("/api/categoriaticket", new { nombre, descripcion, orden });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CategoriaDto>())!;
    }

    private static async Task<List<CategoriaDto>> ListAsync(HttpClient client, bool includeInactive) =>
        (await client.GetFromJsonAsync<List<CategoriaDto>>(
            includeInactive ? "/api/categoriaticket?includeInactive=true" : "/api/categoriaticket"))!;
}
