using SynAck.Cli;

return await SynAckCommand.RunAsync(args, Console.Out, Console.Error, Terminal.FromConsole()).ConfigureAwait(false);
