using System.Text;
using CommunityPortal.Features.Tickets;
using CommunityPortal.Resources;
using CommunityPortal.Shared;
using Microsoft.Extensions.Localization;

namespace CommunityPortal.Features.Residents;

/// <summary>One data row of an import file, as typed; <see cref="Line"/> is where it starts in the file (the header is line 1).</summary>
public sealed record ResidentCsvRow(int Line, string? FullName, string? Unit, string? Email, string? Phone);

/// <summary>The rows of an import file, or why the file as a whole cannot be read (then there are no rows).</summary>
public sealed record ResidentCsvFile(IReadOnlyList<ResidentCsvRow> Rows, string? Error)
{
    public static ResidentCsvFile Failed(string error) => new([], error);
}

/// <summary>
/// Reads the residents import file the way spreadsheets write it: ";" (Excel in Spanish), "," or tab separated,
/// UTF-8 with or without BOM (Windows-1252, Excel's plain "CSV", as a fallback), RFC 4180 quotes, and a header
/// row in Spanish or English in any column order. Without a recognisable header the columns are taken as
/// nombre, unidad, email, teléfono. Rules about the values themselves live in <see cref="ResidentAdminService"/>.
/// </summary>
public static class ResidentCsv
{
    public const int MaxBytes = 1024 * 1024;
    public const int MaxRows = 2000;

    private enum Column { Name, Unit, Email, Phone }

    // Folded (lower case, no accents, letters only) header names.
    private static readonly Dictionary<string, Column> HeaderNames = new(StringComparer.Ordinal)
    {
        ["nombre"] = Column.Name, ["nombrecompleto"] = Column.Name, ["nombreyapellido"] = Column.Name,
        ["nombreyapellidos"] = Column.Name, ["residente"] = Column.Name, ["name"] = Column.Name, ["fullname"] = Column.Name,
        ["unidad"] = Column.Unit, ["unit"] = Column.Unit, ["departamento"] = Column.Unit, ["depto"] = Column.Unit,
        ["email"] = Column.Email, ["correo"] = Column.Email, ["correoelectronico"] = Column.Email, ["mail"] = Column.Email,
        ["emailaddress"] = Column.Email,
        ["telefono"] = Column.Phone, ["phone"] = Column.Phone, ["celular"] = Column.Phone, ["movil"] = Column.Phone,
        ["fono"] = Column.Phone, ["phonenumber"] = Column.Phone,
    };

    private static readonly Column[] Required = [Column.Name, Column.Unit, Column.Email];

    public static ResidentCsvFile Parse(ReadOnlySpan<byte> bytes, IStringLocalizer<SharedResource> l)
    {
        // An .xlsx is a zip archive; anything with NUL bytes (but not UTF-16 text) is not a text file either.
        if (bytes.StartsWith("PK\u0003\u0004"u8))
        {
            return ResidentCsvFile.Failed(l["Import.Error.Excel"]);
        }

        if (!bytes.StartsWith(Encoding.Unicode.Preamble) && bytes.Contains((byte)0))
        {
            return ResidentCsvFile.Failed(l["Import.Error.NotText"]);
        }

        var text = Decode(bytes);
        var records = Split(text, out var unclosedQuoteLine);
        if (unclosedQuoteLine is int line)
        {
            return ResidentCsvFile.Failed(l["Import.Error.Quote", line]);
        }

        records.RemoveAll(r => r.Cells.All(string.IsNullOrWhiteSpace));
        if (records.Count == 0)
        {
            return ResidentCsvFile.Failed(l["Import.Error.Empty"]);
        }

        var columns = ReadHeader(records[0].Cells);
        Dictionary<Column, int> map;
        if (columns.Count >= 2)
        {
            var missing = Required.Where(c => !columns.ContainsKey(c)).ToList();
            if (missing.Count > 0)
            {
                return ResidentCsvFile.Failed(l["Import.Error.MissingColumns", string.Join(", ", missing.Select(c => ColumnName(c, l)))]);
            }

            map = columns;
            records.RemoveAt(0);
        }
        else
        {
            map = new() { [Column.Name] = 0, [Column.Unit] = 1, [Column.Email] = 2, [Column.Phone] = 3 };
        }

        if (records.Count == 0)
        {
            return ResidentCsvFile.Failed(l["Import.Error.Empty"]);
        }

        if (records.Count > MaxRows)
        {
            return ResidentCsvFile.Failed(l["Import.Error.TooManyRows", records.Count, MaxRows]);
        }

        string? Cell(List<string> cells, Column column) =>
            map.TryGetValue(column, out var index) && index < cells.Count ? Unguard(cells[index]) : null;

        return new ResidentCsvFile(
            records.Select(r => new ResidentCsvRow(r.Line, Cell(r.Cells, Column.Name), Cell(r.Cells, Column.Unit),
                Cell(r.Cells, Column.Email), Cell(r.Cells, Column.Phone))).ToList(),
            null);
    }

