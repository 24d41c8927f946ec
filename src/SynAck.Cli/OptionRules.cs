using System.CommandLine;

namespace SynAck.Cli;

/// <summary>Range checks on option values that leave a value of the wrong type to the parser's own error.</summary>
internal static class OptionRules
{
    /// <summary>
    /// Adds a validator that reports <paramref name="message"/> when the option's value fails
    /// <paramref name="isValid"/>. A token that does not convert to <typeparamref name="T"/> (<c>--loss two</c>)
    /// is skipped here: System.CommandLine runs validators before it reports the conversion error,
    /// and reading such a value throws instead of returning it, which would end the verb with a stack trace.
    /// </summary>
    public static void Require<T>(this Option<T> option, Func<T?, bool> isValid, string message)
    {
        option.Validators.Add(result =>
        {
            T? value;
            try
            {
                value = result.GetValueOrDefault<T>();
            }
            catch (InvalidOperationException)
            {
                return;
            }

            if (!isValid(value))
            {
                result.AddError(message);
            }
        });
    }
}
