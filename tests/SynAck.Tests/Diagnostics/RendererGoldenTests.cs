using SynAck.Diagnostics;

namespace SynAck.Tests.Diagnostics;

/// <summary>Each renderer over the seed's handshake and wave and over a lost SYN+ACK, against reviewed golden files.</summary>
public class RendererGoldenTests
{
    [Fact]
    public void Ladder_of_the_seed_handshake_and_wave() => Golden.Verify("seed.ladder.txt", LadderDiagram.Render(SeedTraces.HandshakeAndWave()));

    [Fact]
    public void Symbolic_ladder_of_the_seed_handshake_and_wave_writes_x_y_u_v_w()
        => Golden.Verify("seed.symbolic.ladder.txt", LadderDiagram.Render(SeedTraces.HandshakeAndWave(), new DiagramOptions { Symbolic = true }));

    [Fact]
    public void Ascii_ladder_with_windows_and_no_causes()
        => Golden.Verify("seed.ascii.ladder.txt", LadderDiagram.Render(SeedTraces.HandshakeAndWave(), new DiagramOptions { Ascii = true, ShowWindow = true, ShowCauses = false }));

    [Fact]
    public void Coloured_ladder_wraps_states_and_arrows_in_ansi_sequences()
        => Golden.Verify("seed.color.ladder.txt", LadderDiagram.Render(SeedTraces.HandshakeAndWave(), new DiagramOptions { Color = true, Symbolic = true }));

    [Fact]
    public void Ladder_draws_a_lost_segment_ending_in_a_cross_and_marks_the_retransmission()
        => Golden.Verify("lost-synack.ladder.txt", LadderDiagram.Render(SeedTraces.LostSynAck(), new DiagramOptions { Symbolic = true }));

    [Fact]
    public void Json_lines_of_the_seed_handshake_and_wave()
        => Golden.Verify("seed.jsonl", TraceJson.Render(SeedTraces.HandshakeAndWave(), new DiagramOptions { Symbolic = true }));

    [Fact]
    public void Json_lines_of_a_lost_syn_ack()
        => Golden.Verify("lost-synack.jsonl", TraceJson.Render(SeedTraces.LostSynAck()));

    [Fact]
    public void Mermaid_of_the_seed_handshake_and_wave()
        => Golden.Verify("seed.mermaid.txt", MermaidDiagram.Render(SeedTraces.HandshakeAndWave(), new DiagramOptions { Symbolic = true }));

    [Fact]
    public void Mermaid_draws_a_lost_segment_with_a_cross()
        => Golden.Verify("lost-synack.mermaid.txt", MermaidDiagram.Render(SeedTraces.LostSynAck(), new DiagramOptions { Symbolic = true }));
}