    /// <summary>An example file in the expected shape, for the "download template" button.</summary>
    public static byte[] Template(IStringLocalizer<SharedResource> l) => Write(
        [ColumnName(Column.Name, l), ColumnName(Column.Unit, l), ColumnName(Column.Email, l), ColumnName(Column.Phone, l)],
        [[l["Import.Template.Name"], l["Import.Template.Unit"], l["Import.Template.Email"], l["Import.Template.Phone"]]]);

    /// <summary>The set-password links of an import, for the administrator to hand over (name, unit, email, link).</summary>
    public static byte[] Links(IEnumerable<(string FullName, string Unit, string Email, string Link)> rows, IStringLocalizer<SharedResource> l) => Write(
        [ColumnName(Column.Name, l), ColumnName(Column.Unit, l), ColumnName(Column.Email, l), l["Import.Column.Link"]],
        rows.Select(r => new[] { r.FullName, r.Unit, r.Email, r.Link }));

    /// <summary>The same dialect as the ticket export: UTF-8 with BOM, ";" and CRLF, so Excel opens it in columns.</summary>
    private static byte[] Write(string[] header, IEnumerable<string[]> rows)
    {
        var text = new StringBuilder();
        foreach (var row in rows.Prepend(header))
        {
            text.Append(string.Join(TicketCsvExport.Separator, row.Select(TicketCsvExport.Field))).Append("\r\n");
        }

        return [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    private static string ColumnName(Column column, IStringLocalizer<SharedResource> l) => column switch
    {
        Column.Name => l["Import.Column.Name"],
        Column.Unit => l["Import.Column.Unit"],
        Column.Email => l["Import.Column.Email"],
        _ => l["Import.Column.Phone"],
    };

    /// <summary>Undoes the apostrophe a CSV export (ours included) puts before "+56 9…" so a spreadsheet does not run it as a formula.</summary>
    private static string Unguard(string cell) =>
        cell.Length > 1 && cell[0] == '\'' && cell[1] is '=' or '+' or '-' or '@' ? cell[1..] : cell;

    private static Dictionary<Column, int> ReadHeader(List<string> cells)
    {
        var columns = new Dictionary<Column, int>();
        for (var i = 0; i < cells.Count; i++)
        {
            var folded = new string((SearchText.Fold(cells[i]) ?? "").Where(char.IsAsciiLetter).ToArray());
            if (HeaderNames.TryGetValue(folded, out var column))
            {
                columns.TryAdd(column, i);
            }
        }

        return columns;
    }

    private static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith(Encoding.UTF8.Preamble))
        {
            return Encoding.UTF8.GetString(bytes[3..]);
        }

        if (bytes.StartsWith(Encoding.Unicode.Preamble))
        {
            return Encoding.Unicode.GetString(bytes[2..]);
        }

        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            // Not UTF-8: Excel's plain "CSV" on a Spanish Windows is Windows-1252 ("Peña" as 0xF1).
            return CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetString(bytes);
        }
    }

    private sealed record Record(int Line, List<string> Cells);

    /// <summary>RFC 4180 records; the delimiter is whichever of ";", "," and tab the first record uses most.</summary>
    private static List<Record> Split(string text, out int? unclosedQuoteLine)
    {
        var delimiter = DetectDelimiter(text);
        var records = new List<Record>();
        var cells = new List<string>();
        var cell = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var i = 0;
        unclosedQuoteLine = null;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '"' && cell.Length == 0)
            {
                // Quoted field: separators and line breaks inside are text, "" is one quote.
                var quoteLine = line;
                i++;
                var closed = false;
                while (i < text.Length)
                {
                    var q = text[i];
                    if (q == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            cell.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        closed = true;
                        break;
                    }

                    if (q == '\n' || (q == '\r' && !(i + 1 < text.Length && text[i + 1] == '\n')))
                    {
                        line++;
                    }

                    cell.Append(q);
                    i++;
                }

                if (!closed)
                {
                    unclosedQuoteLine = quoteLine;
                    return records;
                }

                continue;
            }

            if (c == delimiter)
            {
                cells.Add(cell.ToString());
                cell.Clear();
                i++;
                continue;
            }

            if (c is '\r' or '\n')
            {
                i += c == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                cells.Add(cell.ToString());
                cell.Clear();
                records.Add(new Record(recordLine, cells));
                cells = [];
                line++;
                recordLine = line;
                continue;
            }

            cell.Append(c);
            i++;
        }

        if (cell.Length > 0 || cells.Count > 0)
        {
            cells.Add(cell.ToString());
            records.Add(new Record(recordLine, cells));
        }

        return records;
    }

    private static char DetectDelimiter(string text)
    {
        int semicolons = 0, commas = 0, tabs = 0;
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c is '\r' or '\n')
            {
                break;
            }
            else if (!quoted)
            {
                semicolons += c == ';' ? 1 : 0;
                commas += c == ',' ? 1 : 0;
                tabs += c == '\t' ? 1 : 0;
            }
        }

        return tabs > semicolons && tabs > commas ? '\t' : commas > semicolons ? ',' : ';';
    }
}
