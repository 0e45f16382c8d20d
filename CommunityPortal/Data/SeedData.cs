using CommunityPortal.Auth;
using CommunityPortal.Features.Categories;
using CommunityPortal.Features.Comments;
using CommunityPortal.Features.Communities;
using CommunityPortal.Features.Companies;
using CommunityPortal.Features.Residents;
using CommunityPortal.Features.Statuses;
using CommunityPortal.Features.Tickets;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CommunityPortal.Data;

/// <summary>
/// Reference data (statuses, categories, roles) always; the bootstrap administrator when configured;
/// the demo tenants of domain.md with <c>Seed:Demo=true</c>. Every step checks before it inserts,
/// so running it on every start-up creates nothing twice.
/// </summary>
public sealed class SeedData(
    AppDbContext db,
    UserManager<ApplicationUser> userManager,
    RoleManager<IdentityRole> roleManager,
    IConfiguration configuration,
    ILogger<SeedData> logger)
{
    public const string DemoPassword = "Demo!2026pass";

    internal static readonly IReadOnlyList<StatusTicket> Statuses =
    [
        new() { Code = TicketStatusCodes.Nuevo, Descripcion = "Nuevo", Color = "#1E88E5", EsFinal = false, Orden = 1 },
        new() { Code = TicketStatusCodes.EnRevision, Descripcion = "En revisión", Color = "#8E24AA", EsFinal = false, Orden = 2 },
        new() { Code = TicketStatusCodes.EnInvestigacion, Descripcion = "En investigación", Color = "#FB8C00", EsFinal = false, Orden = 3 },
        new() { Code = TicketStatusCodes.EnProceso, Descripcion = "En proceso", Color = "#FDD835", EsFinal = false, Orden = 4 },
        new() { Code = TicketStatusCodes.Cancelado, Descripcion = "Cancelado", Color = "#757575", EsFinal = true, Orden = 5 },
        new() { Code = TicketStatusCodes.Resuelto, Descripcion = "Resuelto", Color = "#43A047", EsFinal = true, Orden = 6 },
    ];

    internal static readonly IReadOnlyList<CategoriaTicket> Categories =
    [
        new() { Nombre = "Áreas comunes", Descripcion = "Pasillos, jardines, estacionamientos y otras zonas compartidas.", Orden = 1 },
        new() { Nombre = "Amenidades", Descripcion = "Piscina, gimnasio, salón de eventos, juegos infantiles.", Orden = 2 },
        new() { Nombre = "Mantenimiento", Descripcion = "Fugas, electricidad, ascensores, portones.", Orden = 3 },
        new() { Nombre = "Seguridad", Descripcion = "Accesos, cámaras, vigilancia, iluminación.", Orden = 4 },
        new() { Nombre = "Administrativo", Descripcion = "Cuotas, documentos, trámites con la administración.", Orden = 5 },
        new() { Nombre = "Otros", Descripcion = "Todo lo que no encaja en otra categoría.", Orden = 6 },
    ];

    public async Task SeedAsync(CancellationToken cancellationToken = default)
    {
        await EnsureReferenceDataAsync(cancellationToken);
        await EnsureRolesAsync();
        await EnsureBootstrapAdminAsync();
        if (configuration.GetValue<bool>("Seed:Demo"))
        {
            await EnsureDemoDataAsync(cancellationToken);
        }
    }

    private async Task EnsureReferenceDataAsync(CancellationToken cancellationToken)
    {
        var statusCodes = await db.Statuses.Select(s => s.Code).ToListAsync(cancellationToken);
        db.Statuses.AddRange(Statuses.Where(s => !statusCodes.Contains(s.Code)).Select(s => new StatusTicket
        {
            Code = s.Code, Descripcion = s.Descripcion, Color = s.Color, EsFinal = s.EsFinal, Orden = s.Orden,
        }));

        // Categories are seeded once; after that SYSTEM_ADMIN owns them (renames must not resurrect the originals).
        if (!await db.Categorias.AnyAsync(cancellationToken))
        {
            db.Categorias.AddRange(Categories.Select(c => new CategoriaTicket
            {
                Nombre = c.Nombre, Descripcion = c.Descripcion, Orden = c.Orden, Activo = true,
            }));
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.All)
        {
            if (!await roleManager.RoleExistsAsync(role))
            {
                Check(await roleManager.CreateAsync(new IdentityRole(role)), $"role {role}");
            }
        }
    }

    private async Task EnsureBootstrapAdminAsync()
    {
        var email = configuration["Bootstrap:AdminEmail"];
        var password = configuration["Bootstrap:AdminPassword"];
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password))
        {
            return;
        }

        if ((await userManager.GetUsersInRoleAsync(Roles.SystemAdmin)).Count > 0)
        {
            return;
        }

        await EnsureUserAsync(email, password, "Administrador", Roles.SystemAdmin, companyId: null);
        logger.LogInformation("Bootstrap administrator {Email} created", email);
    }

    private async Task EnsureDemoDataAsync(CancellationToken cancellationToken)
    {
        var demo = await EnsureCompanyAsync("Administradora Demo", cancellationToken);
        var norte = await EnsureCompanyAsync("Gestiones Norte", cancellationToken);
        var robles = await EnsureCommunityAsync(demo, "Residencial Los Robles", "Av. Los Robles 1450", cancellationToken);
        await EnsureCommunityAsync(demo, "Torres del Parque", "Calle del Parque 220", cancellationToken);
        var villaNorte = await EnsureCommunityAsync(norte, "Villa Norte", "Camino Norte 88", cancellationToken);

        await EnsureUserAsync("admin@demo.local", DemoPassword, "Administración del sistema", Roles.SystemAdmin, null);
        await EnsureUserAsync("gestor@demo.local", DemoPassword, "Gestor Demo", Roles.AdminCompany, demo.Id);
        await EnsureUserAsync("gestor.norte@demo.local", DemoPassword, "Gestor Norte", Roles.AdminCompany, norte.Id);
        var ana = await EnsureResidentAsync("ana@demo.local", "Ana Pérez", robles, "Casa 12", "+56 9 5555 1212", cancellationToken);
        var luis = await EnsureResidentAsync("luis@demo.local", "Luis Gómez", robles, "Casa 7", "+56 9 5555 0707", cancellationToken);
        var marta = await EnsureResidentAsync("marta@demo.local", "Marta Rodríguez", villaNorte, "Depto 3B", null, cancellationToken);

        if (await db.Tickets.AnyAsync(t => t.ResidentId == ana.Id || t.ResidentId == luis.Id || t.ResidentId == marta.Id, cancellationToken))
        {
            return;
        }

        await CreateDemoTicketsAsync(ana, luis, marta, cancellationToken);
        logger.LogInformation("Demo data created");
    }

    private async Task CreateDemoTicketsAsync(Resident ana, Resident luis, Resident marta, CancellationToken cancellationToken)
    {
        var statuses = await db.Statuses.ToDictionaryAsync(s => s.Code, cancellationToken);
        var categories = await db.Categorias.OrderBy(c => c.Orden).ToListAsync(cancellationToken);
        int Category(string nombre) => (categories.FirstOrDefault(c => c.Nombre == nombre) ?? categories[0]).Id;
        var gestor = await userManager.FindByEmailAsync("gestor@demo.local");
        var norte = await userManager.FindByEmailAsync("gestor.norte@demo.local");
        var now = DateTime.UtcNow;

        Ticket NewTicket(Resident resident, string category, string contenido, int daysAgo, string status, ApplicationUser? admin)
        {
            var reported = now.AddDays(-daysAgo).AddHours(-3);
            var ticket = new Ticket
            {
                CategoriaTicketId = Category(category),
                StatusId = statuses[status].Id,
                Contenido = contenido,
                FechaReporte = reported,
                CreatedAt = reported,
                CommunityId = resident.CommunityId,
                ResidentId = resident.Id,
            };
            ticket.History.Add(new TicketHistory
            {
                At = reported, UserId = resident.UserId, UserName = resident.FullName,
                Action = TicketHistoryActions.Created, ToStatusId = statuses[TicketStatusCodes.Nuevo].Id,
            });
            if (status != TicketStatusCodes.Nuevo && admin is not null)
            {
                ticket.History.Add(new TicketHistory
                {
                    At = reported.AddHours(20), UserId = admin.Id, UserName = admin.DisplayName,
                    Action = TicketHistoryActions.StatusChanged,
                    FromStatusId = statuses[TicketStatusCodes.Nuevo].Id, ToStatusId = statuses[status].Id,
                });
            }

            return ticket;
        }

        var fuga = NewTicket(ana, "Amenidades",
            "Hay una fuga de agua en la piscina, junto a la escalera del lado norte. El nivel baja varios centímetros cada día.",
            6, TicketStatusCodes.EnProceso, gestor);
        db.Tickets.AddRange(
            fuga,
            NewTicket(ana, "Seguridad", "El portón de acceso vehicular se queda abierto después de pasar el auto.", 2, TicketStatusCodes.EnRevision, gestor),
            NewTicket(ana, "Áreas comunes", "Luminaria apagada en el pasaje entre las casas 10 y 14.", 20, TicketStatusCodes.Resuelto, gestor),
            NewTicket(luis, "Mantenimiento", "El ascensor de visitas hace un ruido fuerte al frenar en el segundo piso.", 1, TicketStatusCodes.Nuevo, null),
            NewTicket(luis, "Otros", "Ruidos molestos de una fiesta los viernes hasta las 3 de la mañana.", 12, TicketStatusCodes.Cancelado, gestor),
            NewTicket(marta, "Mantenimiento", "Humedad en el muro del estacionamiento subterráneo, nivel -1.", 4, TicketStatusCodes.EnInvestigacion, norte));
        await db.SaveChangesAsync(cancellationToken);

        // One threaded conversation on Ana's pool leak.
        var origenId = fuga.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Comentario Comment(string text, int hoursAfter, Comentario? parent, Resident? resident, ApplicationUser? admin)
        {
            var at = fuga.FechaReporte.AddHours(hoursAfter);
            return new Comentario
            {
                Origen = ComentarioOrigenes.Ticket, IdOrigen = origenId, Parent = parent, ComentarioTexto = text,
                ResidentId = resident?.Id, AuthorUserId = resident?.UserId ?? admin!.Id,
                AuthorName = resident?.FullName ?? admin!.DisplayName,
                AuthorRole = resident is null ? Roles.AdminCompany : Roles.Resident,
                CreatedAt = at, UpdatedAt = at,
            };
        }

        var first = Comment("Gracias por el aviso. Enviaremos al técnico de piscinas mañana por la mañana.", 22, null, null, gestor);
        var reply = Comment("¿A qué hora más o menos? Puedo mostrarle dónde está la fuga.", 24, first, ana, null);
        var answer = Comment("Entre las 9:00 y las 11:00. Le avisamos por aquí cuando llegue.", 25, reply, null, gestor);
        var update = Comment("El técnico encontró una junta rota; el repuesto llega esta semana.", 48, null, null, gestor);
        db.Comentarios.AddRange(first, reply, answer, update);
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<Company> EnsureCompanyAsync(string name, CancellationToken cancellationToken)
    {
        var company = await db.Companies.FirstOrDefaultAsync(c => c.Name == name, cancellationToken);
        if (company is null)
        {
            company = new Company { Name = name };
            db.Companies.Add(company);
            await db.SaveChangesAsync(cancellationToken);
        }

        return company;
    }

    private async Task<Community> EnsureCommunityAsync(Company company, string name, string address, CancellationToken cancellationToken)
    {
        var community = await db.Communities.FirstOrDefaultAsync(c => c.CompanyId == company.Id && c.Name == name, cancellationToken);
        if (community is null)
        {
            community = new Community { CompanyId = company.Id, Name = name, Address = address };
            db.Communities.Add(community);
            await db.SaveChangesAsync(cancellationToken);
        }

        return community;
    }

    private async Task<Resident> EnsureResidentAsync(
        string email, string fullName, Community community, string unit, string? phone, CancellationToken cancellationToken)
    {
        var user = await EnsureUserAsync(email, DemoPassword, fullName, Roles.Resident, null);
        var resident = await db.Residents.FirstOrDefaultAsync(r => r.UserId == user.Id && r.CommunityId == community.Id, cancellationToken);
        if (resident is null)
        {
            resident = new Resident { UserId = user.Id, CommunityId = community.Id, FullName = fullName, Unit = unit, Phone = phone };
            db.Residents.Add(resident);
            await db.SaveChangesAsync(cancellationToken);
        }

        return resident;
    }

    private async Task<ApplicationUser> EnsureUserAsync(string email, string password, string displayName, string role, int? companyId)
    {
        var user = await userManager.FindByEmailAsync(email);
        if (user is null)
        {
            user = new ApplicationUser
            {
                UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName, CompanyId = companyId,
            };
            Check(await userManager.CreateAsync(user, password), $"user {email}");
        }

        if (!await userManager.IsInRoleAsync(user, role))
        {
            Check(await userManager.AddToRoleAsync(user, role), $"role {role} for {email}");
        }

        return user;
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                $"Seeding {what} failed: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}
