namespace Observability.Learning.Context;

/// <summary>What a runner asks before it starts (<c>GET /api/v1/context</c>): every part optional.</summary>
/// <param name="TaskType">The task type it is about to work on.</param>
/// <param name="AgentType">Its agent type.</param>
/// <param name="Stage">The pipeline stage.</param>
/// <param name="Q">Free text, e.g. the task's title: rules and tasks sharing its words rank first.</param>
/// <param name="Limit">Rules, and anti-patterns, at most.</param>
internal sealed record ContextQuery(string? TaskType, string? AgentType, string? Stage, string? Q, int Limit)
{
    /// <summary>The words of <see cref="Q"/> (letters and digits, two or more, not a stop word, at most 16).</summary>
    public IReadOnlyList<string> Words { get; } = WordsOf(Q);

    /// <summary>Whether <paramref name="wanted"/> (when asked for) and <paramref name="value"/> (when the item has one) agree.</summary>
    public static bool Agrees(string? wanted, string? value) =>
        wanted is null || value is null || string.Equals(wanted, value, StringComparison.OrdinalIgnoreCase);

    /// <summary>How many of the query's words occur in any of the texts given.</summary>
    public int Matches(string? first, string? second = null, string? third = null)
    {
        var count = 0;
        foreach (var word in Words)
        {
            if (Has(first, word) || Has(second, word) || Has(third, word))
            {
                count++;
            }
        }

        return count;
    }

    // Words every rule's text has say nothing about relevance.
    private static readonly HashSet<string> StopWords = new(
        ["the", "and", "for", "with", "from", "into", "that", "this", "of", "to", "in", "on", "an", "is", "it", "at", "by", "or", "last", "days", "times"],
        StringComparer.OrdinalIgnoreCase);

    private static List<string> WordsOf(string? text)
    {
        var words = new List<string>();
        var start = 0;
        for (var i = 0; text is not null && i <= text.Length && words.Count < 16; i++)
        {
            if (i < text.Length && char.IsLetterOrDigit(text[i]))
            {
                continue;
            }

            if (i - start >= 2 && !StopWords.Contains(text[start..i]) && !words.Contains(text[start..i], StringComparer.OrdinalIgnoreCase))
            {
                words.Add(text[start..i]);
            }

            start = i + 1;
        }

        return words;
    }

    private static bool Has(string? text, string word) => text is not null && text.Contains(word, StringComparison.OrdinalIgnoreCase);
}
