using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using CommunityPortal.Data;
using CommunityPortal.Features.Email;
using CommunityPortal.Shared;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace PortalBench;

/// <summary>
/// The e-mail sender's throughput: the app's own <see cref="OutboxSender"/> (claim, MIME, MailKit, mark sent, one
/// SQLite row at a time, as in production) on a fresh migrated database, delivering to an SMTP server on loopback
/// (the SmtpServer package, in this process). Figures: e-mails per second over one pass that sends them all.
/// </summary>
internal static class MailBench
{
    public sealed record Figures(int Emails, double Seconds, double EmailsPerSecond, int Received);

    public static async Task<Figures> RunAsync(BenchPaths paths, int count)
    {
        var root = Path.Combine(paths.Out, "run", "mail");
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        Directory.CreateDirectory(root);
        var port = FreePort();
        var received = 0;
        using var stopServer = new CancellationTokenSource();
        var serverOptions = new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port))).Build();
        var serverServices = new SmtpServer.ComponentModel.ServiceProvider();
        serverServices.Add(new CountingStore(() => Interlocked.Increment(ref received)));
        var serving = new SmtpServer.SmtpServer(serverOptions, serverServices).StartAsync(stopServer.Token);

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Default"] = $"Data Source={Path.Combine(root, "portal.db")}",
            ["Portal:PublicUrl"] = "https://bench.example",
            ["Portal:Name"] = "Portal Bench",
            ["Email:From"] = "bench@bench.example",
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["Email:Smtp:Security"] = "None",
        }).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .AddLocalization()
            .AddSingleton(TimeProvider.System)
            .AddSingleton<IServer, NoServer>()
            .AddSingleton<PublicLinks>()
            .AddSingleton<PortalName>()
            .AddSingleton<EmailOutbox>()
            .AddSingleton<OutboxSender>();
        services.AddPortalDatabase(configuration, root);
        services.AddEmailTransport(configuration);
        // Identity's options shape its part of the model, as in the app.
        services.AddIdentityCore<ApplicationUser>(CommunityPortal.Auth.PortalIdentityOptions.Configure)
            .AddRoles<Microsoft.AspNetCore.Identity.IdentityRole>()
            .AddEntityFrameworkStores<AppDbContext>();
        await using var provider = services.BuildServiceProvider();
        var dbFactory = provider.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            await db.Database.MigrateAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }

        var sender = provider.GetRequiredService<OutboxSender>();
        var transport = provider.GetRequiredService<ConfiguredEmailTransport>().Transport!;

        // Warm-up (JIT, the first connection), then the measured pass.
        await QueueAsync(provider, 50);
        await sender.SendDueAsync(transport, CancellationToken.None);
        var before = received;
        await QueueAsync(provider, count);
        var clock = Stopwatch.StartNew();
        var sent = await sender.SendDueAsync(transport, CancellationToken.None);
        clock.Stop();

        await stopServer.CancelAsync();
        try
        {
            await serving;
        }
        catch (OperationCanceledException)
        {
        }

        return new Figures(sent, Math.Round(clock.Elapsed.TotalSeconds, 2), Math.Round(sent / clock.Elapsed.TotalSeconds, 1), received - before);
    }

    private static async Task QueueAsync(IServiceProvider provider, int count)
    {
        var outbox = provider.GetRequiredService<EmailOutbox>();
        await using var db = await provider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var body = EmailLayout.Render("Portal Bench", new EmailContent("Tu ticket cambió de estado", [SpanishText.Comment(new Random(7))])
        {
            Label = new EmailLabel("En proceso", "#1e88e5"),
            Button = new EmailButton("Ver el ticket", "https://bench.example/tickets/1"),
        });
        for (var i = 0; i < count; i++)
        {
            outbox.Queue(db, new OutgoingEmail
            {
                Kind = EmailKinds.StatusChanged,
                ToAddress = $"vecino{i % 600:D3}@bench.local",
                ToName = $"Vecino {i % 600}",
                Subject = $"Ticket #{i}: En proceso",
                TextBody = body.Text,
                HtmlBody = body.Html,
                MessageId = $"{Guid.NewGuid():N}@bench.example",
                InReplyTo = $"ticket-{i}@bench.example",
                References = $"ticket-{i}@bench.example",
                UnsubscribeUrl = $"https://bench.example/email/unsubscribe?token={i}",
            });
        }

        await db.SaveChangesAsync();
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private sealed class CountingStore(Action received) : MessageStore
    {
        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            received();
            return Task.FromResult(SmtpResponse.Ok);
        }
    }

    /// <summary>PublicLinks asks the server for its address only without Portal:PublicUrl, which is set here.</summary>
    private sealed class NoServer : IServer
    {
        public IFeatureCollection Features { get; } = new FeatureCollection();

        public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
            where TContext : notnull => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void Dispose()
        {
        }
    }
}
