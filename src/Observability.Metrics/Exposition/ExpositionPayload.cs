using System.IO.Compression;

namespace Observability.Metrics.Exposition;

/// <summary>A finished exposition in pooled buffers, ready to send; dispose it after sending.</summary>
public sealed class ExpositionPayload : IDisposable
{
    private readonly ExpositionWriter _writer;

    internal ExpositionPayload(ExpositionWriter writer, ExpositionFormat format, bool gzip)
    {
        _writer = writer;
        Format = format;
        IsGzip = gzip;
    }

    /// <summary>The format the payload is written in.</summary>
    public ExpositionFormat Format { get; }

    /// <summary>The exact <c>Content-Type</c> for this payload.</summary>
    public string ContentType => ExpositionNegotiator.ContentTypeOf(Format);

    /// <summary>Whether the payload holds gzip bytes (collected with <c>gzip: true</c>); send it with <c>Content-Encoding: gzip</c>.</summary>
    public bool IsGzip { get; }

    /// <summary>Length in bytes as held: compressed when <see cref="IsGzip"/>.</summary>
    public long Length => _writer.Length;

    /// <summary>Writes the payload as held (compressed when <see cref="IsGzip"/>) to <paramref name="destination"/>.</summary>
    public Task WriteToAsync(Stream destination, CancellationToken cancellationToken = default) =>
        _writer.CopyToAsync(destination ?? throw new ArgumentNullException(nameof(destination)), cancellationToken);

    /// <summary>
    /// Writes the payload to <paramref name="destination"/>, gzip-compressed (fastest level) if asked. A
    /// payload collected with gzip is already compressed and can only be written compressed.
    /// </summary>
    public async Task WriteToAsync(Stream destination, bool gzip, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (IsGzip && !gzip)
        {
            throw new InvalidOperationException("This payload was collected gzip-compressed; collect without gzip to send it plain.");
        }

        if (!gzip || IsGzip)
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

    /// <summary>The payload as one array, as held (compressed when <see cref="IsGzip"/>).</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[Length];
        _writer.CopyTo(bytes);
        return bytes;
    }

    /// <inheritdoc />
    public void Dispose() => _writer.Dispose();
}
