namespace CommunityPortal.Shared;

/// <summary>What the administration forms and the CSV import do to typed names, units and phones before comparing or storing them.</summary>
public static class InputText
{
    /// <summary>Trimmed, inner runs of whitespace (also tabs and no-break spaces from spreadsheets) made one space; null when nothing is left.</summary>
    public static string? Clean(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        // Split(null) splits on every char.IsWhiteSpace character, the no-break space included.
        return string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>"Casa 12", "casa 12" and "CASA  12" are the same unit; names compare the same way.</summary>
    public static bool SameName(string? a, string? b) =>
        string.Equals(Clean(a), Clean(b), StringComparison.OrdinalIgnoreCase);

    /// <summary>A key for dictionaries of names and units, consistent with <see cref="SameName"/>.</summary>
    public static string Key(string? value) => (Clean(value) ?? "").ToUpperInvariant();
}
