using System.Globalization;
using System.Security.Claims;
using System.Text;
using CommunityPortal.Auth;
using CommunityPortal.Shared.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommunityPortal.Features.Tickets;

/// <summary>
/// <c>GET /api/tickets/export.csv</c>: the whole filtered admin list as a spreadsheet, streamed row by row
/// from the database to the response (no paging, nothing buffered).
/// </summary>
public static class TicketCsvExport
{
    /// <summary>
    /// Semicolon, not comma: Excel opens a double-clicked CSV with the list separator of the Windows
    /// locale, and in Spanish-speaking locales (where the comma is the decimal mark) that is ";".
    /// With "," every row would land in column A. LibreOffice and Google Sheets detect ";" on import.
    /// </summary>
    public const char Separator = ';';

    public const string ContentType = "text/csv; charset=utf-8";

    public static readonly string[] Header =
        ["id", "fecha", "estado", "categoría", "comunidad", "residente", "unidad", "comentarios", "descripción"];

    public static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> HandleAsync(
        [Microsoft.AspNetCore.Http.AsParameters] TicketListQuery query, ClaimsPrincipal principal, TicketQueries tickets,
        TimeProvider clock, CancellationToken ct)
    {
        var result = await tickets.ExportAsync(CurrentUser.From(principal), query, ct);
        if (!result.Succeeded)
        {
            return result.ToProblem();
        }

        var fileName = $"tickets-{clock.GetUtcNow():yyyyMMdd-HHmm}.csv";
        return TypedResults.Stream(stream => WriteAsync(stream, result.Value!, ct), ContentType, fileName);
    }

    /// <summary>UTF-8 with BOM (so Excel reads the accents), CRLF line ends and RFC 4180 quoting.</summary>
    public static async Task WriteAsync(Stream stream, IAsyncEnumerable<TicketExportRow> rows, CancellationToken ct)
    {
        await stream.WriteAsync(Encoding.UTF8.Preamble.ToArray(), ct);
        // No preamble from the writer itself (it is written above); async only: Kestrel refuses synchronous writes.
        await using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024, leaveOpen: true);
        await writer.WriteAsync(Line(Header));
        var count = 0;
        await foreach (var row in rows.WithCancellation(ct))
        {
            await writer.WriteAsync(Line(
            [
                row.Id.ToString(CultureInfo.InvariantCulture),
                // UTC, in a form every spreadsheet parses as a date and time.
                row.FechaReporte.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                row.Estado,
                row.Categoria,
                row.Comunidad,
                row.Residente,
                row.Unidad,
                row.Comentarios.ToString(CultureInfo.InvariantCulture),
                row.Descripcion ?? "",
            ]));
            if (++count % 200 == 0)
            {
                await writer.FlushAsync(ct);
            }
        }

        await writer.FlushAsync(ct);
    }

    private static string Line(IEnumerable<string> fields) => string.Join(Separator, fields.Select(Field)) + "\r\n";

    /// <summary>
    /// RFC 4180: a field with the separator, a quote or a line break is quoted, quotes doubled. Text that a
    /// spreadsheet would run as a formula (=, +, -, @ first; residents write the descriptions) gets a leading
    /// apostrophe, the usual CSV-injection guard.
    /// </summary>
    public static string Field(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny([Separator, '"', '\r', '\n']) >= 0
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
    }
}
