using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommunityPortal.Auth;
using CommunityPortal.Features.Accounts;
using CommunityPortal.Features.Residents;
using CommunityPortal.Shared;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityPortal.Tests.Residents;

public class ResidentAdminServiceTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private ResidentAdminService Service => factory.Services.CreateScope().ServiceProvider.GetRequiredService<ResidentAdminService>();

    private Task<CurrentUser> UserAsync(string email) => ServiceUsers.GetAsync(factory, email);

    private static string NewEmail(string name) => $"{name}-{Guid.NewGuid():N}@test.local";

    /// <summary>A unit nobody in the demo data (or another test) uses.</summary>
    private static string NewUnit() => $"Unidad T-{Random.Shared.Next(1000, 999_999)}";

    private async Task<ResidentAdded> AddAsync(string gestorEmail, int communityId, string name, string? email = null, string? unit = null)
    {
        var added = await Service.AddAsync(await UserAsync(gestorEmail), communityId, new NewResidentRequest(name, unit ?? NewUnit(), email ?? NewEmail("vecino"), null), default);
        Assert.True(added.Succeeded, string.Join(" ", added.Errors?.SelectMany(e => e.Value) ?? []));
        return added.Value!;
    }

    private async Task<HttpStatusCode> LoginStatusAsync(string email, string password = PortalAppFactory.DemoPassword)
    {
        using var client = factory.CreateAnonymousClient();
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password });
        return response.StatusCode;
    }

    [Fact]
    public async Task Lists_a_communitys_residents_with_email_phone_and_tickets_units_in_counting_order()
    {
        var demo = await DemoData.LoadAsync(factory);
        var gestor = await UserAsync("gestor@demo.local");

        var page = (await Service.ListAsync(gestor, demo.Robles, new ResidentListQuery(Q: "Casa", Status: ResidentStatusFilter.Active, PageSize: 200), default)).Value!;

        var luis = page.Items.Single(r => r.FullName == "Luis Gómez");
        var ana = page.Items.Single(r => r.FullName == "Ana Pérez");
        Assert.True(page.Items.ToList().IndexOf(luis) < page.Items.ToList().IndexOf(ana), "Casa 7 comes before Casa 12");
        Assert.Equal(("ana@demo.local", "+56 9 5555 1212", "Casa 12", true, true, 3), (ana.Email, ana.Phone, ana.Unit, ana.IsActive, ana.HasPassword, ana.TicketCount));
        Assert.Equal(2, luis.TicketCount);
        Assert.DoesNotContain(page.Items, r => r.FullName == "Marta Rodríguez");
    }

    [Theory]
    [InlineData("gómez", "Luis Gómez")]
    [InlineData("PEREZ", "Ana Pérez")]
    [InlineData("ANA@demo", "Ana Pérez")]
    [InlineData("5555 0707", "Luis Gómez")]
    [InlineData("casa 12", "Ana Pérez")]
    public async Task Search_finds_by_name_email_phone_or_unit_ignoring_case_and_accents(string q, string expected)
    {
        var demo = await DemoData.LoadAsync(factory);

        var page = (await Service.ListAsync(await UserAsync("gestor@demo.local"), demo.Robles, new ResidentListQuery(Q: q), default)).Value!;

        Assert.Equal([expected], page.Items.Select(r => r.FullName));
        Assert.Equal(1, page.TotalCount);
    }

    [Fact]
    public async Task Pages_in_the_database_and_refuses_a_bad_page_size()
    {
        var demo = await DemoData.LoadAsync(factory);
        var gestor = await UserAsync("gestor@demo.local");

        var first = (await Service.ListAsync(gestor, demo.Robles, new ResidentListQuery(Q: "demo.local", PageSize: 1, Sort: "name"), default)).Value!;
        var second = (await Service.ListAsync(gestor, demo.Robles, new ResidentListQuery(Q: "demo.local", Page: 2, PageSize: 1, Sort: "name"), default)).Value!;

        Assert.Equal(2, first.TotalCount);
        Assert.Equal(["Ana Pérez"], first.Items.Select(r => r.FullName));
        Assert.Equal(["Luis Gómez"], second.Items.Select(r => r.FullName));
        Assert.Equal(ServiceError.Invalid, (await Service.ListAsync(gestor, demo.Robles, new ResidentListQuery(PageSize: 500), default)).Error);
    }

    [Fact]
    public async Task Adding_a_new_email_creates_a_resident_account_without_password_and_a_one_time_link()
    {
        var demo = await DemoData.LoadAsync(factory);
        var email = NewEmail("rosa");

        var added = await Service.AddAsync(await UserAsync("gestor@demo.local"), demo.Robles,
            new NewResidentRequest("  Rosa   Díaz ", " casa  30 ", email, "+56 9 1234 5678"), default);

        Assert.True(added.Succeeded);
        Assert.True(added.Value!.NewAccount);
        Assert.StartsWith("Account/SetupPassword?userId=", added.Value.SetupLink, StringComparison.Ordinal);
        await using var db = factory.CreateDbContext();
        var resident = await db.Residents.Include(r => r.User).SingleAsync(r => r.Id == added.Value.ResidentId);
        Assert.Equal(("Rosa Díaz", "casa 30", "+56 9 1234 5678", true, demo.Robles), (resident.FullName, resident.Unit, resident.Phone, resident.IsActive, resident.CommunityId));
        Assert.Equal("Rosa Díaz", resident.User.DisplayName);
        Assert.Null(resident.User.PasswordHash);
        Assert.True(await db.UserRoles.AnyAsync(ur => ur.UserId == resident.UserId && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.Resident)));
        var target = await factory.Services.GetRequiredService<AccountService>().FindSetupTargetAsync(resident.UserId, Code(added.Value.SetupLink!));
        Assert.Equal(email, target!.Email);
    }

    private const string NotYoursToLink = "Esta persona ya tiene una cuenta: entra con su propia contraseña (o debe invitarla la administración que creó su cuenta).";

    private static string Code(string link) => Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri("http://x/" + link).Query)["code"].ToString();

    [Fact]
    public async Task An_email_that_already_has_a_resident_account_gets_a_second_profile_and_no_link()
    {
        var demo = await DemoData.LoadAsync(factory);
        var gestor = await UserAsync("gestor@demo.local");

        var added = await Service.AddAsync(gestor, demo.Torres, new NewResidentRequest("Ana Pérez", "Depto 101", "ANA@demo.local", null), default);

        Assert.True(added.Succeeded);
        Assert.False(added.Value!.NewAccount);
        Assert.Null(added.Value.SetupLink);
        await using var db = factory.CreateDbContext();
        var anaId = await db.Users.Where(u => u.Email == "ana@demo.local").Select(u => u.Id).SingleAsync();
        Assert.Equal(anaId, added.Value.UserId);
        Assert.Equal(2, await db.Residents.CountAsync(r => r.UserId == anaId && r.IsActive));
        Assert.Equal(HttpStatusCode.OK, await LoginStatusAsync("ana@demo.local"));

        // Already living here: refused by email.
        var again = await Service.AddAsync(gestor, demo.Robles, new NewResidentRequest("Ana Pérez", NewUnit(), "ana@demo.local", null), default);
        Assert.Equal(ServiceError.Conflict, again.Error);
        Assert.Equal("ana@demo.local ya es residente de esta comunidad (Casa 12).", again.Errors!["email"][0]);
    }

    [Fact]
    public async Task A_unit_held_by_an_active_resident_is_refused_whatever_its_case_or_spacing()
    {
        var demo = await DemoData.LoadAsync(factory);

        var added = await Service.AddAsync(await UserAsync("gestor@demo.local"), demo.Robles, new NewResidentRequest("Otra", "CASA  12", NewEmail("otra"), null), default);

        Assert.Equal(ServiceError.Conflict, added.Error);
        Assert.Equal("La unidad «CASA 12» ya la ocupa Ana Pérez, residente activo de esta comunidad.", added.Errors!["unit"][0]);
    }

    [Fact]
    public async Task Bad_fields_are_explained_by_field_and_nothing_is_created()
    {
        var demo = await DemoData.LoadAsync(factory);
        await using var db = factory.CreateDbContext();
        var users = await db.Users.CountAsync();

        var added = await Service.AddAsync(await UserAsync("gestor@demo.local"), demo.Robles, new NewResidentRequest(" ", new string('x', 51), "no-es-correo", "llamar de noche"), default);

        Assert.Equal(ServiceError.Invalid, added.Error);
        Assert.Equal(["email", "fullName", "phone", "unit"], added.Errors!.Keys.Order());
        Assert.Equal("Falta el nombre.", added.Errors["fullName"][0]);
        Assert.Equal("«no-es-correo» no es un email válido.", added.Errors["email"][0]);
        Assert.Equal(users, await db.Users.CountAsync());
    }

    [Fact]
    public async Task Edits_name_unit_and_phone_and_keeps_the_unit_rule()
    {
        var demo = await DemoData.LoadAsync(factory);
        var gestor = await UserAsync("gestor@demo.local");
        var added = await AddAsync("gestor@demo.local", demo.Robles, "Tomás Ruiz");

        var unit = NewUnit();
        var edited = await Service.UpdateAsync(gestor, added.ResidentId, new ResidentUpdateRequest("Tomás Ruiz Soto", unit, "22 333 4444"), default);
        Assert.Equal(("Tomás Ruiz Soto", unit, "22 333 4444"), (edited.Value!.FullName, edited.Value.Unit, edited.Value.Phone));

        var clash = await Service.UpdateAsync(gestor, added.ResidentId, new ResidentUpdateRequest("Tomás", "Casa 7", null), default);
        Assert.Equal(ServiceError.Conflict, clash.Error);
        Assert.Contains("Luis Gómez", clash.Errors!["unit"][0], StringComparison.Ordinal);
        // Keeping its own unit is no clash.
        Assert.True((await Service.UpdateAsync(gestor, added.ResidentId, new ResidentUpdateRequest("Tomás", unit.ToUpperInvariant(), null), default)).Succeeded);
    }

    [Fact]
    public async Task A_deactivated_resident_cannot_sign_in_their_tickets_stay_and_reactivation_lets_them_back()
    {
        var demo = await DemoData.LoadAsync(factory);
        var gestor = await UserAsync("gestor@demo.local");
        var email = await TestUsers.CreateResidentAsync(factory, "baja");
        var added = await AddAsync("gestor@demo.local", demo.Robles, "Vecina de Baja", email);
        using var resident = await factory.CreateApiClientAsync(email);
        using var created = await resident.PostAsJsonAsync("/api/tickets", new { categoriaTicketId = demo.Mantenimiento, contenido = "Gotera en la entrada" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var ticketId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        string stamp;
        await using (var db = factory.CreateDbContext())
        {
            stamp = (await db.Users.SingleAsync(u => u.Email == email)).SecurityStamp!;
        }

        var deactivated = await Service.SetActiveAsync(gestor, added.ResidentId, false, default);

        Assert.False(deactivated.Value!.IsActive);
        Assert.Equal(HttpStatusCode.Unauthorized, await LoginStatusAsync(email));
        await using (var db = factory.CreateDbContext())
        {
            // Open sessions end at their next check: the security stamp changed.
            Assert.NotEqual(stamp, (await db.Users.SingleAsync(u => u.Email == email)).SecurityStamp);
        }

        using var gestorApi = await factory.CreateApiClientAsync("gestor@demo.local");
        using var ticket = await gestorApi.GetAsync($"/api/tickets/{ticketId}");
        Assert.Equal(HttpStatusCode.OK, ticket.StatusCode);
        Assert.Equal("Vecina de Baja", (await ticket.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("residentName").GetString());
        Assert.Equal(1, (await Service.ListAsync(gestor, demo.Robles, new ResidentListQuery(Q: email, Status: ResidentStatusFilter.Inactive), default)).Value!.Items.Single().TicketCount);

        Assert.True((await Service.SetActiveAsync(gestor, added.ResidentId, true, default)).Value!.IsActive);
        Assert.Equal(HttpStatusCode.OK, await LoginStatusAsync(email));
    }

    [Fact]
    public async Task Deactivating_one_of_two_profiles_leaves_the_account_signed_in()
    {
        var demo = await DemoData.LoadAsync(factory);
        var email = await TestUsers.CreateResidentAsync(factory, "dos");
        var robles = await AddAsync("gestor@demo.local", demo.Robles, "Dos Unidades", email);
        await AddAsync("gestor@demo.local", demo.Torres, "Dos Unidades", email);
        await using var db = factory.CreateDbContext();
        var stamp = (await db.Users.AsNoTracking().SingleAsync(u => u.Email == email)).SecurityStamp;

        await Service.SetActiveAsync(await UserAsync("gestor@demo.local"), robles.ResidentId, false, default);

        Assert.Equal(HttpStatusCode.OK, await LoginStatusAsync(email));
        Assert.Equal(stamp, (await db.Users.AsNoTracking().SingleAsync(u => u.Email == email)).SecurityStamp);
    }

    [Fact]
    public async Task Reactivation_is_refused_while_someone_else_holds_the_unit()
    {
        var demo = await DemoData.LoadAsync(factory);
        var gestor = await UserAsync("gestor@demo.local");
        var unit = NewUnit();
        var first = await AddAsync("gestor@demo.local", demo.Robles, "Antiguo Dueño", unit: unit);
        await Service.SetActiveAsync(gestor, first.ResidentId, false, default);
        await AddAsync("gestor@demo.local", demo.Robles, "Nueva Dueña", unit: unit);

        var reactivated = await Service.SetActiveAsync(gestor, first.ResidentId, true, default);

        Assert.Equal(ServiceError.Conflict, reactivated.Error);
        Assert.Contains("Nueva Dueña", reactivated.Errors!["unit"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reactivation_does_not_trip_over_a_phone_stored_before_the_form_rules()
    {
        var demo = await DemoData.LoadAsync(factory);
        var gestor = await UserAsync("gestor@demo.local");
        var added = await AddAsync("gestor@demo.local", demo.Robles, "Teléfono Antiguo");
        await using (var db = factory.CreateDbContext())
        {
            await db.Residents.Where(r => r.Id == added.ResidentId).ExecuteUpdateAsync(u => u.SetProperty(r => r.Phone, "anexo 12"));
        }

        await Service.SetActiveAsync(gestor, added.ResidentId, false, default);
        var reactivated = await Service.SetActiveAsync(gestor, added.ResidentId, true, default);

        Assert.True(reactivated.Succeeded);
        Assert.Equal("anexo 12", reactivated.Value!.Phone);
    }

    [Fact]
    public async Task A_new_link_voids_the_previous_one_and_is_refused_for_inactive_residents()
    {
        var demo = await DemoData.LoadAsync(factory);
        var gestor = await UserAsync("gestor@demo.local");
        var added = await AddAsync("gestor@demo.local", demo.Robles, "Olvidadiza");
        var accounts = factory.Services.GetRequiredService<AccountService>();

        var link = await Service.CreateSetupLinkAsync(gestor, added.ResidentId, default);

        Assert.Equal("Olvidadiza", link.Value!.FullName);
        Assert.Null(await accounts.FindSetupTargetAsync(added.UserId, Code(added.SetupLink!)));
        Assert.NotNull(await accounts.FindSetupTargetAsync(added.UserId, Code(link.Value.Link)));

        await Service.SetActiveAsync(gestor, added.ResidentId, false, default);
        Assert.Equal(ServiceError.Invalid, (await Service.CreateSetupLinkAsync(gestor, added.ResidentId, default)).Error);
    }

    [Fact]
    public async Task A_company_admin_gets_no_link_for_an_account_that_also_lives_in_another_companys_community()
    {
        var demo = await DemoData.LoadAsync(factory);
        var email = NewEmail("compartida");
        var robles = await AddAsync("gestor@demo.local", demo.Robles, "Compartida", email);
        await AddAsync("gestor.norte@demo.local", demo.VillaNorte, "Compartida", email);

        var refused = await Service.CreateSetupLinkAsync(await UserAsync("gestor@demo.local"), robles.ResidentId, default);
        var allowed = await Service.CreateSetupLinkAsync(await UserAsync("admin@demo.local"), robles.ResidentId, default);

        Assert.Equal(ServiceError.Forbidden, refused.Error);
        // Nothing about the other company: the same words as for any account the caller did not create alone.
        Assert.Equal(NotYoursToLink, refused.Errors!["resident"][0]);
        Assert.True(allowed.Succeeded);
    }

    [Fact]
    public async Task Gestor_norte_can_never_touch_administradora_demo_residents()
    {
        var demo = await DemoData.LoadAsync(factory);
        var norte = await UserAsync("gestor.norte@demo.local");
        var email = NewEmail("intruso");
        var csv = ResidentCsvFileOf(new ResidentCsvRow(2, "Intruso", NewUnit(), email, null));

        foreach (var community in new[] { demo.Robles, demo.Torres })
        {
            Assert.Equal(ServiceError.NotFound, (await Service.ListAsync(norte, community, new ResidentListQuery(), default)).Error);
            Assert.Equal(ServiceError.NotFound, (await Service.AddAsync(norte, community, new NewResidentRequest("Intruso", NewUnit(), email, null), default)).Error);
            Assert.Equal(ServiceError.NotFound, (await Service.PreviewImportAsync(norte, community, csv, default)).Error);
            Assert.Equal(ServiceError.NotFound, (await Service.ImportAsync(norte, community, csv.Rows, default)).Error);
        }

        Assert.Equal(ServiceError.NotFound, (await Service.UpdateAsync(norte, demo.Luis, new ResidentUpdateRequest("Hackeado", "Casa 7", null), default)).Error);
        Assert.Equal(ServiceError.NotFound, (await Service.SetActiveAsync(norte, demo.Luis, false, default)).Error);
        Assert.Equal(ServiceError.NotFound, (await Service.CreateSetupLinkAsync(norte, demo.Ana, default)).Error);

        await using var db = factory.CreateDbContext();
        var luis = await db.Residents.SingleAsync(r => r.Id == demo.Luis);
        Assert.Equal(("Luis Gómez", true), (luis.FullName, luis.IsActive));
        Assert.False(await db.Users.AnyAsync(u => u.Email == email));
        Assert.Equal(HttpStatusCode.OK, await LoginStatusAsync("ana@demo.local"));
    }

    [Fact]
    public async Task A_resident_manages_nobody()
    {
        var demo = await DemoData.LoadAsync(factory);
        var ana = await UserAsync("ana@demo.local");

        Assert.Equal(ServiceError.NotFound, (await Service.ListAsync(ana, demo.Robles, new ResidentListQuery(), default)).Error);
        Assert.Equal(ServiceError.NotFound, (await Service.SetActiveAsync(ana, demo.Luis, false, default)).Error);
        Assert.Equal(ServiceError.NotFound, (await Service.CreateSetupLinkAsync(ana, demo.Luis, default)).Error);
    }

    private static ResidentCsvFile ResidentCsvFileOf(params ResidentCsvRow[] rows) => new(rows, null);

    [Fact]
    public async Task The_preview_marks_each_row_with_its_errors_and_writes_nothing()
    {
        var demo = await DemoData.LoadAsync(factory);
        var gestor = await UserAsync("gestor@demo.local");
        var (u1, u2, u3) = (NewUnit() + "A", NewUnit() + "B", NewUnit() + "C");
        var repeated = NewEmail("repetido");
        var file = ResidentCsvFileOf(
            new ResidentCsvRow(2, "Válida Nueva", u1, NewEmail("valida"), "+56 9 1111 2222"),
            new ResidentCsvRow(3, "", u2, NewEmail("sinnombre"), null),
            new ResidentCsvRow(4, "Mal Correo", u3, "mal@", null),
            new ResidentCsvRow(5, "Primera", NewUnit(), repeated, null),
            new ResidentCsvRow(6, "Segunda", NewUnit(), repeated.ToUpperInvariant(), null),
            new ResidentCsvRow(7, "Ocupa", "casa 7", NewEmail("ocupa"), null),
            new ResidentCsvRow(8, "Ya Está", NewUnit(), "luis@demo.local", null),
            new ResidentCsvRow(9, "Gestor", NewUnit(), "gestor@demo.local", null),
            new ResidentCsvRow(10, "Marta Rodríguez", NewUnit(), "marta@demo.local", null),
            new ResidentCsvRow(11, "Misma Unidad", u1.ToLowerInvariant(), NewEmail("misma"), null));
        await using var db = factory.CreateDbContext();
        var residents = await db.Residents.CountAsync();

        var preview = (await Service.PreviewImportAsync(gestor, demo.Robles, file, default)).Value!;

        var byLine = preview.Rows.ToDictionary(r => r.Row.Line);
        Assert.Equal(ImportRowKind.Invalid, byLine[2].Kind);
        Assert.Equal(["La unidad se repite en el archivo (también en la línea 11)."], byLine[2].Errors);
        Assert.Equal(["Falta el nombre."], byLine[3].Errors);
        Assert.Equal(["«mal@» no es un email válido."], byLine[4].Errors);
        Assert.Equal(["El email se repite en el archivo (también en la línea 6)."], byLine[5].Errors);
        Assert.Equal(["El email se repite en el archivo (también en la línea 5)."], byLine[6].Errors);
        Assert.Equal(["La unidad «casa 7» ya la ocupa Luis Gómez, residente activo de esta comunidad."], byLine[7].Errors);
        Assert.Equal(["luis@demo.local ya es residente de esta comunidad (Casa 7)."], byLine[8].Errors);
        // An administrator's e-mail and another company's resident read as any addable new e-mail would.
        Assert.Equal((ImportRowKind.NewAccount, 0), (byLine[9].Kind, byLine[9].Errors.Count));
        Assert.Equal((ImportRowKind.NewAccount, 0), (byLine[10].Kind, byLine[10].Errors.Count));
        Assert.Equal((2, 8), (preview.ValidCount, preview.ErrorCount));
        Assert.Equal(residents, await db.Residents.CountAsync());
    }

    [Fact]
    public async Task A_file_error_comes_back_without_rows()
    {
        var demo = await DemoData.LoadAsync(factory);

        var preview = await Service.PreviewImportAsync(await UserAsync("gestor@demo.local"), demo.Torres, ResidentCsvFile.Failed("El archivo no tiene filas de residentes."), default);

        Assert.Equal("El archivo no tiene filas de residentes.", preview.Value!.FileError);
        Assert.Empty(preview.Value.Rows);
    }

    [Fact]
    public async Task The_import_creates_the_valid_rows_with_links_and_reports_the_rest_with_line_numbers()
    {
        var demo = await DemoData.LoadAsync(factory);
        var gestor = await UserAsync("gestor@demo.local");
        var takenLater = NewUnit();
        var rows = new List<ResidentCsvRow>
        {
            new(2, "Importada Uno", NewUnit(), NewEmail("uno"), null),
            new(3, "Importada Dos", NewUnit(), NewEmail("dos"), "555 1234"),
            new(4, "Sin Unidad", "", NewEmail("sinunidad"), null),
            new(5, "Llega Tarde", takenLater, NewEmail("tarde"), null),
            new(6, "Marta Rodríguez", NewUnit(), "marta@demo.local", null),
        };
        Assert.Equal(4, (await Service.PreviewImportAsync(gestor, demo.Torres, ResidentCsvFileOf([.. rows]), default)).Value!.ValidCount);
        // Between the preview and the import someone takes a unit.
        await AddAsync("gestor@demo.local", demo.Torres, "Más Rápido", unit: takenLater);

        var result = (await Service.ImportAsync(gestor, demo.Torres, rows, default)).Value!;

        Assert.Equal(["Importada Uno", "Importada Dos", "Marta Rodríguez"], result.Created.Select(c => c.FullName));
        Assert.All(result.Created.Take(2), c => Assert.StartsWith("Account/SetupPassword?userId=", c.SetupLink, StringComparison.Ordinal));
        Assert.Null(result.Created[2].SetupLink);
        Assert.False(result.Created[2].NewAccount);
        Assert.Equal([4, 5], result.Skipped.Select(s => s.Row.Line));
        Assert.Contains("Más Rápido", result.Skipped[1].Errors[0], StringComparison.Ordinal);
        await using var db = factory.CreateDbContext();
        Assert.Equal("555 1234", await db.Residents.Where(r => r.FullName == "Importada Dos").Select(r => r.Phone).SingleAsync());
        Assert.True(await db.Residents.AnyAsync(r => r.FullName == "Marta Rodríguez" && r.CommunityId == demo.Torres));
    }

    [Fact]
    public async Task Importing_hundreds_of_rows_creates_every_account_and_profile()
    {
        var demo = await DemoData.LoadAsync(factory);
        var gestor = await UserAsync("gestor@demo.local");
        var tag = Guid.NewGuid().ToString("N")[..8];
        var rows = Enumerable.Range(1, 300).Select(i => new ResidentCsvRow(i + 1, $"Vecino {i}", $"Depto {tag}-{i}", $"v{i}-{tag}@test.local", null)).ToList();

        var reports = new List<ImportProgress>();

        var result = (await Service.ImportAsync(gestor, demo.Torres, rows, default, new SyncProgress(reports.Add))).Value!;

        Assert.Equal(300, result.Created.Count);
        // One step per account and one per link, counted up to the end.
        Assert.Equal(new ImportProgress(600, 600), reports[^1]);
        Assert.Equal(Enumerable.Range(0, 601), reports.Select(r => r.Done));
        Assert.Empty(result.Skipped);
        Assert.Equal(300, result.Created.Select(c => c.SetupLink).Distinct().Count());
        await using var db = factory.CreateDbContext();
        Assert.Equal(300, await db.Residents.CountAsync(r => r.CommunityId == demo.Torres && r.Unit.StartsWith($"Depto {tag}-")));
    }

    [Fact]
    public async Task Pending_links_are_issued_anew_for_active_residents_without_a_password_in_scope_only()
    {
        var demo = await DemoData.LoadAsync(factory);
        var gestor = await UserAsync("gestor@demo.local");
        var community = (await factory.Services.CreateScope().ServiceProvider.GetRequiredService<CommunityPortal.Features.Communities.CommunityService>()
            .CreateAsync(gestor, new CommunityPortal.Features.Communities.CommunityRequest($"Pendientes {Guid.NewGuid():N}", null), default)).Value!;
        var first = await AddAsync("gestor@demo.local", community.Id, "Pendiente Uno");
        await AddAsync("gestor@demo.local", community.Id, "Pendiente Dos");
        var gone = await AddAsync("gestor@demo.local", community.Id, "Se Fue");
        await Service.SetActiveAsync(gestor, gone.ResidentId, false, default);
        await AddAsync("gestor@demo.local", community.Id, "Con Clave", await TestUsers.CreateResidentAsync(factory, "conclave"));
        var shared = await AddAsync("gestor@demo.local", community.Id, "Compartida Pendiente");
        await AddAsync("gestor.norte@demo.local", demo.VillaNorte, "Compartida Pendiente", shared.Email);

        Assert.Equal(2, (await Service.CountPendingAsync(gestor, community.Id, default)).Value);
        var links = (await Service.CreatePendingLinksAsync(gestor, community.Id, default)).Value!;

        Assert.Equal(["Pendiente Dos", "Pendiente Uno"], links.Select(l => l.FullName).Order(StringComparer.Ordinal));
        var accounts = factory.Services.GetRequiredService<AccountService>();
        Assert.Null(await accounts.FindSetupTargetAsync(first.UserId, Code(first.SetupLink!)));
        Assert.NotNull(await accounts.FindSetupTargetAsync(first.UserId, Code(links.Single(l => l.FullName == "Pendiente Uno").Link)));
        // The system administrator also covers the account shared with Gestiones Norte.
        Assert.Equal(3, (await Service.CountPendingAsync(await UserAsync("admin@demo.local"), community.Id, default)).Value);
        var norte = await UserAsync("gestor.norte@demo.local");
        Assert.Equal(ServiceError.NotFound, (await Service.CountPendingAsync(norte, community.Id, default)).Error);
        Assert.Equal(ServiceError.NotFound, (await Service.CreatePendingLinksAsync(norte, demo.Robles, default)).Error);
    }

    private sealed record AccountState(string? PasswordHash, string? SecurityStamp);

    private async Task<AccountState> AccountStateAsync(string userId)
    {
        await using var db = factory.CreateDbContext();
        return await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new AccountState(u.PasswordHash, u.SecurityStamp)).SingleAsync();
    }

    /// <summary>
    /// Issue 13, item 1: gestor.norte typed the e-mail of a person Administradora Demo had just added (no password yet)
    /// and was handed a set-password link for that account: whoever used it owned the account and its tickets.
    /// </summary>
    [Fact]
    public async Task A_company_admin_cannot_take_over_another_companys_pending_account()
    {
        var demo = await DemoData.LoadAsync(factory);
        var norte = await UserAsync("gestor.norte@demo.local");
        var pending = await AddAsync("gestor@demo.local", demo.Robles, "Pendiente Robles");
        var before = await AccountStateAsync(pending.UserId);
        Assert.Null(before.PasswordHash);

        var added = await Service.AddAsync(norte, demo.VillaNorte, new NewResidentRequest("Pendiente Robles", NewUnit(), pending.Email.ToUpperInvariant(), null), default);

        // The person is added (they sign in with their own account) but no link comes back and the account is untouched.
        Assert.True(added.Succeeded);
        Assert.False(added.Value!.NewAccount);
        Assert.Null(added.Value.SetupLink);
        Assert.Equal(pending.UserId, added.Value.UserId);
        Assert.Equal(before, await AccountStateAsync(pending.UserId));
        var accounts = factory.Services.GetRequiredService<AccountService>();
        Assert.NotNull(await accounts.FindSetupTargetAsync(pending.UserId, Code(pending.SetupLink!)));

        // The list offers no link (and the page hides whether the account has a password) on either side now.
        Assert.False((await Service.ListAsync(norte, demo.VillaNorte, new ResidentListQuery(Q: pending.Email), default)).Value!.Items.Single().CanCreateLink);
        Assert.False((await Service.ListAsync(await UserAsync("gestor@demo.local"), demo.Robles, new ResidentListQuery(Q: pending.Email), default)).Value!.Items.Single().CanCreateLink);

        // Nor through "new link", the pending-links file or an import.
        var link = await Service.CreateSetupLinkAsync(norte, added.Value.ResidentId, default);
        Assert.Equal(ServiceError.Forbidden, link.Error);
        Assert.Equal([NotYoursToLink], link.Errors!["resident"]);
        Assert.DoesNotContain((await Service.CreatePendingLinksAsync(norte, demo.VillaNorte, default)).Value!, l => l.ResidentId == added.Value.ResidentId);
        var another = await AddAsync("gestor@demo.local", demo.Torres, "Otra Pendiente");
        var imported = (await Service.ImportAsync(norte, demo.VillaNorte, [new ResidentCsvRow(2, "Otra Pendiente", NewUnit(), another.Email, null)], default)).Value!;
        Assert.Null(Assert.Single(imported.Created).SetupLink);
        Assert.Equal(before, await AccountStateAsync(pending.UserId));
        Assert.Null((await AccountStateAsync(another.UserId)).PasswordHash);
        Assert.NotNull(await accounts.FindSetupTargetAsync(pending.UserId, Code(pending.SetupLink!)));
        Assert.NotNull(await accounts.FindSetupTargetAsync(another.UserId, Code(another.SetupLink!)));
    }

    [Fact]
    public async Task An_account_with_a_password_elsewhere_keeps_its_password_and_sessions_when_another_company_adds_it()
    {
        var demo = await DemoData.LoadAsync(factory);
        var norte = await UserAsync("gestor.norte@demo.local");
        var email = await TestUsers.CreateResidentAsync(factory, "conclave");
        var robles = await AddAsync("gestor@demo.local", demo.Robles, "Con Clave", email);
        var before = await AccountStateAsync(robles.UserId);

        var added = await Service.AddAsync(norte, demo.VillaNorte, new NewResidentRequest("Con Clave", NewUnit(), email, null), default);

        Assert.Null(added.Value!.SetupLink);
        Assert.Equal(ServiceError.Forbidden, (await Service.CreateSetupLinkAsync(norte, added.Value.ResidentId, default)).Error);
        Assert.Equal(before, await AccountStateAsync(robles.UserId));
        Assert.Equal(HttpStatusCode.OK, await LoginStatusAsync(email));
    }

    /// <summary>
    /// An administrator's e-mail is added like any other existing account, without a link: refusing it (with any wording)
    /// would tell the caller it is not an ordinary resident's.
    /// </summary>
    [Theory]
    [InlineData("gestor@demo.local")]
    [InlineData("admin@demo.local")]
    public async Task An_administrators_email_reads_and_adds_like_any_account_outside_the_callers_scope(string adminEmail)
    {
        var demo = await DemoData.LoadAsync(factory);
        var norte = await UserAsync("gestor.norte@demo.local");
        var adminId = (await UserAsync(adminEmail)).UserId;
        var before = await AccountStateAsync(adminId);
        var otherCompanys = await AddAsync("gestor@demo.local", demo.Robles, "De Robles");

        var admin = await Service.AddAsync(norte, demo.VillaNorte, new NewResidentRequest("Vecino", NewUnit(), adminEmail, null), default);
        var resident = await Service.AddAsync(norte, demo.VillaNorte, new NewResidentRequest("Vecino", NewUnit(), otherCompanys.Email, null), default);

        Assert.True(admin.Succeeded);
        Assert.Equal((resident.Value!.NewAccount, resident.Value.SetupLink), (admin.Value!.NewAccount, admin.Value.SetupLink));
        Assert.Equal(before, await AccountStateAsync(adminId));
        var adminLink = await Service.CreateSetupLinkAsync(norte, admin.Value.ResidentId, default);
        var residentLink = await Service.CreateSetupLinkAsync(norte, resident.Value.ResidentId, default);
        Assert.Equal(ServiceError.Forbidden, adminLink.Error);
        Assert.Equal((residentLink.Error, residentLink.Errors!["resident"].Single()), (adminLink.Error, adminLink.Errors!["resident"].Single()));
        Assert.Equal(before, await AccountStateAsync(adminId));
    }

    /// <summary>The preview of an import is not a way to learn which e-mails exist in other companies or belong to administrators.</summary>
    [Fact]
    public async Task The_preview_tells_nothing_about_accounts_outside_the_callers_scope()
    {
        var demo = await DemoData.LoadAsync(factory);
        var norte = await UserAsync("gestor.norte@demo.local");
        var pendingElsewhere = await AddAsync("gestor@demo.local", demo.Robles, "Pendiente Ajena");
        var norteCommunity = (await factory.Services.CreateScope().ServiceProvider.GetRequiredService<CommunityPortal.Features.Communities.CommunityService>()
            .CreateAsync(norte, new CommunityPortal.Features.Communities.CommunityRequest($"Norte Dos {Guid.NewGuid():N}", null), default)).Value!;
        var ownPerson = await AddAsync("gestor.norte@demo.local", demo.VillaNorte, "Vecina Propia");
        var file = ResidentCsvFileOf(
            new ResidentCsvRow(2, "Nadie", NewUnit(), NewEmail("nadie"), null),
            new ResidentCsvRow(3, "Pendiente Ajena", NewUnit(), pendingElsewhere.Email, null),
            new ResidentCsvRow(4, "Ana Pérez", NewUnit(), "ana@demo.local", null),
            new ResidentCsvRow(5, "Gestor", NewUnit(), "gestor@demo.local", null),
            new ResidentCsvRow(6, "Admin", NewUnit(), "ADMIN@demo.local", null),
            new ResidentCsvRow(7, "Vecina Propia", NewUnit(), ownPerson.Email, null));

        var preview = (await Service.PreviewImportAsync(norte, norteCommunity.Id, file, default)).Value!;

        var nobody = preview.Rows[0];
        Assert.Equal((ImportRowKind.NewAccount, 0), (nobody.Kind, nobody.Errors.Count));
        Assert.All(preview.Rows.Skip(1).Take(4), r => Assert.Equal((nobody.Kind, nobody.Errors.Count), (r.Kind, r.Errors.Count)));
        // The caller's own people are still recognised.
        Assert.Equal(ImportRowKind.ExistingAccount, preview.Rows[5].Kind);
    }

    [Fact]
    public async Task An_email_identity_cannot_use_as_a_user_name_is_refused_before_anything_is_written()
    {
        var demo = await DemoData.LoadAsync(factory);

        var added = await Service.AddAsync(await UserAsync("gestor@demo.local"), demo.Torres, new NewResidentRequest("José", NewUnit(), "josé@test.local", null), default);

        Assert.Equal(ServiceError.Invalid, added.Error);
        Assert.Equal("«josé@test.local» no es un email válido.", added.Errors!["email"][0]);
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool and race the assertions).</summary>
    private sealed class SyncProgress(Action<ImportProgress> report) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => report(value);
    }
}
