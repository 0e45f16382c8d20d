using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CommunityPortal.Auth;
using CommunityPortal.Data;
using CommunityPortal.Features.Comments;
using CommunityPortal.Features.Communities;
using CommunityPortal.Features.Companies;
using CommunityPortal.Features.Residents;
using CommunityPortal.Features.Statuses;
using CommunityPortal.Features.Tickets;
using CommunityPortal.Shared;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PortalBench;

/// <summary>What the benchmark needs to know about a generated database (saved beside it as JSON).</summary>
internal sealed record DatasetInfo(
    int Version,
    int Tickets,
    int Comments,
    string Password,
    string AdminEmail,
    string GestorEmail,
    string ResidentEmail,
    int ThreadTicketId,
    int ThreadComments,
    int ListStatusId,
    string ListStatus,
    int CategoryId,
    string Query,
    double Seconds);

/// <summary>
/// Builds a benchmark database through the app itself: its migrations, its seed (statuses, categories,
/// roles, bootstrap administrator) and its entities saved through <see cref="AppDbContext"/> (so the
/// DbContext fills the search column and audit dates as in production), in batches of a few thousand.
/// Three communities of two companies, 600 residents, <c>tickets</c> tickets with three comments each on
/// average, and one ticket with a 500-comment deep thread; the benchmark's resident (vecino001) has 60 of them. Seeded: the same size gives the same tickets, texts and threads (dates count back from the day it runs).
/// </summary>
internal static class DatasetGenerator
{
    /// <summary>Bump when the data changes shape or gains an index, so cached databases in bench/data are rebuilt (4: TicketCounts; 5: the category/date index).</summary>
    public const int Version = 5;

    public const string Password = "Bench!2026pass";
    public const string AdminEmail = "admin@bench.local";
    public const string GestorEmail = "gestor@bench.local";
    public const string GestorNorteEmail = "gestor.norte@bench.local";
    public const string Query = "agua";
    public const int ThreadComments = 500;
    public const int ResidentTickets = 60;
    private const int BatchTickets = 20000;

    private static readonly (string Company, string Community, string Address, int Residents, string UnitPrefix)[] Communities =
    [
        ("Administradora Andina", "Residencial Los Robles", "Av. Los Robles 1450", 250, "Casa"),
        ("Administradora Andina", "Torres del Parque", "Calle del Parque 220", 200, "Depto"),
        ("Gestiones Norte", "Villa Norte", "Camino Norte 88", 150, "Depto"),
    ];

    public static string ResidentEmail(int number) => $"vecino{number:D3}@bench.local";

    public static async Task<DatasetInfo> GenerateAsync(string path, int ticketCount, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Default"] = $"Data Source={Path.GetFullPath(path)}",
            ["Bootstrap:AdminEmail"] = AdminEmail,
            ["Bootstrap:AdminPassword"] = Password,
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddPortalDatabase(configuration, directory);
        services.AddScoped<SeedData>();
        services.AddIdentityCore<ApplicationUser>(PortalIdentityOptions.Configure)
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AppDbContext>();
        await using var provider = services.BuildServiceProvider();

        // Schema, reference data, roles and the SYSTEM_ADMIN exactly as the app's start-up makes them.
        await provider.InitializeDatabaseAsync(cancellationToken);
        var factory = provider.GetRequiredService<IDbContextFactory<AppDbContext>>();

        var random = new Random(20260000 + ticketCount);
        var people = await CreatePeopleAsync(factory, random, cancellationToken);
        var (threadTicketId, comments) = await CreateTicketsAsync(factory, people, ticketCount, random, cancellationToken);

        await using (var db = await factory.CreateDbContextAsync(cancellationToken))
        {
            await CheckTicketCountsAsync(db, cancellationToken);
            // One self-contained file: the copy made before each run needs no -wal beside it.
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);", cancellationToken);
        }

