using Observability.Inbound.Expressions;

namespace Observability.Inbound.Rules;

/// <summary>
/// The rules of one kind that can hold for a document, in their order, chosen by one value of the document: most rules
/// begin with an equality on the same path (<c>name == 'claude_code.api_request'</c>, <c>name in [...]</c>), so the
/// document's value there is read once and looked up, rather than compared by each rule in turn. A rule whose first
/// condition is anything else is a candidate for every document. Every candidate's conditions are still evaluated in
/// full, so the rules that match, and their order, are those of evaluating them all.
/// </summary>
internal sealed class RuleSelector
{
    private readonly InboundRule[] _all;
    private readonly PathExpression? _gate;
    private readonly Dictionary<string, InboundRule[]> _byText = new(StringComparer.Ordinal);
    private readonly InboundRule[] _ungated;

    public RuleSelector(InboundRule[] rules)
    {
        _all = rules;
        var path = rules.Select(r => r.Gate?.Path).FirstOrDefault(p => p is not null);
        if (path is null)
        {
            _ungated = rules;
            return;
        }

        _gate = new PathExpression(new DocumentPath(path));
        bool Gated(InboundRule rule) => rule.Gate is { } gate && gate.Path == path;
        _ungated = [.. rules.Where(r => !Gated(r))];
        foreach (var text in rules.Where(Gated).SelectMany(r => r.Gate!.Value.Texts).Distinct(StringComparer.Ordinal))
        {
            _byText[text] = [.. rules.Where(r => !Gated(r) || r.Gate!.Value.Texts.Contains(text, StringComparer.Ordinal))];
        }
    }

    /// <summary>All the rules, in order.</summary>
    public IReadOnlyList<InboundRule> All => _all;

    /// <summary>The rules that can hold for <paramref name="document"/>, in order.</summary>
    public InboundRule[] CandidatesFor(InboundDocument document)
    {
        if (_gate is null)
        {
            return _all;
        }

        // Compared as text, as the conditions compare: a number or a boolean by its text, an object or array by none.
        string? text;
        try
        {
            text = _gate.Evaluate(document).AsText();
        }
        catch (InvalidOperationException)
        {
            // A JSON string with no UTF-16 form (an escaped lone surrogate) equals no text: every rule decides for itself.
            return _all;
        }

        return text is not null && _byText.TryGetValue(text, out var rules) ? rules : _ungated;
    }
}
