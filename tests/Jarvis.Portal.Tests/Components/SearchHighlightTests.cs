using Jarvis.Portal.Components.Shared;

namespace Jarvis.Portal.Tests.Components;

public sealed class SearchHighlightTests
{
    [Fact]
    public void Name_MarksEveryCaseInsensitiveOccurrence_AdjacentOnesAsOne()
    {
        var parts = SearchHighlight.InName("Banana Bandana", "AN");

        Assert.Equal("Banana Bandana", string.Concat(parts.Select(p => p.Text)));
        Assert.Equal(["anan", "an", "an"], parts.Where(p => p.Matched).Select(p => p.Text));
    }

    [Fact]
    public void Name_UnicodeTermMatchesRegardlessOfCase()
    {
        var parts = SearchHighlight.InName("Ñandú Café", "ÑANDÚ");

        Assert.Equal([new TextPart("Ñandú", true), new TextPart(" Café", false)], parts);
    }

    [Fact]
    public void Name_BlankTerm_MarksNothing()
    {
        Assert.Equal([new TextPart("Rapidity Inc", false)], SearchHighlight.InName("Rapidity Inc", "  "));
    }

    [Fact]
    public void ServiceNumbers_TermWithSeparators_MarksTheMatchedDigitsInEachNumber()
    {
        var parts = SearchHighlight.InServiceNumbers("0800555132, 08005551232", "(0800) 555.1");

        Assert.Equal("0800555132, 08005551232", string.Concat(parts.Select(p => p.Text)));
        Assert.Equal(["08005551", "08005551"], parts.Where(p => p.Matched).Select(p => p.Text));
    }

    [Fact]
    public void ServiceNumbers_LetterTerm_MarksNothing()
    {
        Assert.DoesNotContain(SearchHighlight.InServiceNumbers("0800134123", "rapi"), p => p.Matched);
    }
}
