using CommunityPortal.Components.Shared;

namespace CommunityPortal.Tests.Components;

public class SearchHighlightTests
{
    [Theory]
    [InlineData("La bomba de la cisterna hace un ruido metálico", "CISTERNA metalico", "La bomba de la [cisterna] hace un ruido [metálico]")]
    [InlineData("Piscína cerrada; la piscina sigue sucia", "piscina", "[Piscína] cerrada; la [piscina] sigue sucia")]
    [InlineData("portón abierto", "  ", "portón abierto")]
    [InlineData("portón abierto", null, "portón abierto")]
    [InlineData("portón abierto", "ascensor", "portón abierto")]
    [InlineData("agua agua", "agu agua", "[agua] [agua]")]
    public void Marks_every_search_word_ignoring_case_and_accents(string text, string? q, string expected)
    {
        var marked = string.Concat(SearchHighlight.Segments(text, q).Select(s => s.Match ? $"[{s.Text}]" : s.Text));

        Assert.Equal(expected, marked);
    }
}
