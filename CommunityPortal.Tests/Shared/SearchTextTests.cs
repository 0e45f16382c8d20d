using CommunityPortal.Shared;

namespace CommunityPortal.Tests.Shared;

/// <summary>
/// One tokeniser for every search: words are folded and separated by blanks and by the pages' "·" (the resident
/// picker's own "Ana Pérez · Casa 12", typed again, still finds her); any other character is searched for as typed.
/// </summary>
public class SearchTextTests
{
    [Theory]
    [InlineData("Ana Pérez · Casa 12", new[] { "ana", "perez", "casa", "12" })]
    [InlineData("  Casa   12 ", new[] { "casa", "12" })]
    [InlineData("ana@demo.local", new[] { "ana@demo.local" })]
    [InlineData("Núñez·Depto 4N\t%", new[] { "nunez", "depto", "4n", "%" })]
    [InlineData("casa CASA Càsa", new[] { "casa" })]
    [InlineData(" · ", new string[0])]
    [InlineData(null, new string[0])]
    public void Words_are_folded_and_separated_by_blanks_and_the_pages_separator(string? query, string[] expected) =>
        Assert.Equal(expected, SearchText.Words(query));
}
