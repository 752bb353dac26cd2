using System.IO.Compression;
using System.Net.Http.Headers;
using Observability.Sidecar.Tests.Support;

namespace Observability.Sidecar.Tests.Otlp;

/// <summary>Raw OTLP/HTTP requests to a sidecar, for the framing the SDK exporters do not vary.</summary>
internal static class OtlpHttp
{
    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Otlp", "Fixtures", name);

    public static Task<SidecarResponse> PostFixtureAsync(SidecarProcess sidecar, string path, string fixture) =>
        PostAsync(sidecar, path, File.ReadAllBytes(Fixture(fixture)), "application/json");

    public static Task<SidecarResponse> PostAsync(
        SidecarProcess sidecar, string path, byte[] body, string contentType, bool gzip = false, bool chunked = false)
    {
        var bytes = gzip ? Gzip(body) : body;
        HttpContent content = chunked ? new StreamContent(new MemoryStream(bytes).AsUnknownLength()) : new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (gzip)
        {
            content.Headers.ContentEncoding.Add("gzip");
        }

        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path.TrimStart('/'), UriKind.Relative)) { Content = content };
        if (chunked)
        {
            request.Headers.TransferEncodingChunked = true;
        }

        return sidecar.SendAsync(request);
    }

    public static byte[] Gzip(byte[] body)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(body);
        }

        return output.ToArray();
    }

    /// <summary>The stream without its length, so HttpClient sends it chunked.</summary>
    public static Stream AsUnknownLength(this MemoryStream stream) => new UnknownLengthStream(stream);

    private sealed class UnknownLengthStream(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
