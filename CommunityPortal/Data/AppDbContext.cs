using CommunityPortal.Auth;
using CommunityPortal.Features.Categories;
using CommunityPortal.Features.Comments;
using CommunityPortal.Features.Communities;
using CommunityPortal.Features.Companies;
using CommunityPortal.Features.Email;
using CommunityPortal.Features.Images;
using CommunityPortal.Features.Notifications;
using CommunityPortal.Features.Residents;
using CommunityPortal.Features.Statuses;
using CommunityPortal.Features.Tickets;
using CommunityPortal.Shared;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CommunityPortal.Data;

public class AppDbContext(DbContextOptions<AppDbContext> options) : IdentityDbContext<ApplicationUser>(options)
{
    public DbSet<Company> Companies => Set<Company>();
    public DbSet<Community> Communities => Set<Community>();
    public DbSet<Resident> Residents => Set<Resident>();
    public DbSet<CategoriaTicket> Categorias => Set<CategoriaTicket>();
    public DbSet<StatusTicket> Statuses => Set<StatusTicket>();
    public DbSet<Ticket> Tickets => Set<Ticket>();
    public DbSet<TicketHistory> TicketHistory => Set<TicketHistory>();

    /// <summary>Read-only: triggers on Tickets write it.</summary>
    public IQueryable<TicketCount> TicketCounts => Set<TicketCount>().AsNoTracking();
    public DbSet<Comentario> Comentarios => Set<Comentario>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<UploadUsage> UploadUsage => Set<UploadUsage>();
    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();
    public DbSet<OutgoingEmail> OutgoingEmails => Set<OutgoingEmail>();
    public DbSet<NotificationMailEvent> NotificationMailEvents => Set<NotificationMailEvent>();
    public DbSet<EmailDigestRun> EmailDigestRuns => Set<EmailDigestRun>();
    public DbSet<NotificationPreferences> NotificationPreferences => Set<NotificationPreferences>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
        SqliteConnectionSetup.Map(builder);

        builder.Entity<ApplicationUser>(u =>
        {
            u.Property(x => x.DisplayName).HasMaxLength(200);
            u.HasOne(x => x.Company).WithMany().HasForeignKey(x => x.CompanyId).OnDelete(DeleteBehavior.Restrict);
        });
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every DateTime is UTC; SQLite stores text without a kind, so mark it on the way back.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<NullableUtcDateTimeConverter>();
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        StampTickets();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        StampTickets();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    // One place keeps the audit dates, the search column and the concurrency token right,
    // whichever feature changed the ticket.
    private void StampTickets()
    {
        var now = DateTime.UtcNow;
        foreach (var entry in ChangeTracker.Entries<Ticket>())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified))
            {
                continue;
            }

            var ticket = entry.Entity;
            ticket.ContenidoBusqueda = SearchText.Fold(ticket.Contenido);
            if (entry.State == EntityState.Added)
            {
                if (ticket.CreatedAt == default)
                {
                    ticket.CreatedAt = now;
                }

                if (ticket.FechaReporte == default)
                {
                    ticket.FechaReporte = ticket.CreatedAt;
                }

                ticket.UpdatedAt = ticket.CreatedAt;
            }
            else
            {
                ticket.UpdatedAt = now;
                ticket.Version = Guid.NewGuid();
            }
        }
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    private sealed class NullableUtcDateTimeConverter() : ValueConverter<DateTime?, DateTime?>(
        v => v == null ? v : v.Value.Kind == DateTimeKind.Utc ? v : v.Value.ToUniversalTime(),
        v => v == null ? v : DateTime.SpecifyKind(v.Value, DateTimeKind.Utc));
}