        var info = new DatasetInfo(Version, ticketCount, comments, Password, AdminEmail, GestorEmail, ResidentEmail(1),
            threadTicketId, ThreadComments, people.Statuses[TicketStatusCodes.Resuelto], TicketStatusCodes.Resuelto,
            people.Categories[0], Query, Math.Round(watch.Elapsed.TotalSeconds, 1));
        await File.WriteAllTextAsync(InfoPath(path), JsonSerializer.Serialize(info, Json.Options), cancellationToken);
        return info;
    }

    /// <summary>
    /// The inserts above are plain INSERTs, so the app's triggers kept TicketCounts; a dataset whose counters
    /// disagree with its tickets would measure wrong totals, so it is refused rather than saved.
    /// </summary>
    private static async Task CheckTicketCountsAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var counted = await db.Tickets.Where(t => !t.IsDeleted).GroupBy(t => new { t.CommunityId, t.StatusId })
            .Select(g => new { g.Key.CommunityId, g.Key.StatusId, Count = g.Count() }).ToListAsync(cancellationToken);
        var kept = await db.TicketCounts.Where(c => c.Count != 0)
            .Select(c => new { c.CommunityId, c.StatusId, c.Count }).ToListAsync(cancellationToken);
        if (!counted.OrderBy(c => c.CommunityId).ThenBy(c => c.StatusId).SequenceEqual(kept.OrderBy(c => c.CommunityId).ThenBy(c => c.StatusId)))
        {
            throw new InvalidOperationException("TicketCounts disagrees with the tickets inserted: are the counter triggers missing?");
        }
    }

    public static string InfoPath(string databasePath) => Path.ChangeExtension(databasePath, ".json");

    public static DatasetInfo? ReadInfo(string databasePath)
    {
        var infoPath = InfoPath(databasePath);
        if (!File.Exists(databasePath) || !File.Exists(infoPath))
        {
            return null;
        }

        var info = JsonSerializer.Deserialize<DatasetInfo>(File.ReadAllText(infoPath), Json.Options);
        return info?.Version == Version ? info : null;
    }

    private sealed record People(
        IReadOnlyList<Resident> Residents,
        IReadOnlyDictionary<int, (string UserId, string Name)> GestorByCommunity,
        IReadOnlyDictionary<string, int> Statuses,
        IReadOnlyList<int> Categories);

    private static async Task<People> CreatePeopleAsync(
        IDbContextFactory<AppDbContext> factory, Random random, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var roles = await db.Roles.ToDictionaryAsync(r => r.Name!, r => r.Id, cancellationToken);
        var statuses = await db.Statuses.ToDictionaryAsync(s => s.Code, s => s.Id, cancellationToken);
        var categories = await db.Categorias.OrderBy(c => c.Orden).Select(c => c.Id).ToListAsync(cancellationToken);

        var companies = Communities.Select(c => c.Company).Distinct()
            .ToDictionary(name => name, name => new Company { Name = name });
        db.Companies.AddRange(companies.Values);
        var communities = Communities.Select(c => new Community
        {
            Name = c.Community, Address = c.Address, Company = companies[c.Company],
        }).ToList();
        db.Communities.AddRange(communities);
        await db.SaveChangesAsync(cancellationToken);

        // PBKDF2 per user would take minutes; every bench account shares one hash of the same password.
        var hash = new PasswordHasher<ApplicationUser>().HashPassword(new ApplicationUser(), Password);
        ApplicationUser NewUser(string email, string name, int? companyId) => new()
        {
            Id = Guid.NewGuid().ToString(),
            UserName = email,
            NormalizedUserName = email.ToUpperInvariant(),
            Email = email,
            NormalizedEmail = email.ToUpperInvariant(),
            EmailConfirmed = true,
            PasswordHash = hash,
            SecurityStamp = Guid.NewGuid().ToString("N").ToUpperInvariant(),
            ConcurrencyStamp = Guid.NewGuid().ToString(),
            LockoutEnabled = true,
            DisplayName = name,
            CompanyId = companyId,
        };

        var gestores = new Dictionary<int, ApplicationUser>
        {
            [companies["Administradora Andina"].Id] = NewUser(GestorEmail, "Gestor Andina", companies["Administradora Andina"].Id),
            [companies["Gestiones Norte"].Id] = NewUser(GestorNorteEmail, "Gestor Norte", companies["Gestiones Norte"].Id),
        };
        db.Users.AddRange(gestores.Values);
        db.UserRoles.AddRange(gestores.Values.Select(g => new IdentityUserRole<string> { UserId = g.Id, RoleId = roles[Roles.AdminCompany] }));

        var residents = new List<Resident>();
        var number = 0;
        for (var c = 0; c < Communities.Length; c++)
        {
            for (var i = 1; i <= Communities[c].Residents; i++)
            {
                number++;
                var name = SpanishText.Name(random);
                var user = NewUser(ResidentEmail(number), name, null);
                db.Users.Add(user);
                db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = roles[Roles.Resident] });
                var unit = Communities[c].UnitPrefix == "Casa"
                    ? $"Casa {i}"
                    : $"Depto {(i - 1) / 8 + 1}{(char)('A' + (i - 1) % 8)}";
                residents.Add(new Resident
                {
                    UserId = user.Id, CommunityId = communities[c].Id, FullName = name, Unit = unit,
                    Phone = $"+56 9 {random.Next(1000, 9999)} {random.Next(1000, 9999)}",
                });
            }
        }

        db.Residents.AddRange(residents);
        await db.SaveChangesAsync(cancellationToken);
        var gestorByCommunity = communities.ToDictionary(c => c.Id, c => (gestores[c.CompanyId].Id, gestores[c.CompanyId].DisplayName));
        return new People(residents, gestorByCommunity, statuses, categories);
    }

    private static async Task<(int ThreadTicketId, int Comments)> CreateTicketsAsync(
        IDbContextFactory<AppDbContext> factory, People people, int ticketCount, Random random, CancellationToken cancellationToken)
    {
        var now = DateTime.UtcNow;
        // Reports spread over three years; ids grow with the date, as they would in real life.
        var dates = Enumerable.Range(0, ticketCount)
            .Select(_ => now.AddSeconds(-random.NextDouble() * 3 * 365 * 24 * 3600))
            .Order()
            .ToArray();
        var ids = new Ids();
        var threadTicketId = 0;
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        for (var start = 0; start < ticketCount; start += BatchTickets)
        {
            var tickets = new List<Ticket>();
            var comments = new List<Comentario>();
            for (var index = start; index < Math.Min(start + BatchTickets, ticketCount); index++)
            {
                var reported = dates[index];
                // The benchmark's resident reports the same number of tickets whatever the size, so /my
                // returns a full page at every size and only the table around it grows.
                var resident = index % (ticketCount / ResidentTickets) == 0 && index / (ticketCount / ResidentTickets) < ResidentTickets
                    ? people.Residents[0]
                    : people.Residents[1 + random.Next(people.Residents.Count - 1)];
                var ticket = NewTicket(ids, resident, reported, now, people, random);
                tickets.Add(ticket);
                var count = CommentCount(random);
                for (var i = 0; i < count; i++)
                {
                    var parent = i > 0 && random.Next(10) < 4 ? comments[^1].Id : (int?)null;
                    comments.Add(NewComment(++ids.Comment, ticket, resident, people, reported.AddHours(6 + i * 20 + random.Next(12)),
                        parent, fromResident: i % 2 == 1, SpanishText.Comment(random)));
                }
            }

            if (start + BatchTickets >= ticketCount)
            {
                // The long conversation: a resident's open ticket with 500 comments in chains 50 replies deep.
                var resident = people.Residents[0];
                var reported = now.AddDays(-40);
                var thread = NewTicket(ids, resident, reported, now, people, random, TicketStatusCodes.EnProceso,
                    "Hay una fuga de agua en la sala de bombas que inunda el segundo subterráneo. " +
                    "Cada vez que llueve el agua llega a las bodegas y al estacionamiento de visitas.");
                tickets.Add(thread);
                threadTicketId = thread.Id;
                for (var i = 0; i < ThreadComments; i++)
                {
                    var parent = i % 50 == 0 ? (int?)null : comments[^1].Id;
                    comments.Add(NewComment(++ids.Comment, thread, resident, people, reported.AddMinutes(90 * (i + 1)),
                        parent, fromResident: i % 2 == 0, SpanishText.Comment(random)));
                }
            }

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await using (var insert = await ModelInserter<Ticket>.CreateAsync(db, cancellationToken))
            {
                await insert.InsertAsync(tickets, cancellationToken);
            }

            await using (var insert = await ModelInserter<TicketHistory>.CreateAsync(db, cancellationToken))
            {
                await insert.InsertAsync(tickets.SelectMany(t => t.History), cancellationToken);
            }

            await using (var insert = await ModelInserter<Comentario>.CreateAsync(db, cancellationToken))
            {
                await insert.InsertAsync(comments, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        return (threadTicketId, ids.Comment);
    }

    private sealed class Ids
    {
        public int Ticket;
        public int History;
        public int Comment;
    }

    private static Ticket NewTicket(
        Ids ids, Resident resident, DateTime reported, DateTime now, People people, Random random,
        string? status = null, string? contenido = null)
    {
        status ??= StatusFor(now - reported, random);
        contenido ??= SpanishText.Ticket(random);
        var ticket = new Ticket
        {
            Id = ++ids.Ticket,
            CategoriaTicketId = people.Categories[random.Next(people.Categories.Count)],
            StatusId = people.Statuses[status],
            Contenido = contenido,
            // What AppDbContext.SaveChanges stamps, set here because these rows go in without it.
            ContenidoBusqueda = SearchText.Fold(contenido),
            FechaReporte = reported,
            CreatedAt = reported,
            UpdatedAt = status == TicketStatusCodes.Nuevo ? reported : reported.AddHours(20),
            CommunityId = resident.CommunityId,
            ResidentId = resident.Id,
        };
        ticket.History.Add(new TicketHistory
        {
            Id = ++ids.History, TicketId = ticket.Id,
            At = reported, UserId = resident.UserId, UserName = resident.FullName,
            Action = TicketHistoryActions.Created, ToStatusId = people.Statuses[TicketStatusCodes.Nuevo],
        });
        if (status != TicketStatusCodes.Nuevo)
        {
            var gestor = people.GestorByCommunity[resident.CommunityId];
            ticket.History.Add(new TicketHistory
            {
                Id = ++ids.History, TicketId = ticket.Id,
                At = reported.AddHours(20), UserId = gestor.UserId, UserName = gestor.Name,
                Action = TicketHistoryActions.StatusChanged,
                FromStatusId = people.Statuses[TicketStatusCodes.Nuevo], ToStatusId = ticket.StatusId,
            });
        }

        return ticket;
    }

    private static Comentario NewComment(
        int id, Ticket ticket, Resident resident, People people, DateTime at, int? parentId, bool fromResident, string text)
    {
        var gestor = people.GestorByCommunity[resident.CommunityId];
        return new Comentario
        {
            Id = id,
            Origen = ComentarioOrigenes.Ticket,
            IdOrigen = ticket.Id.ToString(CultureInfo.InvariantCulture),
            IdComment = parentId,
            ComentarioTexto = text,
            ResidentId = fromResident ? resident.Id : null,
            AuthorUserId = fromResident ? resident.UserId : gestor.UserId,
            AuthorName = fromResident ? resident.FullName : gestor.Name,
            AuthorRole = fromResident ? Roles.Resident : Roles.AdminCompany,
            CreatedAt = at,
            UpdatedAt = at,
        };
    }

    /// <summary>Old tickets are mostly closed; the last two months hold the open ones.</summary>
    private static string StatusFor(TimeSpan age, Random random)
    {
        var roll = random.Next(100);
        if (age > TimeSpan.FromDays(60))
        {
            return roll < 85 ? TicketStatusCodes.Resuelto : roll < 95 ? TicketStatusCodes.Cancelado : TicketStatusCodes.EnProceso;
        }

        return roll switch
        {
            < 30 => TicketStatusCodes.Nuevo,
            < 50 => TicketStatusCodes.EnRevision,
            < 60 => TicketStatusCodes.EnInvestigacion,
            < 80 => TicketStatusCodes.EnProceso,
            < 95 => TicketStatusCodes.Resuelto,
            _ => TicketStatusCodes.Cancelado,
        };
    }

    /// <summary>0–6 comments, three on average.</summary>
    private static int CommentCount(Random random) => random.Next(100) switch
    {
        < 10 => 0,
        < 20 => 1,
        < 35 => 2,
        < 60 => 3,
        < 80 => 4,
        < 90 => 5,
        _ => 6,
    };
}
