namespace SynAck.Cli.Payload;

/// <summary>Checks that a received stream is <see cref="PayloadPattern"/> from offset 0, chunk by chunk.</summary>
internal sealed class PayloadVerifier
{
    private readonly byte[] _expected = new byte[64 * 1024];

    /// <summary>How many bytes were checked.</summary>
    public long Length { get; private set; }

    /// <summary>The offset of the first byte that differed from the pattern, or null while all matched.</summary>
    public long? FirstMismatch { get; private set; }

    /// <summary>Checks the next bytes of the stream.</summary>
    public void Append(ReadOnlySpan<byte> received)
    {
        while (!received.IsEmpty)
        {
            var chunk = received[..Math.Min(received.Length, _expected.Length)];
            if (FirstMismatch is null)
            {
                var expected = _expected.AsSpan(0, chunk.Length);
                PayloadPattern.Fill(Length, expected);
                var differs = chunk.CommonPrefixLength(expected);
                if (differs < chunk.Length)
                {
                    FirstMismatch = Length + differs;
                }
            }

            Length += chunk.Length;
            received = received[chunk.Length..];
        }
    }
}
