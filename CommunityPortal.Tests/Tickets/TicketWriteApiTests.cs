using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommunityPortal.Tests.Api;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityPortal.Tests.Tickets;

public class TicketWriteApiTests(PortalAppFactory factory) : TicketApiTestBase(factory), IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task A_resident_reports_a_problem_in_their_own_unit_and_it_starts_as_nuevo()
    {
        var demo = await DemoAsync();
        using var ana = await As("ana@demo.local");

        using var response = await ana.PostAsJsonAsync("/api/tickets", new
        {
            categoriaTicketId = demo.Mantenimiento,
            contenido = "  Se cortó la luz del pasillo.  ",
            imageUrls = new[] { "uploads/tickets/1/hack.jpg" },
            statusId = demo.Resuelto,
        });
        var ticket = await ReadAsync(response, HttpStatusCode.Created);

        var id = ticket.GetProperty("id").GetInt32();
        Assert.Equal($"/api/tickets/{id}", response.Headers.Location?.OriginalString);
        Assert.NotNull(response.Headers.ETag);
        Assert.Equal("NUEVO", ticket.GetProperty("status").GetProperty("code").GetString());
        Assert.Equal("Se cortó la luz del pasillo.", ticket.GetProperty("contenido").GetString());
        Assert.Equal(demo.Ana, ticket.GetProperty("residentId").GetInt32());
        Assert.Equal(demo.Robles, ticket.GetProperty("communityId").GetInt32());
        Assert.Empty(ticket.GetProperty("imageUrls").EnumerateArray());
        Assert.InRange(ticket.GetProperty("fechaReporte").GetDateTime().ToUniversalTime(), DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddMinutes(1));

        var history = await ReadListAsync(await ana.GetAsync($"/api/tickets/{id}/history"));
        var created = Assert.Single(history);
        Assert.Equal("created", created.GetProperty("action").GetString());
        Assert.Equal("Ana Pérez", created.GetProperty("userName").GetString());
        Assert.Equal(demo.Nuevo, created.GetProperty("toStatusId").GetInt32());
    }

    [Fact]
    public async Task A_resident_may_name_their_own_profile_but_not_someone_elses()
    {
        var demo = await DemoAsync();
        using var ana = await As("ana@demo.local");

        using var own = await ana.PostAsJsonAsync("/api/tickets", new { categoriaTicketId = demo.Seguridad, residentId = demo.Ana });
        using var other = await ana.PostAsJsonAsync("/api/tickets", new { categoriaTicketId = demo.Seguridad, residentId = demo.Luis });

        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
        await ApiErrorTests.AssertProblemAsync(other, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_admin_reports_on_behalf_of_a_resident_in_scope()
    {
        var demo = await DemoAsync();

        var ticket = await CreateTicketAsync("gestor@demo.local", new { categoriaTicketId = demo.Mantenimiento, residentId = demo.Luis, contenido = "Reportado por teléfono." });

        Assert.Equal(demo.Luis, ticket.GetProperty("residentId").GetInt32());
        Assert.Equal(demo.Robles, ticket.GetProperty("communityId").GetInt32());
        using var luis = await As("luis@demo.local");
        Assert.Equal(HttpStatusCode.OK, (await luis.GetAsync($"/api/tickets/{ticket.GetProperty("id").GetInt32()}")).StatusCode);
    }

    [Fact]
    public async Task An_admin_giving_only_the_community_files_it_under_the_first_active_resident_by_id()
    {
        var demo = await DemoAsync();
        await using var db = Factory.CreateDbContext();
        var first = await db.Residents.Where(r => r.CommunityId == demo.Robles && r.IsActive).OrderBy(r => r.Id).Select(r => r.Id).FirstAsync();

        var ticket = await CreateTicketAsync("admin@demo.local", new { categoriaTicketId = demo.Mantenimiento, communityId = demo.Robles });

        Assert.Equal(first, ticket.GetProperty("residentId").GetInt32());
        Assert.Equal(demo.Robles, ticket.GetProperty("communityId").GetInt32());
    }

    [Theory]
    [InlineData("gestor@demo.local", "neither", "residentId")]
    [InlineData("gestor@demo.local", "disagree", "communityId")]
    [InlineData("gestor@demo.local", "otherCompanyResident", "residentId")]
    [InlineData("gestor@demo.local", "emptyCommunity", "communityId")]
    [InlineData("gestor.norte@demo.local", "otherCompanyCommunity", "communityId")]
    public async Task Admin_creation_without_a_resident_in_scope_is_a_400(string email, string shape, string field)
    {
        var demo = await DemoAsync();
        object body = shape switch
        {
            "neither" => new { categoriaTicketId = demo.Mantenimiento },
            "disagree" => new { categoriaTicketId = demo.Mantenimiento, residentId = demo.Ana, communityId = demo.Torres },
            "otherCompanyResident" => new { categoriaTicketId = demo.Mantenimiento, residentId = demo.Marta },
            "emptyCommunity" => new { categoriaTicketId = demo.Mantenimiento, communityId = demo.Torres },
            _ => new { categoriaTicketId = demo.Mantenimiento, communityId = demo.Robles },
        };
        using var client = await As(email);

        var problem = await ApiErrorTests.AssertProblemAsync(await client.PostAsJsonAsync("/api/tickets", body), HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Creation_checks_the_length_of_contenido_at_its_boundary()
    {
        var demo = await DemoAsync();
        using var ana = await As("ana@demo.local");

        using var ok = await ana.PostAsJsonAsync("/api/tickets", new { categoriaTicketId = demo.Mantenimiento, contenido = new string('a', 4000) });
        using var tooLong = await ana.PostAsJsonAsync("/api/tickets", new { categoriaTicketId = demo.Mantenimiento, contenido = new string('a', 4001) });

        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        var problem = await ApiErrorTests.AssertProblemAsync(tooLong, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("contenido", out _), problem.ToString());
    }

    [Fact]
    public async Task Creation_needs_an_existing_active_category_and_a_date_not_in_the_future()
    {
        var demo = await DemoAsync();
        await using (var db = Factory.CreateDbContext())
        {
            db.Categorias.Add(new CommunityPortal.Features.Categories.CategoriaTicket { Nombre = "Retirada " + Guid.NewGuid().ToString("N")[..6], Activo = false, Orden = 99 });
            await db.SaveChangesAsync();
        }

        await using var read = Factory.CreateDbContext();
        var inactive = await read.Categorias.Where(c => !c.Activo).Select(c => c.Id).FirstAsync();
        using var ana = await As("ana@demo.local");

        foreach (var categoria in new[] { 0, 999999, inactive })
        {
            var problem = await ApiErrorTests.AssertProblemAsync(
                await ana.PostAsJsonAsync("/api/tickets", new { categoriaTicketId = categoria }), HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty("categoriaTicketId", out _), problem.ToString());
        }

        var future = await ApiErrorTests.AssertProblemAsync(
            await ana.PostAsJsonAsync("/api/tickets", new { categoriaTicketId = demo.Mantenimiento, fechaReporte = DateTime.UtcNow.AddDays(1) }),
            HttpStatusCode.BadRequest);
        Assert.True(future.GetProperty("errors").TryGetProperty("fechaReporte", out _), future.ToString());

        var past = DateTime.UtcNow.AddDays(-2);
        var backdated = await CreateTicketAsync("ana@demo.local", new { categoriaTicketId = demo.Mantenimiento, fechaReporte = past });
        Assert.Equal(past, backdated.GetProperty("fechaReporte").GetDateTime().ToUniversalTime(), TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task A_resident_edits_their_open_ticket_and_every_change_goes_to_history()
    {
        var demo = await DemoAsync();
        var id = await CreateOwnTicketAsync("ana@demo.local", "Texto inicial.");
        using var ana = await As("ana@demo.local");
        var etag = (await ana.GetAsync($"/api/tickets/{id}")).Headers.ETag!.Tag;

        using var response = await ana.PutAsJsonAsync($"/api/tickets/{id}", new { contenido = "Texto corregido.", categoriaTicketId = demo.Seguridad });
        var ticket = await ReadAsync(response);

        Assert.Equal("Texto corregido.", ticket.GetProperty("contenido").GetString());
        Assert.Equal(demo.Seguridad, ticket.GetProperty("categoriaTicketId").GetInt32());
        Assert.NotEqual(etag, response.Headers.ETag!.Tag);
        var history = await ReadListAsync(await ana.GetAsync($"/api/tickets/{id}/history"));
        var updated = history.Last();
        Assert.Equal("updated", updated.GetProperty("action").GetString());
        Assert.Contains("Mantenimiento → Seguridad", updated.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("contenido", updated.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_resident_may_only_cancel_and_nothing_once_the_ticket_is_final()
    {
        var demo = await DemoAsync();
        var id = await CreateOwnTicketAsync("ana@demo.local", "Quiero cancelarlo luego.");
        using var ana = await As("ana@demo.local");

        await ApiErrorTests.AssertProblemAsync(await ana.PutAsJsonAsync($"/api/tickets/{id}", new { statusId = demo.EnProceso }), HttpStatusCode.Forbidden);
        await ApiErrorTests.AssertProblemAsync(await ana.PutAsJsonAsync($"/api/tickets/{id}", new { statusId = demo.Resuelto }), HttpStatusCode.Forbidden);
        await ApiErrorTests.AssertProblemAsync(await ana.PutAsJsonAsync($"/api/tickets/{id}", new { fechaReporte = DateTime.UtcNow.AddDays(-3) }), HttpStatusCode.Forbidden);

        var cancelled = await ReadAsync(await ana.PutAsJsonAsync($"/api/tickets/{id}", new { statusId = demo.Cancelado }));
        Assert.Equal("CANCELADO", cancelled.GetProperty("status").GetProperty("code").GetString());
        var change = (await ReadListAsync(await ana.GetAsync($"/api/tickets/{id}/history"))).Last();
        Assert.Equal("statusChanged", change.GetProperty("action").GetString());
        Assert.Equal(demo.Nuevo, change.GetProperty("fromStatusId").GetInt32());
        Assert.Equal(demo.Cancelado, change.GetProperty("toStatusId").GetInt32());

        await ApiErrorTests.AssertProblemAsync(await ana.PutAsJsonAsync($"/api/tickets/{id}", new { contenido = "Otro texto" }), HttpStatusCode.Forbidden);
        await ApiErrorTests.AssertProblemAsync(await ana.PutAsJsonAsync($"/api/tickets/{id}", new { statusId = demo.Nuevo }), HttpStatusCode.Forbidden);
        var unchanged = await ReadAsync(await ana.GetAsync($"/api/tickets/{id}"));
        Assert.Equal("Quiero cancelarlo luego.", unchanged.GetProperty("contenido").GetString());
    }

    [Fact]
    public async Task An_admin_in_scope_changes_every_field()
    {
        var demo = await DemoAsync();
        var id = await CreateOwnTicketAsync("luis@demo.local", "Grieta en la vereda.");
        using var gestor = await As("gestor@demo.local");
        var reported = DateTime.UtcNow.AddDays(-1);

        var ticket = await ReadAsync(await gestor.PutAsJsonAsync($"/api/tickets/{id}", new
        {
            statusId = demo.Resuelto, categoriaTicketId = demo.Seguridad, contenido = "Grieta reparada.", fechaReporte = reported,
        }));

        Assert.Equal("RESUELTO", ticket.GetProperty("status").GetProperty("code").GetString());
        Assert.Equal(demo.Seguridad, ticket.GetProperty("categoriaTicketId").GetInt32());
        Assert.Equal(reported, ticket.GetProperty("fechaReporte").GetDateTime().ToUniversalTime(), TimeSpan.FromMilliseconds(1));
        var history = await ReadListAsync(await gestor.GetAsync($"/api/tickets/{id}/history"));
        Assert.Equal(["created", "statusChanged", "updated"], history.Select(h => h.GetProperty("action").GetString()));
        Assert.Equal("Gestor Demo", history[1].GetProperty("userName").GetString());

        // Even a final ticket stays editable for its administrators (e.g. reopen).
        var reopened = await ReadAsync(await gestor.PutAsJsonAsync($"/api/tickets/{id}", new { statusId = demo.EnRevision }));
        Assert.Equal("EN_REVISION", reopened.GetProperty("status").GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("gestor.norte@demo.local")]
    [InlineData("luis@demo.local")]
    [InlineData("marta@demo.local")]
    public async Task Writes_out_of_reach_are_404_and_change_nothing(string email)
    {
        var id = await CreateOwnTicketAsync("ana@demo.local", "Nadie más lo toca.");
        using var client = await As(email);

        await ApiErrorTests.AssertProblemAsync(await client.PutAsJsonAsync($"/api/tickets/{id}", new { contenido = "Hackeado" }), HttpStatusCode.NotFound);
        await ApiErrorTests.AssertProblemAsync(await client.DeleteAsync($"/api/tickets/{id}"), HttpStatusCode.NotFound);

        using var ana = await As("ana@demo.local");
        var ticket = await ReadAsync(await ana.GetAsync($"/api/tickets/{id}"));
        Assert.Equal("Nadie más lo toca.", ticket.GetProperty("contenido").GetString());
    }

    [Fact]
    public async Task A_stale_if_match_is_412_and_nothing_changes_while_the_current_one_passes()
    {
        var id = await CreateOwnTicketAsync("ana@demo.local", "Versión uno.");
        using var ana = await As("ana@demo.local");
        var original = (await ana.GetAsync($"/api/tickets/{id}")).Headers.ETag!.Tag;
        using var gestor = await As("gestor@demo.local");
        await ReadAsync(await gestor.PutAsJsonAsync($"/api/tickets/{id}", new { contenido = "Versión dos." }));

        using var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/tickets/{id}") { Content = JsonContent.Create(new { contenido = "Versión tres." }) };
        stale.Headers.TryAddWithoutValidation("If-Match", original);
        await ApiErrorTests.AssertProblemAsync(await ana.SendAsync(stale), HttpStatusCode.PreconditionFailed);
        using var staleDelete = new HttpRequestMessage(HttpMethod.Delete, $"/api/tickets/{id}");
        staleDelete.Headers.TryAddWithoutValidation("If-Match", original);
        await ApiErrorTests.AssertProblemAsync(await ana.SendAsync(staleDelete), HttpStatusCode.PreconditionFailed);

        using var current = await ana.GetAsync($"/api/tickets/{id}");
        Assert.Equal("Versión dos.", (await ReadAsync(current)).GetProperty("contenido").GetString());
        using var fresh = new HttpRequestMessage(HttpMethod.Put, $"/api/tickets/{id}") { Content = JsonContent.Create(new { contenido = "Versión tres." }) };
        fresh.Headers.TryAddWithoutValidation("If-Match", current.Headers.ETag!.Tag);
        Assert.Equal("Versión tres.", (await ReadAsync(await ana.SendAsync(fresh))).GetProperty("contenido").GetString());
    }

    [Fact]
    public async Task Deleting_is_soft_the_ticket_vanishes_from_every_read_and_list_but_stays_in_the_database()
    {
        var id = await CreateOwnTicketAsync("ana@demo.local", "Lo borraré.");
        using var ana = await As("ana@demo.local");
        using var gestor = await As("gestor@demo.local");

        Assert.Equal(HttpStatusCode.NoContent, (await ana.DeleteAsync($"/api/tickets/{id}")).StatusCode);

        await ApiErrorTests.AssertProblemAsync(await ana.GetAsync($"/api/tickets/{id}"), HttpStatusCode.NotFound);
        await ApiErrorTests.AssertProblemAsync(await gestor.GetAsync($"/api/tickets/{id}"), HttpStatusCode.NotFound);
        await ApiErrorTests.AssertProblemAsync(await ana.GetAsync($"/api/tickets/{id}/history"), HttpStatusCode.NotFound);
        await ApiErrorTests.AssertProblemAsync(await ana.DeleteAsync($"/api/tickets/{id}"), HttpStatusCode.NotFound);
        Assert.DoesNotContain(id, (await ReadListAsync(await ana.GetAsync("/api/tickets/my?pageSize=200"))).Select(t => t.GetProperty("id").GetInt32()));
        Assert.DoesNotContain(id, (await ReadListAsync(await gestor.GetAsync("/api/tickets?pageSize=200"))).Select(t => t.GetProperty("id").GetInt32()));

        await using var db = Factory.CreateDbContext();
        var row = await db.Tickets.Include(t => t.History).SingleAsync(t => t.Id == id);
        Assert.True(row.IsDeleted);
        Assert.NotNull(row.DeletedAt);
        Assert.Equal("deleted", row.History.OrderBy(h => h.Id).Last().Action);
    }

    [Fact]
    public async Task An_admin_deletes_a_ticket_in_scope()
    {
        var id = await CreateOwnTicketAsync("luis@demo.local", "Duplicado.");
        using var gestor = await As("gestor@demo.local");

        Assert.Equal(HttpStatusCode.NoContent, (await gestor.DeleteAsync($"/api/tickets/{id}")).StatusCode);
    }

    [Fact]
    public async Task Writes_without_a_token_are_401()
    {
        using var client = Factory.CreateAnonymousClient();

        await ApiErrorTests.AssertProblemAsync(await client.PostAsJsonAsync("/api/tickets", new { categoriaTicketId = 1 }), HttpStatusCode.Unauthorized);
        await ApiErrorTests.AssertProblemAsync(await client.PutAsJsonAsync("/api/tickets/1", new { contenido = "x" }), HttpStatusCode.Unauthorized);
        await ApiErrorTests.AssertProblemAsync(await client.DeleteAsync("/api/tickets/1"), HttpStatusCode.Unauthorized);
    }
}
