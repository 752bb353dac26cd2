using System.IO.Compression;

namespace Observability.Metrics.Exposition;

/// <summary>A finished exposition in pooled buffers, ready to send; dispose it after sending.</summary>
public sealed class ExpositionPayload : IDisposable
{
    private readonly ExpositionWriter _writer;

    internal ExpositionPayload(ExpositionWriter writer, ExpositionFormat format)
    {
        _writer = writer;
        Format = format;
    }

    /// <summary>The format the payload is written in.</summary>
    public ExpositionFormat Format { get; }

    /// <summary>The exact <c>Content-Type</c> for this payload.</summary>
    public string ContentType => ExpositionNegotiator.ContentTypeOf(Format);

    /// <summary>Length in bytes, uncompressed.</summary>
    public long Length => _writer.Length;

    /// <summary>Writes the payload to <paramref name="destination"/>, gzip-compressed (fastest level) if asked.</summary>
    public async Task WriteToAsync(Stream destination, bool gzip, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (!gzip)
        {
            await _writer.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
            return;
        }

        // Scrapes repeat every few seconds; the fastest level keeps CPU low and still shrinks text ~10x.
        var compressor = new GZipStream(destination, CompressionLevel.Fastest, leaveOpen: true);
        await using (compressor.ConfigureAwait(false))
        {
            await _writer.CopyToAsync(compressor, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The payload as one array.</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[Length];
        _writer.CopyTo(bytes);
        return bytes;
    }

    /// <inheritdoc />
    public void Dispose() => _writer.Dispose();
}
