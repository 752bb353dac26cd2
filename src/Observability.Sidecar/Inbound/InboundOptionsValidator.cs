using Microsoft.Extensions.Options;
using Observability.Inbound;

namespace Observability.Sidecar.Inbound;

/// <summary>Loads the rules at start, so a wrong file stops the process naming the setting, the file, the rule and the field.</summary>
internal sealed class InboundOptionsValidator : IValidateOptions<InboundOptions>
{
    public ValidateOptionsResult Validate(string? name, InboundOptions options)
    {
        try
        {
            InboundMapping.Load(options.MappingFiles);
            return ValidateOptionsResult.Success;
        }
        catch (InboundMappingException e)
        {
            return ValidateOptionsResult.Fail($"Inbound:MappingFiles: {e.Message}");
        }
    }
}
