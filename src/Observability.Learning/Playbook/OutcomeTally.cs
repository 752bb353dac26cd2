namespace Observability.Learning.Playbook;

/// <summary>The outcomes of the tasks a rule was shown to (<c>context:outcome</c>), and the newest one's time.</summary>
internal sealed class OutcomeTally
{
    public long Successes { get; set; }

    public long Failures { get; set; }

    public DateTimeOffset? LastAt { get; set; }
}
